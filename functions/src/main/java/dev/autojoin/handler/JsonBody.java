package dev.autojoin.handler;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.autojoin.domain.InvalidInputException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A JSON object body read strictly: known fields only, each of the right type. */
final class JsonBody {
    private final JsonNode root;

    private JsonBody(JsonNode root) {
        this.root = root;
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
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowedFields.contains(name)) {
                throw new InvalidInputException("unknown_field", "Unknown field.", name);
            }
        }
        return new JsonBody(root);
    }

    String requiredString(String field) {
        return optionalString(field)
                .orElseThrow(() -> new InvalidInputException("missing_field", field + " is required.", field));
    }

    Optional<String> optionalString(String field) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new InvalidInputException("invalid_field", field + " must be a string.", field);
        }
        return Optional.of(value.asText());
    }

    Optional<Boolean> optionalBoolean(String field) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isBoolean()) {
            throw new InvalidInputException("invalid_field", field + " must be true or false.", field);
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
                    "invalid_field", field + " must be an array of at most " + max + " strings.", field);
        }
        List<String> out = new ArrayList<>();
        for (JsonNode element : value) {
            if (!element.isTextual()) {
                throw new InvalidInputException("invalid_field", field + " must hold only strings.", field);
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
}
