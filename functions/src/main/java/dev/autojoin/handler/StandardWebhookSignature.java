package dev.autojoin.handler;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Standard Webhooks' signature ({@code webhook-id}, {@code webhook-timestamp}, {@code webhook-signature}: base64
 * HMAC-SHA256 of {@code id.timestamp.body} with a {@code whsec_} secret, five minutes either way), verified by the
 * specification's own Java library. Svix signs Clerk's deliveries the same way under {@code svix-*} header names.
 */
final class StandardWebhookSignature {
    /** The specification's shortest secret. */
    static final int MIN_SECRET_BYTES = 24;

    private final String prefix;

    /** {@code "webhook-"} for Standard Webhooks, {@code "svix-"} for Svix. */
    StandardWebhookSignature(String prefix) {
        this.prefix = prefix;
    }

    /** Refuses a secret that is not {@code whsec_} and base64 of at least 24 bytes: a misconfiguration, at INIT. */
    static String requireSecret(String name, String secret) {
        byte[] key;
        try {
            key = secret.startsWith("whsec_") ? Base64.getDecoder().decode(secret.substring(6)) : new byte[0];
        } catch (IllegalArgumentException notBase64) {
            key = new byte[0];
        }
        if (key.length < MIN_SECRET_BYTES) {
            throw new IllegalStateException(name + " must be whsec_ and the base64 of at least " + MIN_SECRET_BYTES
                    + " random bytes, as the provider's dashboard shows it");
        }
        return secret;
    }

    /** The delivery id, once the signature and timestamp hold; {@link Hook#rejected} otherwise. */
    String verify(String secret, Function<String, Optional<String>> header, byte[] body) {
        String id = header.apply(prefix + "id").orElseThrow(() -> Hook.rejected("the " + prefix + "id is missing"));
        String timestamp = header.apply(prefix + "timestamp")
                .orElseThrow(() -> Hook.rejected("the " + prefix + "timestamp is missing"));
        String signature = header.apply(prefix + "signature")
                .orElseThrow(() -> Hook.rejected("the " + prefix + "signature is missing"));
        try {
            new Webhook(secret)
                    .verify(
                            new String(body, StandardCharsets.UTF_8),
                            Map.of(
                                    "webhook-id", List.of(id),
                                    "webhook-timestamp", List.of(timestamp),
                                    "webhook-signature", List.of(signature)));
        } catch (WebhookVerificationException e) {
            throw Hook.rejected(
                    e.getMessage() == null ? "signature" : e.getMessage().toLowerCase());
        } catch (RuntimeException malformedHeader) {
            throw Hook.rejected("malformed signature headers");
        } catch (Exception e) {
            throw Hook.rejected("unverifiable");
        }
        return id;
    }
}
