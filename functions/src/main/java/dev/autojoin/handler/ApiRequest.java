package dev.autojoin.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.autojoin.config.Env;
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
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** An API Gateway HTTP API (payload 2.0) request, read strictly. */
final class ApiRequest {
    static final int MAX_BODY_BYTES = 64 * 1024;
    /** Longer than any id, token or domain we issue or accept, and short enough for any DynamoDB key built on it. */
    static final int MAX_PATH_PARAMETER_BYTES = 512;

    private final APIGatewayV2HTTPEvent event;
    private final Context context;
    private final Env.ClaimNames claimNames;

    ApiRequest(APIGatewayV2HTTPEvent event, Context context, Env.ClaimNames claimNames) {
        this.event = event;
        this.context = context;
        this.claimNames = claimNames;
    }

    /** The invocation's Lambda context: its time left, for a use case with a deadline. */
    Context context() {
        return context;
    }

    String routeKey() {
        return event.getRouteKey() == null ? "" : event.getRouteKey();
    }

    String requestId() {
        APIGatewayV2HTTPEvent.RequestContext requestContext = event.getRequestContext();
        return requestContext == null || requestContext.getRequestId() == null ? "-" : requestContext.getRequestId();
    }

    String pathParameter(String name) {
        String value = entry(event.getPathParameters(), name).orElse("");
        if (value.isEmpty()) {
            throw new InvalidInputException("invalid_path", "Missing path parameter " + name + ".", name);
        }
        // DynamoDB refuses a key over 1,024 bytes (we would answer 503): an overlong parameter is bad input.
        // U+FFFD is what a gateway decodes undecodable bytes to (/companies/%ff): no id, token or domain holds it.
        if (value.indexOf('\uFFFD') >= 0 || value.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException("invalid_path", name + " is not valid Unicode text.", name);
        }
        byte[] utf8 = strictUtf8(value)
                .orElseThrow(() -> new InvalidInputException("invalid_path", name + " is not valid Unicode.", name));
        if (utf8.length > MAX_PATH_PARAMETER_BYTES) {
            throw new InvalidInputException("invalid_path", name + " is too long.", name);
        }
        return value;
    }

    /** The client's address as API Gateway saw it. */
    Optional<String> sourceIp() {
        APIGatewayV2HTTPEvent.RequestContext requestContext = event.getRequestContext();
        String ip = requestContext == null || requestContext.getHttp() == null
                ? null
                : requestContext.getHttp().getSourceIp();
        return ip != null && !ip.isBlank() ? Optional.of(ip) : Optional.empty();
    }

    Optional<String> query(String name) {
        return entry(event.getQueryStringParameters(), name);
    }

    /** Header names arrive lower-cased in payload 2.0. */
    Optional<String> header(String name) {
        return entry(event.getHeaders(), name);
    }

    /** The raw body bytes; base64 bodies are decoded. Bodies larger than any honest request are refused. */
    byte[] bodyBytes() {
        String body = event.getBody();
        if (body == null) {
            return new byte[0];
        }
        byte[] bytes;
        if (event.getIsBase64Encoded()) {
            try {
                bytes = Base64.getDecoder().decode(body);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("malformed_body", "The body is not valid base64.", null);
            }
        } else {
            // A lone surrogate has no UTF-8 form: refused, never replaced by '?'.
            bytes = strictUtf8(body)
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
        return utf8(bodyBytes());
    }

    /** {@code bytes} as UTF-8 text, refused (400 malformed_body) rather than repaired when they are not. */
    static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidInputException("malformed_body", "The body is not valid UTF-8.", null);
        }
    }

    /** A claim the JWT authorizer verified, such as the ID token's {@code name}; blank counts as absent. */
    Optional<String> claim(String name) {
        return entry(claims(), name).filter(value -> !value.isBlank());
    }

    /** The caller, from the claims the JWT authorizer verified; never from the body. */
    Caller caller() {
        String sub = claim("sub").orElseThrow(() -> new UnauthenticatedException("unauthenticated", "Sign in first."));
        Optional<EmailAddress> email = Optional.empty();
        Optional<String> rawEmail = entry(claims(), claimNames.email());
        if (rawEmail.isPresent()) {
            try {
                email = Optional.of(EmailAddress.parse(rawEmail.get()));
            } catch (InvalidEmailException e) {
                email = Optional.empty();
            }
        }
        // The HTTP API renders a JSON true as "true"; an issuer that sends the string "true" is read alike. Nothing
        // else counts: not "True", not 1.
        boolean verified =
                "true".equals(entry(claims(), claimNames.emailVerified()).orElse(""));
        return new Caller(sub, email, verified);
    }

    /** The JWT authorizer's claims, flattened to strings as the HTTP API passes them; none on a public route. */
    private Map<String, String> claims() {
        APIGatewayV2HTTPEvent.RequestContext requestContext = event.getRequestContext();
        if (requestContext == null
                || requestContext.getAuthorizer() == null
                || requestContext.getAuthorizer().getJwt() == null) {
            return null;
        }
        return requestContext.getAuthorizer().getJwt().getClaims();
    }

    private static Optional<String> entry(Map<String, String> map, String name) {
        return map == null ? Optional.empty() : Optional.ofNullable(map.get(name));
    }

    /** {@code If-Match: "3"} (or a weak {@code W/"3"}); absent means "whatever is current". */
    OptionalLong ifMatch() {
        return header("if-match")
                .map(raw -> {
                    String value = raw.strip();
                    if (value.startsWith("W/")) {
                        value = value.substring(2);
                    }
                    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                        value = value.substring(1, value.length() - 1);
                    }
                    try {
                        return OptionalLong.of(Long.parseLong(value));
                    } catch (NumberFormatException e) {
                        throw new InvalidInputException(
                                "invalid_if_match", "If-Match must be an ETag we sent.", "If-Match");
                    }
                })
                .orElse(OptionalLong.empty());
    }
}
