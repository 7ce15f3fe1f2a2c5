package dev.autojoin.handler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autojoin.app.ReceiveSignup;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code GET} and {@code POST /hooks/okta}: Okta Event Hooks. Okta authenticates with the {@code Authorization}
 * value its admin configured (no signature, no timestamp), compared in constant time. A POST carries several events;
 * each {@code user.lifecycle.create} or {@code .activate} is a sign-up of its target user, keyed by the event's
 * {@code uuid}. Okta sends no verified flag: its sign-ups join nobody unless the operator declares Okta's emails
 * verified ({@code OKTA_EMAILS_VERIFIED=true}); then the user's {@code alternateId} (its login) is taken for their
 * email.
 */
final class OktaHook implements Hook {
    private static final Set<String> TYPES = Set.of("user.lifecycle.create", "user.lifecycle.activate");
    /** More than Okta puts in one delivery; bounds the reads a single POST can cost. */
    static final int MAX_EVENTS = 50;

    private final HookSecret authorization;
    private final boolean emailsVerified;

    OktaHook(HookSecret authorization, boolean emailsVerified) {
        this.authorization = authorization;
        this.emailsVerified = emailsVerified;
    }

    @Override
    public String source() {
        return "okta";
    }

    /** Both the one-time verification GET and every POST carry the configured header. */
    void authenticate(Function<String, Optional<String>> header) {
        String given = header.apply("authorization").orElseThrow(() -> Hook.rejected("no Authorization header"));
        authorization.check(value -> {
            // Digests first: equal lengths, so the comparison's time says nothing about the secret's length either.
            if (!MessageDigest.isEqual(sha256(value), sha256(given))) {
                throw Hook.rejected("the Authorization header does not match");
            }
        });
    }

    @Override
    public List<ReceiveSignup.Delivery> read(Function<String, Optional<String>> header, byte[] body) {
        authenticate(header);
        JsonNode events = Hook.at(Hook.json(body), "data.events");
        if (events == null || !events.isArray()) {
            throw Hook.malformed("data.events is not an array");
        }
        if (events.size() > MAX_EVENTS) {
            throw Hook.malformed("more than " + MAX_EVENTS + " events");
        }
        List<ReceiveSignup.Delivery> signups = new ArrayList<>();
        for (JsonNode event : events) {
            if (!event.isObject() || !TYPES.contains(Hook.text(event, "eventType"))) {
                continue;
            }
            String uuid = Hook.text(event, "uuid");
            JsonNode targets = event.get("target");
            if (targets == null || !targets.isArray()) {
                throw Hook.malformed("an event's target is not an array");
            }
            for (JsonNode target : targets) {
                if ("User".equals(target.path("type").asText(null))) {
                    signups.add(Hook.delivery(
                            source(), uuid, Hook.text(target, "id"), Hook.text(target, "alternateId"), emailsVerified));
                    break;
                }
            }
        }
        return signups;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
