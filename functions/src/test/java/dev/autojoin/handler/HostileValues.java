package dev.autojoin.handler;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/** Generated strings that have broken services before: traversal, NUL, overlong, odd Unicode, injections. */
final class HostileValues {
    private HostileValues() {}

    /** JSON values of {@code email_verified} that are neither the text "true" nor the boolean true. */
    static final List<String> NOT_TRUE = List.of(
            "\"True\"",
            "\"TRUE\"",
            "\"1\"",
            "\"yes\"",
            "\"\"",
            "\" true\"",
            "\"true \"",
            "\"false\"",
            "1",
            "false",
            "null",
            "[\"true\"]",
            "{}");

    /** Unicode that looks like the value, or hides inside it: direction overrides, zero-widths, look-alikes. */
    static Arbitrary<String> oddUnicode(String real) {
        return Arbitraries.of(
                "\u202e" + real,
                real + "\u200b",
                "\ufeff" + real,
                real + "\u0301",
                real + "\u0000",
                "\u0000",
                fullWidth(real),
                lookAlike(real),
                real.toUpperCase(Locale.ROOT),
                " " + real,
                real + " ",
                real + "\t",
                real + "\r\n",
                "\ud800",
                real + "\udfff",
                "\udbff\udfff",
                "\ud83d\ude00",
                "\ud83d\ude00".repeat(300),
                "\u00e9".repeat(600),
                "\u0000".repeat(40),
                "\u2028",
                "\u0085");
    }

    /** What attackers put in path parameters: traversal, encoded NUL, key separators, injections. */
    static Arbitrary<String> injections(String real) {
        return Arbitraries.of(
                "",
                " ",
                "../",
                "..",
                ".",
                "/",
                "..%2f..%2f",
                "%2e%2e%2f",
                "..\\",
                "a/b",
                "../" + real,
                real + "/../x",
                real + "/",
                "%00",
                real + "%00",
                "COMPANY#x",
                "MEMBER#x",
                real + "#x",
                "#",
                "*",
                "%",
                "'; --",
                "\" OR 1=1 --",
                "{companyId}",
                "null",
                "undefined",
                "${jndi:ldap://example.invalid/a}",
                "<script>alert(1)</script>",
                "%s%n");
    }

    /** Longer than any id, token or domain we issue or accept: 257 bytes up to 5,000 characters. */
    static Arbitrary<String> overlong(String real) {
        return Arbitraries.integers()
                .between(257, 5000)
                .edgeCases(edges -> edges.add(513, 2049))
                .flatMap(n -> Arbitraries.of(
                        "x".repeat(n),
                        real + "a".repeat(n),
                        "\u00e9".repeat(n / 2 + 1),
                        "\ud83d\ude00".repeat(n / 4 + 1)));
    }

