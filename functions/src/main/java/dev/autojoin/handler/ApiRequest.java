package dev.autojoin.handler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autojoin.domain.Caller;
import dev.autojoin.domain.EmailAddress;
import dev.autojoin.domain.InvalidEmailException;
import dev.autojoin.domain.InvalidInputException;
import dev.autojoin.domain.PayloadTooLargeException;
import dev.autojoin.domain.UnauthenticatedException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** An API Gateway HTTP API (payload 2.0) request, read strictly. */
final class ApiRequest {
    static final int MAX_BODY_BYTES = 64 * 1024;
    /** Longer than any id, token or domain we issue or accept, and short enough for any DynamoDB key built on it. */
    static final int MAX_PATH_PARAMETER_BYTES = 512;

    private final JsonNode event;

    ApiRequest(JsonNode event) {
        this.event = event;
    }

    String routeKey() {
        return event.path("routeKey").asText("");
    }

    String requestId() {
        return event.path("requestContext").path("requestId").asText("-");
    }

    String pathParameter(String name) {
        JsonNode value = event.path("pathParameters").path(name);
        if (!value.isTextual() || value.asText().isEmpty()) {
            throw new InvalidInputException("invalid_path", "Missing path parameter " + name + ".", name);
        }
        // DynamoDB refuses a key over 1,024 bytes (we would answer 503): an overlong parameter is bad input.
        byte[] utf8 = strictUtf8(value.asText())
                .orElseThrow(() -> new InvalidInputException("invalid_path", name + " is not valid Unicode.", name));
        if (utf8.length > MAX_PATH_PARAMETER_BYTES) {
            throw new InvalidInputException("invalid_path", name + " is too long.", name);
        }
        return value.asText();
    }

    /** The client's address as API Gateway saw it. */
    Optional<String> sourceIp() {
        JsonNode ip = event.path("requestContext").path("http").path("sourceIp");
        return ip.isTextual() && !ip.asText().isBlank() ? Optional.of(ip.asText()) : Optional.empty();
    }

    Optional<String> query(String name) {
        JsonNode value = event.path("queryStringParameters").path(name);
        return value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
    }

    /** Header names arrive lower-cased in payload 2.0. */
    Optional<String> header(String name) {
        JsonNode value = event.path("headers").path(name);
        return value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
    }

    /** The raw body bytes; base64 bodies are decoded. Bodies larger than any honest request are refused. */
    byte[] bodyBytes() {
        JsonNode body = event.path("body");
        if (!body.isTextual()) {
            return new byte[0];
        }
        byte[] bytes;
        if (event.path("isBase64Encoded").asBoolean(false)) {
            try {
                bytes = Base64.getDecoder().decode(body.asText());
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("malformed_body", "The body is not valid base64.", null);
            }
        } else {
            // A lone surrogate has no UTF-8 form: refused, never replaced by '?'.
            bytes = strictUtf8(body.asText())
                    .orElseThrow(
                            () -> new InvalidInputException("malformed_body", "The body is not valid UTF-8.", null));
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw new PayloadTooLargeException(MAX_BODY_BYTES);
        }
        return bytes;
    }

    private static Optional<byte[]> strictUtf8(String text) {
        try {
            ByteBuffer encoded = StandardCharsets.UTF_8
                    .newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(text));
            byte[] bytes = new byte[encoded.remaining()];
            encoded.get(bytes);
            return Optional.of(bytes);
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /** The body as UTF-8 text; invalid UTF-8 is refused rather than repaired. */
    String bodyText() {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bodyBytes()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidInputException("malformed_body", "The body is not valid UTF-8.", null);
        }
    }

    /** A claim the JWT authorizer verified, such as the ID token's {@code name}; blank counts as absent. */
    Optional<String> claim(String name) {
        JsonNode value = event.path("requestContext")
                .path("authorizer")
                .path("jwt")
                .path("claims")
                .path(name);
        return value.isTextual() && !value.asText().isBlank() ? Optional.of(value.asText()) : Optional.empty();
    }

    /** The caller, from the claims the JWT authorizer verified; never from the body. */
    Caller caller() {
        JsonNode claims =
                event.path("requestContext").path("authorizer").path("jwt").path("claims");
        JsonNode sub = claims.path("sub");
        if (!sub.isTextual() || sub.asText().isBlank()) {
            throw new UnauthenticatedException("unauthenticated", "Sign in first.");
        }
        Optional<EmailAddress> email = Optional.empty();
        JsonNode rawEmail = claims.path("email");
        if (rawEmail.isTextual()) {
            try {
                email = Optional.of(EmailAddress.parse(rawEmail.asText()));
            } catch (InvalidEmailException e) {
                email = Optional.empty();
            }
        }
        boolean verified = "true".equals(claims.path("email_verified").asText(""));
        return new Caller(sub.asText(), email, verified);
    }
}
