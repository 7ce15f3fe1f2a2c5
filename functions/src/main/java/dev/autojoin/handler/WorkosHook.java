package dev.autojoin.handler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autojoin.app.ReceiveSignup;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code POST /hooks/workos}: WorkOS's {@code user.created} and {@code user.updated}, signed {@code WorkOS-Signature:
 * t=<epoch ms>, v1=<hex HMAC-SHA256 of "t.body", the secret's UTF-8 its key>}, refused more than three minutes away
 * from now (the WorkOS SDKs' default tolerance) either way. The event's {@code id} is the delivery id.
 */
final class WorkosHook implements Hook {
    static final Duration TOLERANCE = Duration.ofMinutes(3);
    private static final Set<String> TYPES = Set.of("user.created", "user.updated");

    private final HookSecret secret;
    private final Clock clock;

    WorkosHook(HookSecret secret, Clock clock) {
        this.secret = secret;
        this.clock = clock;
    }

    @Override
    public String source() {
        return "workos";
    }

    @Override
    public List<ReceiveSignup.Delivery> read(Function<String, Optional<String>> header, byte[] body) {
        String signature = header.apply("workos-signature").orElseThrow(() -> Hook.rejected("no WorkOS-Signature"));
        String timestamp = null;
        String v1 = null;
        for (String part : signature.split(",")) {
            String[] pair = part.strip().split("=", 2);
            if (pair.length == 2 && pair[0].equals("t")) {
                timestamp = pair[1];
            } else if (pair.length == 2 && pair[0].equals("v1")) {
                v1 = pair[1];
            }
        }
        if (timestamp == null || v1 == null || !timestamp.matches("[0-9]{1,15}")) {
            throw Hook.rejected("malformed WorkOS-Signature");
        }
        long sentAt = Long.parseLong(timestamp);
        long now = clock.millis();
        if (sentAt < now - TOLERANCE.toMillis() || sentAt > now + TOLERANCE.toMillis()) {
            throw Hook.rejected("the timestamp is more than three minutes away");
        }
        String t = timestamp;
        String given = v1;
        secret.check(value -> {
            byte[] expected = Hook.hmacSha256(
                    value.getBytes(StandardCharsets.UTF_8), (t + ".").getBytes(StandardCharsets.US_ASCII), body);
            if (!Hook.hexMatches(expected, given)) {
                throw Hook.rejected("the signature does not match");
            }
        });
        JsonNode event = Hook.json(body);
        if (!TYPES.contains(Hook.text(event, "event"))) {
            return List.of();
        }
        return List.of(Hook.delivery(
                source(),
                Hook.text(event, "id"),
                Hook.text(event, "data.id"),
                Hook.text(event, "data.email"),
                Hook.bool(event, "data.email_verified")));
    }
}
