package dev.autojoin.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for the Cognito user pool: users in memory, a case-insensitive username (the email), an RSA key that
 * signs ID-token-shaped JWTs, and the Post confirmation event Cognito would send for a new user.
 */
final class LocalIdentityProvider {

    static final String CLIENT_ID = "local-client";

    private static final Duration TOKEN_LIFETIME = Duration.ofHours(1);

    /** A confirmed user of the local pool. */
    record User(String sub, String email, boolean emailVerified) {}

    /** The pool already has a user with this email (Cognito's UsernameExistsException). */
    static final class UsernameExistsException extends RuntimeException {
        UsernameExistsException(String email) {
            super("a user with email " + email + " already exists");
        }
    }

    private final String issuer;
    private final String audience;
    private final String emailClaim;
    private final String emailVerifiedClaim;
    private final String region;
    private final Clock clock;
    private final JsonNode postConfirmationSample;
    private final RSAKey signingKey;
    private final Map<String, User> byUsername = new ConcurrentHashMap<>();
    private final Map<String, User> bySub = new ConcurrentHashMap<>();
    private final List<User> inSignUpOrder = new CopyOnWriteArrayList<>();

    /** Cognito's ID tokens, as the stack's own pool issues them. */
    LocalIdentityProvider(String issuer, String region, Clock clock, JsonNode postConfirmationSample) {
        this(issuer, CLIENT_ID, "email", "email_verified", region, clock, postConfirmationSample);
    }

    /**
     * Tokens of any OIDC issuer: its {@code iss}, {@code aud} and the claims its email and verified flag are in
     * (Auth0's namespaced {@code https://example.com/email}, say).
     */
    LocalIdentityProvider(
            String issuer,
            String audience,
            String emailClaim,
            String emailVerifiedClaim,
            String region,
            Clock clock,
            JsonNode postConfirmationSample) {
        this.issuer = issuer;
        this.audience = audience;
        this.emailClaim = emailClaim;
        this.emailVerifiedClaim = emailVerifiedClaim;
        this.region = region;
        this.clock = clock;
        this.postConfirmationSample = postConfirmationSample;
        try {
            this.signingKey = new RSAKeyGenerator(2048)
                    .keyID(UUID.randomUUID().toString())
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate the local identity provider's RSA key", e);
        }
    }

    String issuer() {
        return issuer;
    }

    String audience() {
        return audience;
    }

    /** The public keys, as Cognito publishes them at {@code <issuer>/.well-known/jwks.json}. */
    JWKSet publicKeys() {
        return new JWKSet(signingKey.toPublicJWK());
    }

    /** Signs the user up and confirms them; the username is unique case-insensitively, as in our Cognito pool. */
    User register(String email, boolean emailVerified) {
        User user = new User(UUID.randomUUID().toString(), email, emailVerified);
        if (byUsername.putIfAbsent(email.toLowerCase(Locale.ROOT), user) != null) {
            throw new UsernameExistsException(email);
        }
        bySub.put(user.sub(), user);
        inSignUpOrder.add(user);
        return user;
    }

    /** Every user, in the order they signed up (the console's "switch user" list). */
    List<User> users() {
        return List.copyOf(inSignUpOrder);
    }

    Optional<User> find(String sub) {
        return Optional.ofNullable(bySub.get(sub));
    }

    /** An ID token as Cognito issues one at sign-in (email_verified is a JSON boolean there), or the issuer's own. */
    String idToken(User user) {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(user.sub())
                .issuer(issuer)
                .audience(audience)
                .claim(emailClaim, user.email())
                .claim(emailVerifiedClaim, user.emailVerified())
                .claim("token_use", "id")
                .claim("cognito:username", user.sub())
                .claim("auth_time", now.getEpochSecond())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(TOKEN_LIFETIME)))
                .jwtID(UUID.randomUUID().toString())
                .build();
        return sign(claims);
    }

    /** Signs any claims with the pool's key: tests use it to build expired or otherwise wrong tokens. */
    String sign(JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID(signingKey.getKeyID())
                        .build(),
                claims);
        try {
            jwt.sign(new RSASSASigner(signingKey));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a local token", e);
        }
        return jwt.serialize();
    }

    /** The sample Cognito event with this user in it; attribute values are strings, as Cognito sends them. */
    ObjectNode postConfirmationEvent(User user) {
        ObjectNode event = postConfirmationSample.deepCopy();
        event.put("region", region);
        event.put("userPoolId", region + "_local");
        event.put("userName", user.sub());
        event.put("triggerSource", "PostConfirmation_ConfirmSignUp");
        event.withObjectProperty("callerContext").put("clientId", CLIENT_ID);
        ObjectNode attributes = event.withObjectProperty("request").withObjectProperty("userAttributes");
        attributes.put("sub", user.sub());
        attributes.put("email", user.email());
        attributes.put("email_verified", Boolean.toString(user.emailVerified()));
        attributes.put("cognito:user_status", "CONFIRMED");
        if (attributes.has("cognito:email_alias")) {
            attributes.put("cognito:email_alias", user.email());
        }
        return event;
    }
}
