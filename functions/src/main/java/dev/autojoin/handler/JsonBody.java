package dev.autojoin.handler;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.autojoin.domain.DomainClaim;
import dev.autojoin.domain.InvalidInputException;
import dev.autojoin.domain.TeamPermission;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A JSON object body read strictly: known fields only, each of the right type. */
final class JsonBody {
    private final JsonNode root;
    /** Where this object sits in the body, for error fields: "" for the body, "invites[2]." for an element. */
    private final String path;

    private JsonBody(JsonNode root, String path) {
        this.root = root;
        this.path = path;
    }

    static JsonBody of(ApiRequest request, Set<String> allowedFields) {
        String text = request.bodyText();
        if (text.isBlank()) {
            throw new InvalidInputException("missing_body", "This call needs a JSON object body.", null);
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("malformed_json", "The body is not valid JSON.", null);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidInputException("malformed_json", "The body must be a JSON object.", null);
        }
        return strict(root, "", allowedFields);
    }

    /** {@link #of} for a route whose body is optional: no body reads as an empty object. */
    static JsonBody ofOptional(ApiRequest request, Set<String> allowedFields) {
        return request.bodyText().isBlank()
                ? new JsonBody(Json.MAPPER.createObjectNode(), "")
                : of(request, allowedFields);
    }

    /**
     * Optional team places: an object of at most {@link DomainClaim#MAX_DEFAULT_TEAMS} team ids, each an array of team
     * flags ({@code {"<teamId>": ["post_jobs"]}}), as a domain's default teams, an invitation and an approval name them.
     */
    Optional<Map<String, Set<TeamPermission>>> optionalTeams(String field) {
        return optionalStringLists(field, DomainClaim.MAX_DEFAULT_TEAMS, TeamPermission.values().length)
                .map(raw -> {
                    Map<String, Set<TeamPermission>> out = new java.util.TreeMap<>();
                    raw.forEach((team, flags) -> out.put(team, TeamPermission.parseAll(flags)));
                    return out;
                });
    }

    private static JsonBody strict(JsonNode object, String path, Set<String> allowedFields) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowedFields.contains(name)) {
                throw new InvalidInputException("unknown_field", "Unknown field.", path + name);
            }
        }
        return new JsonBody(object, path);
    }

    /** A required array of 1 to {@code max} objects, each read as strictly as a body. */
    List<JsonBody> requiredObjects(String field, int max, Set<String> allowedFields) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            throw new InvalidInputException("missing_field", path + field + " is required.", path + field);
        }
        if (!value.isArray() || value.isEmpty() || value.size() > max) {
            throw new InvalidInputException(
                    "invalid_field", path + field + " must be an array of 1 to " + max + " objects.", path + field);
        }
        List<JsonBody> out = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            String element = path + field + "[" + i + "]";
            if (!value.get(i).isObject()) {
                throw new InvalidInputException("invalid_field", element + " must be an object.", element);
            }
            out.add(strict(value.get(i), element + ".", allowedFields));
        }
        return out;
    }

    String requiredString(String field) {
        return optionalString(field)
                .orElseThrow(
                        () -> new InvalidInputException("missing_field", path + field + " is required.", path + field));
    }

    Optional<String> optionalString(String field) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new InvalidInputException("invalid_field", path + field + " must be a string.", path + field);
        }
        // JSON can escape half a surrogate pair: that is no text, and no store or email should carry it.
        if (!wellFormed(value.asText())) {
            throw new InvalidInputException("invalid_field", path + field + " is not valid Unicode.", path + field);
        }
        return Optional.of(value.asText());
    }

    /** Whether {@code text} is Unicode: JSON can escape half a surrogate pair, which is no text. */
    static boolean wellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isHighSurrogate(text.charAt(i))
                    && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    Optional<Boolean> optionalBoolean(String field) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isBoolean()) {
            throw new InvalidInputException("invalid_field", path + field + " must be true or false.", path + field);
        }
        return Optional.of(value.asBoolean());
    }

    Optional<List<String>> optionalStrings(String field, int max) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isArray() || value.size() > max) {
            throw new InvalidInputException(
                    "invalid_field", path + field + " must be an array of at most " + max + " strings.", path + field);
        }
        List<String> out = new ArrayList<>();
        for (JsonNode element : value) {
            if (!element.isTextual()) {
                throw new InvalidInputException(
                        "invalid_field", path + field + " must hold only strings.", path + field);
            }
            out.add(element.asText());
        }
        return Optional.of(out);
    }

    Optional<Integer> optionalInt(String field) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new InvalidInputException("invalid_field", field + " must be a whole number.", field);
        }
        return Optional.of(value.intValue());
    }

    /**
     * An optional object of at most {@code maxEntries} members, each an array of at most {@code maxList} strings
     * ({@code {"<teamId>": ["post_jobs"]}}); the names are path-safe ids of 1 to 64 characters.
     */
    Optional<Map<String, List<String>>> optionalStringLists(String field, int maxEntries, int maxList) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isObject() || value.size() > maxEntries) {
            throw new InvalidInputException(
                    "invalid_field",
                    path + field + " must be an object of at most " + maxEntries + " members.",
                    path + field);
        }
        Map<String, List<String>> out = new java.util.LinkedHashMap<>();
        JsonBody members = new JsonBody(value, path + field + ".");
        var names = value.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (name.isEmpty() || name.length() > 64 || !name.matches("[A-Za-z0-9_-]+")) {
                throw new InvalidInputException("invalid_field", path + field + " names an unknown id.", path + field);
            }
            out.put(
                    name,
                    members.optionalStrings(name, maxList)
                            .orElseThrow(() -> new InvalidInputException(
                                    "invalid_field",
                                    path + field + "." + name + " must be an array of strings.",
                                    path + field)));
        }
        return Optional.of(out);
    }
}
