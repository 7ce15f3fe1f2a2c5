package dev.autojoin.handler;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.X509CertUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.autojoin.app.ReceiveSignup;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code POST /hooks/firebase}: a Firebase Auth / Identity Platform blocking function for {@code beforeCreate}. The
 * body is {@code {"data":{"jwt":...}}}, an RS256 token Google signs: its {@code kid} must be one of Google's
 * published keys, {@code iss} {@code https://securetoken.google.com/<project>}, {@code aud} the URL the function is
 * registered with, {@code exp} in the future; {@code event_id} is the delivery and {@code user_record} the user.
 */
final class FirebaseHook implements Hook {
    static final String EVENT_TYPE = "providers/cloud.auth/eventTypes/user.beforeCreate";
    /** Forgives this much difference between Google's clock and ours. */
    static final Duration SKEW = Duration.ofSeconds(30);
    /** Google's keys are fetched again when they expire, or at most once a minute for a key id we do not know. */
    static final Duration REFETCH_AFTER = Duration.ofMinutes(1);

    private static final Pattern MAX_AGE = Pattern.compile("max-age=(\\d{1,9})");

    private final String issuer;
    private final String audience;
    private final URI certificates;
    private final Clock clock;
    private Map<String, RSAPublicKey> keys = Map.of();
    private Instant keysExpire = Instant.MIN;
    private Instant fetchedAt = Instant.MIN;

    FirebaseHook(String projectId, String audience, URI certificates, Clock clock) {
        this.issuer = "https://securetoken.google.com/" + projectId;
        this.audience = audience;
        this.certificates = certificates;
        this.clock = clock;
    }

    @Override
    public String source() {
        return "firebase";
    }

    @Override
    public List<ReceiveSignup.Delivery> read(Function<String, Optional<String>> header, byte[] body) {
        String token = Hook.optionalText(Hook.json(body), "data.jwt").orElseThrow(() -> Hook.rejected("no data.jwt"));
        JWTClaimsSet claims = verified(token);
        try {
            String type = claims.getStringClaim("event_type");
            // Identity Platform names the sign-in method after a colon ("...user.beforeCreate:password").
            if (type == null
                    || !(type.equals(EVENT_TYPE) || type.startsWith(EVENT_TYPE + ":") || type.equals("beforeCreate"))) {
                return List.of();
            }
            Map<String, Object> user = claims.getJSONObjectClaim("user_record");
            String eventId = claims.getStringClaim("event_id");
            if (user == null || eventId == null || eventId.isBlank()) {
                throw Hook.malformed("the token has no user_record or event_id");
            }
            Object uid = user.get("uid");
            Object email = user.get("email");
            if (!(uid instanceof String sub) || sub.isBlank()) {
                throw Hook.malformed("user_record.uid is missing");
            }
            if (!(email instanceof String address) || address.isBlank()) {
                return List.of(); // a phone or anonymous sign-up: no email to join by
            }
            return List.of(
                    Hook.delivery(source(), eventId, sub, address, Boolean.TRUE.equals(user.get("email_verified"))));
        } catch (ParseException e) {
            throw Hook.malformed("the token's claims are not the expected types");
        }
    }

    private JWTClaimsSet verified(String token) {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw Hook.rejected("data.jwt is not a signed JWT");
        }
        if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())
                || jwt.getHeader().getKeyID() == null) {
            throw Hook.rejected("the token is not RS256 with a key id");
        }
        RSAPublicKey key = key(jwt.getHeader().getKeyID());
        try {
            if (!jwt.verify(new RSASSAVerifier(key))) {
                throw Hook.rejected("the token's signature does not match");
            }
        } catch (JOSEException e) {
            throw Hook.rejected("the token's signature cannot be checked");
        }
        Instant now = clock.instant();
        Date expires = claims.getExpirationTime();
        Date issued = claims.getIssueTime();
        if (!issuer.equals(claims.getIssuer())) {
            throw Hook.rejected("the token's issuer is not this project");
        }
        if (claims.getAudience() == null || !claims.getAudience().contains(audience)) {
            throw Hook.rejected("the token is for another audience");
        }
        if (expires == null || !expires.toInstant().plus(SKEW).isAfter(now)) {
            throw Hook.rejected("the token has expired");
        }
        if (issued == null || issued.toInstant().minus(SKEW).isAfter(now)) {
            throw Hook.rejected("the token was issued in the future");
        }
        return claims;
    }

    /** Google's key of that id, fetched when unknown or expired (an unknown id at most once a minute). */
    private synchronized RSAPublicKey key(String kid) {
        Instant now = clock.instant();
        boolean expired = now.isAfter(keysExpire);
        if ((expired || !keys.containsKey(kid)) && now.isAfter(fetchedAt.plus(REFETCH_AFTER))) {
            fetchedAt = now;
            fetch(now);
        }
        RSAPublicKey key = keys.get(kid);
        if (key == null) {
            throw Hook.rejected("the token's key id is not one of Google's");
        }
        return key;
    }

    /** Google's X.509 certificates ({@code {kid: PEM}}) or a JWK set ({@code {"keys": [...]}}); keeps the old on failure. */
    private void fetch(Instant now) {
        try {
            HttpURLConnection connection =
                    (HttpURLConnection) certificates.toURL().openConnection();
            connection.setConnectTimeout(1_000);
            connection.setReadTimeout(1_500);
            String text;
            try (InputStream in = connection.getInputStream()) {
                text = new String(in.readNBytes(256 * 1024), java.nio.charset.StandardCharsets.UTF_8);
            }
            Map<String, RSAPublicKey> fetched = new HashMap<>();
            JsonNode root = Json.MAPPER.readTree(text);
            if (root.has("keys")) {
                for (JWK jwk : JWKSet.parse(text).getKeys()) {
                    if (jwk instanceof RSAKey rsa && jwk.getKeyID() != null) {
                        fetched.put(jwk.getKeyID(), rsa.toRSAPublicKey());
                    }
                }
            } else {
                for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> entry = it.next();
                    X509Certificate certificate =
                            X509CertUtils.parse(entry.getValue().asText());
                    if (certificate != null && certificate.getPublicKey() instanceof RSAPublicKey rsa) {
                        fetched.put(entry.getKey(), rsa);
                    }
                }
            }
            String cacheControl = connection.getHeaderField("Cache-Control");
            Matcher maxAge = MAX_AGE.matcher(cacheControl == null ? "" : cacheControl);
            keys = Map.copyOf(fetched);
            keysExpire = now.plusSeconds(maxAge.find() ? Long.parseLong(maxAge.group(1)) : 3600);
        } catch (IOException | ParseException | JOSEException | RuntimeException e) {
            Log.write(Log.line("WARN", "-", "hook.firebase_keys_unavailable")
                    .put("error", e.getClass().getSimpleName()));
        }
    }
}