    /** Hostile variants of {@code real}, plus random strings of any characters. */
    static Arbitrary<String> hostile(String real) {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, injections(real)),
                net.jqwik.api.Tuple.of(3, oddUnicode(real)),
                net.jqwik.api.Tuple.of(2, overlong(real)),
                net.jqwik.api.Tuple.of(2, Arbitraries.strings().ofMaxLength(300)));
    }

    static String fullWidth(String text) {
        StringBuilder out = new StringBuilder();
        text.chars().forEach(c -> out.append(c > 0x20 && c < 0x7f ? (char) (c - 0x21 + 0xff01) : (char) c));
        return out.toString();
    }

    /** Latin letters swapped for the Cyrillic ones that look the same. */
    static String lookAlike(String text) {
        return text.replace('a', '\u0430')
                .replace('e', '\u0435')
                .replace('o', '\u043e')
                .replace('c', '\u0441')
                .replace('p', '\u0440');
    }

    /** Byte sequences no UTF-8 decoder may accept: stray continuation, overlong, surrogate, out of range, cut. */
    static final List<byte[]> INVALID_UTF8 = List.of(
            new byte[] {(byte) 0x80},
            new byte[] {(byte) 0xC3, 0x28},
            new byte[] {(byte) 0xC0, (byte) 0xAF},
            new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0xAF},
            new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
            new byte[] {(byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80},
            new byte[] {(byte) 0xFE},
            new byte[] {(byte) 0xFF},
            new byte[] {(byte) 0xE2, (byte) 0x82});

    /** {@code ascii} (every body we break is ASCII) with one invalid sequence at {@code at}. */
    static byte[] withInvalidUtf8(String ascii, int at, byte[] invalid) {
        byte[] bytes = ascii.getBytes(StandardCharsets.US_ASCII);
        int cut = Math.min(at, bytes.length);
        byte[] out = new byte[bytes.length + invalid.length];
        System.arraycopy(bytes, 0, out, 0, cut);
        System.arraycopy(invalid, 0, out, cut, invalid.length);
        System.arraycopy(bytes, cut, out, cut + invalid.length, bytes.length - cut);
        return out;
    }

    static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    static String base64url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String base64url(String text) {
        return base64url(text.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] concat(String prefix, byte[] tail) {
        byte[] head = prefix.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[head.length + tail.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(tail, 0, out, head.length, tail.length);
        return out;
    }

    /** {@code ?limit=} values, most of them not a whole number from 1 to 200. */
    static Arbitrary<String> limits() {
        return Arbitraries.oneOf(
                Arbitraries.of(
                        "-1",
                        "0",
                        "201",
                        "99999",
                        "abc",
                        "",
                        "1.5",
                        "1e2",
                        " 5",
                        "5 ",
                        "0x10",
                        "2147483648",
                        "-2147483649",
                        "99999999999999999999",
                        "5,6",
                        "NaN",
                        "\u0000",
                        "\u0665\u0665\u0665",
                        "\uff19\uff19\uff19",
                        "50%00"),
                Arbitraries.integers().map(Object::toString),
                Arbitraries.strings().ofMaxLength(20));
    }

    /** {@code ?cursor=} values: garbage, and cursors tampered with to leave the list or break the key. */
    static Arbitrary<String> cursors(String prefix) {
        List<String> tampered = new ArrayList<>();
        for (String other : List.of("AUDIT#", "MEMBER#", "INVITE#", "REQUEST#", "PROFILE", "CLAIM", "RATE#")) {
            if (!other.equals(prefix)) {
                tampered.add(base64url(other + "x"));
            }
        }
        tampered.add(base64url(prefix.toLowerCase(Locale.ROOT) + "x"));
        tampered.add(base64url(" " + prefix + "x"));
        tampered.add(base64url("x" + prefix));
        tampered.add(base64url(prefix.substring(0, prefix.length() - 1)));
        // Within the list's prefix but past DynamoDB's 1,024-byte sort key: short in characters, long in bytes.
        tampered.add(base64url(prefix + "\u00e9".repeat(600)));
        tampered.add(base64url(prefix + "\ud83d\ude00".repeat(300)));
        tampered.add(base64url(prefix + "x".repeat(1100)));
        // Within the prefix, but bytes no cursor of ours holds: invalid UTF-8.
        tampered.add(base64url(concat(prefix, new byte[] {(byte) 0xFF, (byte) 0xFE})));
        tampered.add(base64url(concat(prefix, new byte[] {(byte) 0xC3})));
        // The standard alphabet and padding, where ours is base64url without padding.
        tampered.add(base64(concat(prefix, new byte[] {(byte) 0xFB, (byte) 0xFF, (byte) 0xBF})));
        return Arbitraries.oneOf(
                Arbitraries.of(tampered),
                Arbitraries.of(
                        "garbage",
                        "!!!",
                        "%%%",
                        "a",
                        "==",
                        "\u0000",
                        "null",
                        "eyJ9",
                        "....",
                        prefix + "x",
                        base64url(prefix + "x") + "!"),
                Arbitraries.strings().ofMinLength(1).ofMaxLength(60),
                Arbitraries.strings().withCharRange('A', 'z').ofMinLength(1).ofMaxLength(60));
    }

    /** {@code ?email=} values of discovery: mostly not an address our strict parser accepts. */
    static Arbitrary<String> emails() {
        return Arbitraries.oneOf(
                Arbitraries.of(
                        "",
                        " ",
                        "x",
                        "a@",
                        "@hostile-co.com",
                        "a@hostile-co",
                        "a@@hostile-co.com",
                        "a b@hostile-co.com",
                        "\"a\"@hostile-co.com",
                        "a@hostile-co.com\r\nBcc: x@hostile-co.com",
                        "a@[127.0.0.1]",
                        "a@-hostile.com",
                        "a@hostile..com",
                        "\u00e4@hostile-co.com",
                        "a@h\u00f6stile.com",
                        "a(comment)@hostile-co.com",
                        "x".repeat(300) + "@hostile-co.com",
                        "a@hostile-co.com\u0000",
                        "a@hostile-co.com.",
                        "a@" + "b.".repeat(200) + "com",
                        "%61@hostile-co.com",
                        "a@hostile-co.com,b@hostile-co.com"),
                Arbitraries.strings().ofMaxLength(80),
                Arbitraries.strings().ofMaxLength(20).map(s -> s + "@hostile-co.com"));
    }

    /** {@code If-Match} values: garbled, or naming a version that is not the current one. */
    static Arbitrary<String> ifMatches() {
        return Arbitraries.oneOf(
                Arbitraries.of(
                        "",
                        "abc",
                        "\"abc\"",
                        "W/",
                        "W/\"\"",
                        "\"\"",
                        "*",
                        "\"1",
                        "1\"",
                        "\"1\", \"2\"",
                        "\u0000",
                        "99999999999999999999",
                        "0x1",
                        "1.0",
                        "-\"1\"",
                        "w/\"1\"",
                        "W/ \"1\"",
                        "\"\u0661\"",
                        "\"+1\"",
                        "\"\"1\"\"",
                        "\"" + Long.MAX_VALUE + "\"",
                        "\"" + Long.MIN_VALUE + "\""),
                Arbitraries.longs().map(v -> "\"" + v + "\""),
                Arbitraries.strings().ofMaxLength(30));
    }

    /** A value as a failure message shows it: cut to 120 characters, control characters and surrogates escaped. */
    static String shown(String text) {
        if (text == null) {
            return "null";
        }
        String shown = text.length() > 120 ? text.substring(0, 120) + "…(" + text.length() + " chars)" : text;
        StringBuilder out = new StringBuilder();
        shown.chars()
                .forEach(c -> out.append(
                        c < 0x20 || (c >= 0x7f && c < 0xa0) || Character.isSurrogate((char) c)
                                ? String.format("\\u%04x", c)
                                : String.valueOf((char) c)));
        return out.toString();
    }
}
