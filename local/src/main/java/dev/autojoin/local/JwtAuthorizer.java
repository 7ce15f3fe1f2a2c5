package dev.autojoin.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.text.ParseException;
import java.time.Clock;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The HTTP API JWT authorizer: takes the token from {@code Authorization} (with or without "Bearer "), checks the
 * RS256 signature against the issuer's keys, {@code iss}, {@code aud} (or {@code client_id} when there is no
 * {@code aud}), {@code exp}, {@code nbf} and {@code iat}, and hands the claims on flattened to strings.
 */
final class JwtAuthorizer {

    /** API Gateway answers 401 {@code {"message":"Unauthorized"}}; the reason goes in {@code www-authenticate}. */
    static final class RejectedTokenException extends Exception {
        RejectedTokenException(String reason) {
            super(reason);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final String audience;
    private final Clock clock;

    JwtAuthorizer(JWKSet keys, String issuer, String audience, Clock clock) {
        this.audience = audience;
        this.clock = clock;
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, new ImmutableJWKSet<>(keys)));
        DefaultJWTClaimsVerifier<SecurityContext> claims =
                new DefaultJWTClaimsVerifier<>(
                        null, new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("exp"), null) {
                    @Override
                    protected Date currentTime() {
                        return Date.from(clock.instant());
                    }
                };
        // Tokens come from this process's own clock: no skew to forgive.
        claims.setMaxClockSkew(0);
        processor.setJWTClaimsSetVerifier(claims);
    }

    /** The verified claims as API Gateway passes them to the integration: every value a string. */
    Map<String, String> authorize(String authorizationHeader) throws RejectedTokenException {
        if (authorizationHeader == null || authorizationHeader.isBlank()) {
            throw new RejectedTokenException("the token is missing");
        }
        String token = authorizationHeader.strip();
        if (token.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = token.substring(7).strip();
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ParseException | BadJOSEException | JOSEException e) {
            throw new RejectedTokenException(e.getMessage());
        }
        checkAudience(claims);
        if (claims.getIssueTime() != null && claims.getIssueTime().toInstant().isAfter(clock.instant())) {
            throw new RejectedTokenException("the token was issued in the future");
        }
        return flatten(claims);
    }

    /** API Gateway validates {@code client_id} only when {@code aud} is absent (Cognito access tokens). */
    private void checkAudience(JWTClaimsSet claims) throws RejectedTokenException {
        List<String> aud = claims.getAudience();
        Object clientId = claims.getClaim("client_id");
        boolean valid = aud.isEmpty() ? audience.equals(clientId) : aud.contains(audience);
        if (!valid) {
            throw new RejectedTokenException("the token does not have a valid audience");
        }
    }

    private static Map<String, String> flatten(JWTClaimsSet claims) {
        Map<String, String> flat = new LinkedHashMap<>();
        claims.toJSONObject().forEach((name, value) -> flat.put(name, flatten(value)));
        return flat;
    }

    /** Numbers and booleans as their JSON text, lists as "[a b]" (as API Gateway renders cognito:groups). */
    private static String flatten(Object value) {
        if (value instanceof Collection<?> list) {
            return list.stream().map(JwtAuthorizer::flatten).collect(Collectors.joining(" ", "[", "]"));
        }
        if (value instanceof Map<?, ?> object) {
            try {
                return JSON.writeValueAsString(object);
            } catch (JsonProcessingException e) {
                return object.toString();
            }
        }
        return String.valueOf(value);
    }
}
