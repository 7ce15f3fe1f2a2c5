package dev.autojoin.handler;

import static dev.autojoin.handler.HostileRoutes.object;
import static dev.autojoin.handler.HostileRoutes.quoted;
import static dev.autojoin.handler.HostileRoutes.valid;
import static dev.autojoin.handler.HostileRoutes.wellFormed;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.autojoin.handler.HostileRoutes.Entries;
import dev.autojoin.handler.HostileRoutes.Field;
import dev.autojoin.handler.HostileRoutes.Kind;
import dev.autojoin.handler.HostileRoutes.Member;
import dev.autojoin.handler.HostileRoutes.Route;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * A route's valid body broken in exactly one way: malformed JSON, a value of the wrong type, an unknown, missing or
 * duplicated field, deep nesting, a value the product refuses, invalid UTF-8, a lone surrogate, broken or undeclared
 * base64; in an object map, a key or a value the product refuses, too many entries, a duplicated key, a deep value.
 * The flaw may sit at the top or inside an element of an array of objects; text flaws go plain or base64.
 */
final class HostileBodies {
    private HostileBodies() {}

    /** What goes in the event's body: text, or base64 that says so. */
    record Body(String text, boolean base64) {
        static Body plain(String text) {
            return new Body(text, false);
        }

        static Body base64(byte[] bytes) {
            return new Body(HostileValues.base64(bytes), true);
        }

        @Override
        public String toString() {
            return (base64 ? "base64 " : "") + HostileValues.shown(text);
        }
    }

    /** A broken body and what is wrong with it. */
    record Broken(String flaw, Body body) {}

    /** Every way this module breaks the route's body, each a generator. */
    static List<Arbitrary<Broken>> of(Route route) {
        String valid = route.validBody();
        List<Field> fields = route.body();
        List<Arbitrary<Broken>> flaws = new ArrayList<>();
        // Where no body at all is a valid request, an empty one is too: it is no flaw.
        flaws.add(sent("malformed_json", malformed(valid).filter(text -> !(route.optionalBody() && text.isBlank()))));
        anywhere(fields, HostileBodies::wrongType).ifPresent(a -> flaws.add(sent("wrong_type", a)));
        anywhere(fields, HostileBodies::unknownField).ifPresent(a -> flaws.add(sent("unknown_field", a)));
        anywhere(fields, HostileBodies::missingField).ifPresent(a -> flaws.add(sent("missing_field", a)));
        anywhere(fields, HostileBodies::duplicateKey).ifPresent(a -> flaws.add(sent("duplicate_key", a)));
        anywhere(fields, HostileBodies::oddValue).ifPresent(a -> flaws.add(sent("odd_value", a)));
        flaws.addAll(inMaps(route));
        Arbitrary<String> deepBody =
                depths().flatMap(depth -> Arbitraries.of(nestedArrays(depth), nestedObjects(depth)));
        flaws.add(sent(
                "deep_nesting",
                anywhere(fields, HostileBodies::deepValue)
                        .map(inField -> Arbitraries.oneOf(inField, deepBody))
                        .orElse(deepBody)));
        flaws.add(Combinators.combine(
                        Arbitraries.integers().between(0, valid.length()), Arbitraries.of(HostileValues.INVALID_UTF8))
                .as((at, bytes) ->
                        new Broken("invalid_utf8", Body.base64(HostileValues.withInvalidUtf8(valid, at, bytes)))));
        // A lone surrogate has no UTF-8 form: the event carries it as a JSON escape.
        flaws.add(Combinators.combine(
                        Arbitraries.integers().between(0, valid.length()),
                        Arbitraries.chars().range('\ud800', '\udfff'))
                .as((at, c) -> new Broken(
                        "unpaired_surrogate", Body.plain(valid.substring(0, at) + c + valid.substring(at)))));
        String encoded = HostileValues.base64(valid.getBytes(StandardCharsets.UTF_8));
        flaws.add(Combinators.combine(
                        Arbitraries.integers().between(0, encoded.length()),
                        Arbitraries.of('-', '_', ' ', '\n', '*', '.', '%', '\u00e9', '"'))
                .as((at, c) -> new Broken(
                        "invalid_base64", new Body(encoded.substring(0, at) + c + encoded.substring(at), true))));
        flaws.add(Arbitraries.just(new Broken("undeclared_base64", Body.plain(encoded))));
        return flaws;
    }

