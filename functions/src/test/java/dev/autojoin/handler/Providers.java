package dev.autojoin.handler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.standardwebhooks.Webhook;
import dev.autojoin.testing.FirebaseSigner;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Each identity provider's side of a sign-up hook, for tests: its secrets, and deliveries in its own format (the
 * sample of {@code events/providers/}, re-aimed at a person and signed now). Standard Webhooks' and Svix's signatures
 * come from the specification's own library; WorkOS's and Keycloak's from the JDK's HMAC; Firebase's tokens from a
 * key of our own whose certificate {@link #CERTIFICATES} serves as Google serves its own.
 */
final class Providers {
    static final String SIGNUP_SECRET = whsec("test-signup-secret-0123456789abcdef");
    static final String CLERK_SECRET = whsec("test-clerk-secret-0123456789abcdef");
    static final String WORKOS_SECRET = "test-workos-secret-0123456789";
    static final String OKTA_AUTHORIZATION = "Bearer test-okta-0123456789";
    static final String KEYCLOAK_SECRET = "test-keycloak-secret-0123456789";
    static final String FIREBASE_PROJECT = "test-project";
    static final String FIREBASE_AUDIENCE = "https://hooks.example.com/hooks/firebase";
    static final FirebaseSigner FIREBASE = FirebaseSigner.generate();
    static final URI CERTIFICATES = FIREBASE.serve();

    /** Every provider on; Okta's logins are not taken for verified emails unless a test opts in, as operators do. */
    static Map<String, String> env() {
        return Map.of(
                "SIGNUP_WEBHOOK_SECRET", SIGNUP_SECRET,
                "CLERK_WEBHOOK_SECRET", CLERK_SECRET,
                "WORKOS_WEBHOOK_SECRET", WORKOS_SECRET,
                "OKTA_HOOK_AUTHORIZATION", OKTA_AUTHORIZATION,
                "OKTA_EMAILS_VERIFIED", "false",
                "KEYCLOAK_WEBHOOK_SECRET", KEYCLOAK_SECRET,
                "FIREBASE_PROJECT_ID", FIREBASE_PROJECT,
                "FIREBASE_AUDIENCE", FIREBASE_AUDIENCE,
                "FIREBASE_CERTS_URL", CERTIFICATES.toString());
    }

    enum Provider {
        SIGNUP("POST /hooks/signup", "../signup-webhook.json", true),
        CLERK("POST /hooks/clerk", "clerk-user-created.json", true),
        WORKOS("POST /hooks/workos", "workos-user-created.json", true),
        OKTA("POST /hooks/okta", "okta-user-lifecycle-create.json", false),
        KEYCLOAK("POST /hooks/keycloak", "keycloak-verify-email.json", false),
        FIREBASE("POST /hooks/firebase", "firebase-before-create.json", true);

        final String route;
        final String sample;
        /** Whether its scheme signs a timestamp (Okta's and Keycloak's do not: "stale" does not apply). */
        final boolean timed;

        Provider(String route, String sample, boolean timed) {
            this.route = route;
            this.sample = sample;
            this.timed = timed;
        }
    }

    /** A delivery: its body as sent and its headers; {@link #event()} is the HTTP API event that carries it. */
    record Delivery(Provider provider, String id, String body, Map<String, String> headers) {
        ObjectNode event() {
            ObjectNode event = TestStack.http(provider.route, Map.of(), body, null);
            headers.forEach((name, value) -> TestStack.withHeader(event, name, value));
            return event;
        }

        Delivery withBody(String other) {
            return new Delivery(provider, id, other, headers);
        }

        Delivery withHeader(String name, String value) {
            Map<String, String> changed = new LinkedHashMap<>(headers);
            if (value == null) {
                changed.remove(name);
            } else {
                changed.put(name, value);
            }
            return new Delivery(provider, id, body, changed);
        }
    }

    private Providers() {}

    /** A delivery of {@code provider} in which this person signs up with a verified email (or not), signed now. */
    static Delivery signup(Provider provider, String sub, String email, boolean verified) {
        return signup(provider, "d-" + UUID.randomUUID(), sub, email, verified, Instant.now());
    }

    static Delivery signup(Provider provider, String id, String sub, String email, boolean verified, Instant at) {
        String body = body(provider, id, sub, email, verified, at);
        return signed(provider, id, body, at, secretOf(provider));
    }

    /** The body of {@code provider}'s sample with this person (and delivery id, where the body carries it) in it. */
    static String body(Provider provider, String id, String sub, String email, boolean verified, Instant at) {
        ObjectNode sample = (ObjectNode) sample(provider);
        switch (provider) {
            case SIGNUP -> {
                sample.put("sub", sub).put("email", email).put("emailVerified", verified);
            }
            case CLERK -> {
                ObjectNode data = (ObjectNode) sample.path("data");
                data.put("id", sub);
                ObjectNode address = (ObjectNode) data.path("email_addresses").get(0);
                address.put("email_address", email);
                ((ObjectNode) address.path("verification")).put("status", verified ? "verified" : "unverified");
            }
            case WORKOS -> {
                sample.put("id", id);
                ((ObjectNode) sample.path("data"))
                        .put("id", sub)
                        .put("email", email)
                        .put("email_verified", verified);
            }
            case OKTA -> {
                ObjectNode event =
                        (ObjectNode) sample.path("data").path("events").get(0);
                event.put("uuid", id);
                ObjectNode target = (ObjectNode) event.path("target").get(0);
                target.put("id", sub).put("alternateId", email);
            }
            case KEYCLOAK -> {
                sample.put("uid", id).put("type", verified ? "access.VERIFY_EMAIL" : "access.REGISTER");
                ((ObjectNode) sample.path("authDetails")).put("userId", sub).put("username", email);
                ((ObjectNode) sample.path("details")).put("email", email);
            }
            case FIREBASE -> {
                ObjectNode data = (ObjectNode) sample.path("data");
                data.put(
                        "jwt",
                        FIREBASE.beforeCreate(FIREBASE_PROJECT, FIREBASE_AUDIENCE, id, sub, email, verified, at));
            }
        }
        return sample.toString();
    }

    /** {@code provider}'s headers for {@code body}, signed at {@code at} with {@code secret}. */
    static Delivery signed(Provider provider, String id, String body, Instant at, String secret) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        switch (provider) {
            case SIGNUP -> standardWebhooks("webhook-", secret, id, at, body, headers);
            case CLERK -> standardWebhooks("svix-", secret, id, at, body, headers);
            case WORKOS -> headers.put(
                    "workos-signature",
                    "t=" + at.toEpochMilli() + ", v1=" + hex(secret, at.toEpochMilli() + "." + body));
            case OKTA -> headers.put("authorization", secret);
            case KEYCLOAK -> headers.put("x-keycloak-signature", hex(secret, body));
            case FIREBASE -> {}
        }
        return new Delivery(provider, id, body, headers);
    }

    static String secretOf(Provider provider) {
        return switch (provider) {
            case SIGNUP -> SIGNUP_SECRET;
            case CLERK -> CLERK_SECRET;
            case WORKOS -> WORKOS_SECRET;
            case OKTA -> OKTA_AUTHORIZATION;
            case KEYCLOAK -> KEYCLOAK_SECRET;
            case FIREBASE -> "";
        };
    }

    /** The provider payload of its sample event in events/providers/. */
    static JsonNode sample(Provider provider) {
        JsonNode event = TestStack.read(TestStack.event("providers/" + provider.sample));
        return TestStack.read(event.path("body").asText().getBytes(StandardCharsets.UTF_8));
    }

    static String whsec(String raw) {
        return "whsec_" + Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.US_ASCII));
    }

    private static void standardWebhooks(
            String prefix, String secret, String id, Instant at, String body, Map<String, String> headers) {
        try {
            headers.put(prefix + "id", id);
            headers.put(prefix + "timestamp", Long.toString(at.getEpochSecond()));
            headers.put(prefix + "signature", new Webhook(secret).sign(id, at.getEpochSecond(), body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(String secret, String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