    /** The ways this module breaks the object maps of the route's body (none if it holds no map). */
    static List<Arbitrary<Broken>> inMaps(Route route) {
        List<Field> fields = route.body();
        List<Arbitrary<Broken>> flaws = new ArrayList<>();
        anywhere(fields, HostileBodies::oddKey).ifPresent(a -> flaws.add(sent("map_key", a)));
        anywhere(fields, HostileBodies::oddEntryValue).ifPresent(a -> flaws.add(sent("map_value", a)));
        anywhere(fields, HostileBodies::tooManyEntries).ifPresent(a -> flaws.add(sent("map_too_many", a)));
        anywhere(fields, HostileBodies::duplicateEntry).ifPresent(a -> flaws.add(sent("map_duplicate_key", a)));
        anywhere(fields, HostileBodies::deepEntryValue).ifPresent(a -> flaws.add(sent("map_deep_value", a)));
        keyWithInvalidUtf8(route.validBody(), fields).ifPresent(flaws::add);
        return flaws;
    }

    /** Whether the route's body holds an object map, at the top or in the elements of an array of objects. */
    static boolean holdsMap(Route route) {
        return route.body().stream()
                .anyMatch(f -> f.kind() == Kind.MAP || f.elements().stream().anyMatch(e -> e.kind() == Kind.MAP));
    }

    /** The text, sent as it is or base64-encoded (only well-formed text has UTF-8 bytes to encode). */
    private static Arbitrary<Broken> sent(String flaw, Arbitrary<String> texts) {
        return Combinators.combine(texts, Arbitraries.of(false, true))
                .as((text, base64) -> new Broken(
                        flaw,
                        base64 && wellFormed(text)
                                ? Body.base64(text.getBytes(StandardCharsets.UTF_8))
                                : Body.plain(text)));
    }

    /** The body with {@code mutate} applied at the top level, or inside the first element of an array of objects. */
    private static Optional<Arbitrary<String>> anywhere(
            List<Field> top, Function<List<Field>, Optional<Arbitrary<List<Member>>>> mutate) {
        List<Arbitrary<String>> options = new ArrayList<>();
        mutate.apply(top).ifPresent(a -> options.add(a.map(HostileRoutes::object)));
        for (Field field : top) {
            if (field.kind() == Kind.OBJECTS) {
                mutate.apply(field.elements())
                        .ifPresent(a -> options.add(a.map(
                                element -> object(replaced(valid(top), field.name(), "[" + object(element) + "]")))));
            }
        }
        return options.isEmpty() ? Optional.empty() : Optional.of(Arbitraries.oneOf(options));
    }

    /** Malformed JSON: cut short, a structural character dropped, junk around it, JavaScript leniencies, noise. */
    private static Arbitrary<String> malformed(String valid) {
        List<Integer> structural = new ArrayList<>();
        for (int i = 0; i < valid.length(); i++) {
            if ("{}[]:,\"".indexOf(valid.charAt(i)) >= 0) {
                structural.add(i);
            }
        }
        Arbitrary<String> truncated =
                Arbitraries.integers().between(0, valid.length() - 1).map(n -> valid.substring(0, n));
        Arbitrary<String> dropped = Arbitraries.of(structural).map(i -> valid.substring(0, i) + valid.substring(i + 1));
        Arbitrary<String> trailing = Arbitraries.of("}", "]", ",", "x", "{}", "null", "\"a\"", "//", "/*x*/", "#", ";")
                .map(junk -> valid + junk);
        Arbitrary<String> leading = Arbitraries.of("x", ",", "\ufeff", ")]}'\n", "callback(", "//\n", "[", "\u0000")
                .map(junk -> junk + valid);
        Arbitrary<String> lenient = Arbitraries.of(
                valid.replace('"', '\''),
                valid.replaceFirst("\\{\"(\\w+)\"", "{$1"),
                valid.substring(0, valid.length() - 1) + ",}",
                valid.replaceFirst(":", ":/*c*/"),
                valid.replaceFirst(":(\"[^\"]*\"|\\w+|\\[[^]]*])", ":NaN"),
                valid.replaceFirst(":(\"[^\"]*\"|\\w+|\\[[^]]*])", ":undefined"));
        Arbitrary<String> noise = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(500),
                Arbitraries.of("", " ", "\n", "null", "[]", "\"x\"", "1", "true", "[{}]", "1e999999", "\"\\ud800\""));
        return Arbitraries.oneOf(truncated, dropped, trailing, leading, lenient, noise)
                .filter(text -> !isJsonObject(text));
    }

    /** JSON of every kind, for values of the wrong type, unknown fields and duplicates. */
    private static final List<String> JSON_VALUES = List.of(
            "\"text\"",
            "\"\"",
            "0",
            "-1",
            "7",
            "1.5",
            "-0.0",
            "1e400",
            "123456789012345678901234567890",
            "true",
            "false",
            "[]",
            "[\"post_jobs\"]",
            "[1]",
            "[null]",
            "[[]]",
            "[{}]",
            "{}",
            "{\"email\":\"a@hostile-co.com\"}",
            "null");

    private static Optional<Arbitrary<List<Member>>> wrongType(List<Field> fields) {
        return Optional.of(Arbitraries.of(fields).flatMap(f -> Arbitraries.of(
                        JSON_VALUES.stream().filter(v -> !fits(f, v)).collect(Collectors.toList()))
                .map(v -> replaced(valid(fields), f.name(), v))));
    }

    private static Optional<Arbitrary<List<Member>>> unknownField(List<Field> fields) {
        Set<String> known = fields.stream().map(Field::name).collect(Collectors.toSet());
        List<String> near = new ArrayList<>();
        for (String name : known) {
            near.addAll(List.of(
                    name.toUpperCase(Locale.ROOT),
                    " " + name,
                    name + " ",
                    HostileValues.lookAlike(name),
                    name + "\u0000",
                    name + "\u200b",
                    HostileValues.fullWidth(name)));
        }
        Arbitrary<String> names = Arbitraries.oneOf(
                        Arbitraries.of(
                                "x",
                                "__proto__",
                                "constructor",
                                "prototype",
                                "$where",
                                "",
                                " ",
                                "id",
                                "companyId",
                                "sub",
                                "email_verified",
                                "userId",
                                "version",
                                "owner",
                                "caller"),
                        Arbitraries.of(near),
                        Arbitraries.strings().ofMaxLength(20))
                .filter(name -> !known.contains(name));
        return Optional.of(Combinators.combine(
                        names,
                        Arbitraries.of(JSON_VALUES),
                        Arbitraries.integers().between(0, fields.size()))
                .as((name, value, at) -> inserted(valid(fields), at, new Member(name, value))));
    }

    private static Optional<Arbitrary<List<Member>>> missingField(List<Field> fields) {
        List<Field> required = fields.stream().filter(Field::required).collect(Collectors.toList());
        if (required.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Combinators.combine(Arbitraries.of(required), Arbitraries.of(true, false))
                .as((f, drop) -> drop ? without(valid(fields), f.name()) : replaced(valid(fields), f.name(), "null")));
    }

    private static Optional<Arbitrary<List<Member>>> duplicateKey(List<Field> fields) {
        return Optional.of(Arbitraries.of(fields).flatMap(f -> Combinators.combine(
                        Arbitraries.oneOf(Arbitraries.just(f.validJson()), Arbitraries.of(JSON_VALUES)),
                        Arbitraries.integers().between(0, fields.size()))
                .as((value, at) -> inserted(valid(fields), at, new Member(f.name(), value)))));
    }

    private static Optional<Arbitrary<List<Member>>> deepValue(List<Field> fields) {
        return Optional.of(Combinators.combine(Arbitraries.of(fields), depths(), Arbitraries.of(true, false))
                .as((f, depth, arrays) ->
                        replaced(valid(fields), f.name(), arrays ? nestedArrays(depth) : nestedObjects(depth))));
    }

    /** Values the product refuses for the field (odd Unicode, traversal, overlong, out of range). */
    private static Optional<Arbitrary<List<Member>>> oddValue(List<Field> fields) {
        List<Field> testable = fields.stream().filter(f -> f.accepts() != null).collect(Collectors.toList());
        if (testable.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(
                Arbitraries.of(testable).flatMap(f -> oddJson(f).map(json -> replaced(valid(fields), f.name(), json))));
    }

    // ---- Object maps ({@code additionalProperties}): every flaw keeps the map's other entries valid.

    private static List<Field> maps(List<Field> fields) {
        return fields.stream().filter(f -> f.kind() == Kind.MAP).collect(Collectors.toList());
    }

    /** The map fields' flaws, each a generator of the map's JSON; none where the fields hold no map. */
    private static Optional<Arbitrary<List<Member>>> inEachMap(
            List<Field> fields, Function<Field, Arbitrary<String>> brokenMap) {
        List<Field> maps = maps(fields);
        if (maps.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Arbitraries.of(maps)
                .flatMap(f -> brokenMap.apply(f).map(json -> replaced(valid(fields), f.name(), json))));
    }

    /** The map with its valid entry and one more, or that one alone. */
    private static Arbitrary<String> withEntry(Entries entries, Arbitrary<String> keyJson, Arbitrary<String> value) {
        String validEntry = quoted(entries.validKey()) + ":" + entries.value().validJson();
        return Combinators.combine(keyJson, value, Arbitraries.of(true, false))
                .as((key, json, alone) -> "{" + (alone ? "" : validEntry + ",") + key + ":" + json + "}");
    }

    /** Keys the product does not take: empty, overlong, control characters, odd Unicode, ids of no active team. */
    private static Optional<Arbitrary<List<Member>>> oddKey(List<Field> fields) {
        return inEachMap(fields, f -> {
            Entries entries = f.entries();
            String real = entries.validKey();
            List<String> unknown = new ArrayList<>(List.of(
                    "",
                    " ",
                    "x",
                    "nope",
                    "General",
                    "x".repeat(64),
                    "x".repeat(65),
                    real.toUpperCase(Locale.ROOT),
                    real + "\u0000",
                    real + "\n",
                    "\t" + real,
                    real + "\u007f",
                    real + "\u001b[31m",
                    "\u0000",
                    real + "/",
                    "TEAM#" + real,
                    "__proto__",
                    "constructor"));
            unknown.addAll(entries.refusedKeys());
            Arbitrary<String> keys = Arbitraries.oneOf(
                            Arbitraries.of(unknown),
                            HostileValues.hostile(real),
                            Arbitraries.strings().withCharRange('a', 'z').ofLength(real.length()),
                            Arbitraries.strings().ofMaxLength(80))
                    .filter(key -> !(entries.keys().test(key) && wellFormed(key)));
            Arbitrary<String> keyJson = Combinators.combine(keys, Arbitraries.of(true, false))
                    .as((key, ascii) -> ascii ? asciiQuoted(key) : quoted(key));
            return withEntry(entries, keyJson, Arbitraries.just(entries.value().validJson()));
        });
    }

    /** Values of the wrong type (a string, numbers, null, an object) or with a flag the product refuses. */
    private static Optional<Arbitrary<List<Member>>> oddEntryValue(List<Field> fields) {
        return inEachMap(fields, f -> {
            Field value = f.entries().value();
            Arbitrary<String> wrongType = Arbitraries.of(
                    JSON_VALUES.stream().filter(v -> !fits(value, v)).collect(Collectors.toList()));
            Arbitrary<String> refused = Arbitraries.of(
                    "[\"POST_JOBS\"]",
                    "[\"post_jobs \"]",
                    "[\"manage_members\"]",
                    "[\"owner\"]",
                    "[\"post_jobs\",1]",
                    "[1,2]",
                    "[true]",
                    "[\"post_jobs\",null]",
                    "[{\"post_jobs\":true}]",
                    "[\"post_jobs\",\"hire\",\"view_spending\",\"team_admin\",\"post_jobs\"]");
            return Arbitraries.oneOf(
                    withEntry(f.entries(), Arbitraries.just(quoted(f.entries().validKey())), wrongType),
                    Arbitraries.oneOf(refused, oddJson(value))
                            .map(json -> object(List.of(new Member(f.entries().validKey(), json)))));
        });
    }

    /** More entries than the map may hold, every key distinct and well formed. */
    private static Optional<Arbitrary<List<Member>>> tooManyEntries(List<Field> fields) {
        return inEachMap(fields, f -> {
            Entries entries = f.entries();
            return Arbitraries.integers()
                    .between(entries.max() + 1, entries.max() * 20)
                    .edgeCases(edges -> edges.add(entries.max() + 1))
                    .map(n -> {
                        List<Member> members = new ArrayList<>();
                        members.add(
                                new Member(entries.validKey(), entries.value().validJson()));
                        for (int i = 1; i < n; i++) {
                            members.add(new Member(entries.validKey() + "-" + i, "[]"));
                        }
                        return object(members);
                    });
        });
    }

    /** The valid key twice, with the same value or another (duplicates are refused, not merged). */
    private static Optional<Arbitrary<List<Member>>> duplicateEntry(List<Field> fields) {
        return inEachMap(fields, f -> {
            Entries entries = f.entries();
            String first = quoted(entries.validKey()) + ":" + entries.value().validJson();
            return Combinators.combine(
                            Arbitraries.of(entries.value().validJson(), "[]", "[\"hire\"]", "null", "{}"),
                            Arbitraries.of(true, false))
                    .as((second, after) -> {
                        String again = quoted(entries.validKey()) + ":" + second;
                        return "{" + (after ? first + "," + again : again + "," + first) + "}";
                    });
        });
    }

    /** A value nested deep, in arrays or objects. */
    private static Optional<Arbitrary<List<Member>>> deepEntryValue(List<Field> fields) {
        return inEachMap(
                fields,
                f -> withEntry(
                        f.entries(),
                        Arbitraries.just(quoted(f.entries().validKey())),
                        depths().flatMap(depth -> Arbitraries.of(nestedArrays(depth), nestedObjects(depth)))));
    }

    /**
     * Invalid UTF-8 inside a map's valid key, sent as base64 (the only way such bytes reach us); the key is found in
     * the valid body, where it occurs once.
     */
    private static Optional<Arbitrary<Broken>> keyWithInvalidUtf8(String valid, List<Field> fields) {
        List<Integer> starts = new ArrayList<>();
        List<Field> all = new ArrayList<>(maps(fields));
        fields.stream().filter(f -> f.kind() == Kind.OBJECTS).forEach(f -> all.addAll(maps(f.elements())));
        for (Field map : all) {
            String key = quoted(map.entries().validKey()) + ":";
            int at = valid.indexOf(key);
            if (at >= 0) {
                for (int i = 1; i < key.length() - 1; i++) {
                    starts.add(at + i);
                }
            }
        }
        if (starts.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Combinators.combine(Arbitraries.of(starts), Arbitraries.of(HostileValues.INVALID_UTF8))
                .as((at, bytes) -> new Broken(
                        "map_key_invalid_utf8", Body.base64(HostileValues.withInvalidUtf8(valid, at, bytes)))));
    }

    private static final ObjectWriter ASCII = Json.MAPPER.writer().with(JsonWriteFeature.ESCAPE_NON_ASCII);

    private static Arbitrary<String> oddJson(Field f) {
        if (f.kind() == Kind.INT) {
            return Arbitraries.integers()
                    .edgeCases(edges -> edges.add(0, 31, -1))
                    .filter(i -> !f.accepts().test(Integer.toString(i)))
                    .map(i -> Integer.toString(i));
        }
        JsonNode valid = TestStack.read(f.valid().getBytes(StandardCharsets.UTF_8));
        String real = f.kind() == Kind.STRINGS ? valid.get(0).asText() : valid.asText();
        Arbitrary<String> refused =
                HostileValues.hostile(real).filter(v -> !(f.accepts().test(v) && wellFormed(v)));
        return Combinators.combine(refused, Arbitraries.of(true, false), Arbitraries.of(true, false))
                .as((value, ascii, alone) -> {
                    String json = ascii ? asciiQuoted(value) : quoted(value);
                    if (f.kind() != Kind.STRINGS) {
                        return json;
                    }
                    return alone ? "[" + json + "]" : "[" + quoted(real) + "," + json + "]";
                });
    }

    private static String asciiQuoted(String value) {
        try {
            return ASCII.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Arbitrary<Integer> depths() {
        return Arbitraries.integers().between(2, 3000).edgeCases(edges -> edges.add(31, 32, 33));
    }

    private static String nestedArrays(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    private static String nestedObjects(int depth) {
        return "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
    }

    /** Whether {@code json} is a value of the field's type (null only where the field may be left out). */
    private static boolean fits(Field f, String json) {
        JsonNode value = TestStack.read(json.getBytes(StandardCharsets.UTF_8));
        if (value.isNull()) {
            return !f.required();
        }
        switch (f.kind()) {
            case STRING:
                return value.isTextual();
            case BOOLEAN:
                return value.isBoolean();
            case INT:
                return value.isIntegralNumber() && value.canConvertToInt();
            case STRINGS:
                return value.isArray()
                        && StreamSupport.stream(value.spliterator(), false).allMatch(JsonNode::isTextual);
            case MAP:
                return value.isObject()
                        && StreamSupport.stream(value.spliterator(), false)
                                .allMatch(v -> v.isArray()
                                        && StreamSupport.stream(v.spliterator(), false)
                                                .allMatch(JsonNode::isTextual));
            default:
                return value.isArray()
                        && StreamSupport.stream(value.spliterator(), false).allMatch(JsonNode::isObject);
        }
    }

    private static boolean isJsonObject(String text) {
        try {
            JsonNode node = Json.MAPPER.readTree(text);
            return node != null && node.isObject();
        } catch (IOException e) {
            return false;
        }
    }

    private static List<Member> replaced(List<Member> members, String name, String json) {
        return members.stream()
                .map(m -> m.name().equals(name) ? new Member(name, json) : m)
                .collect(Collectors.toList());
    }

    private static List<Member> without(List<Member> members, String name) {
        return members.stream().filter(m -> !m.name().equals(name)).collect(Collectors.toList());
    }

    private static List<Member> inserted(List<Member> members, int at, Member member) {
        List<Member> out = new ArrayList<>(members);
        out.add(Math.min(at, out.size()), member);
        return out;
    }
}
