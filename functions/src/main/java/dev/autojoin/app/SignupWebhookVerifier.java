package dev.autojoin.app;

import dev.autojoin.domain.UnauthenticatedException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Authenticates POST /hooks/signup: {@code v1=hex(HMAC-SHA256(secret, timestamp + "." + body))} with the timestamp
 * (epoch seconds) within five minutes of now. A replay inside the window is harmless: every signup write is
 * idempotent.
 */
public final class SignupWebhookVerifier {
    public static final Duration WINDOW = Duration.ofMinutes(5);
    private static final String SCHEME = "v1=";

    private final byte[] secret;
    private final Clock clock;

    public SignupWebhookVerifier(byte[] secret, Clock clock) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("the signup webhook secret needs at least 32 bytes");
        }
        this.secret = secret.clone();
        this.clock = clock;
    }

    public void verify(String timestamp, String signature, byte[] body) {
        long sentAt;
        try {
            sentAt = Long.parseLong(timestamp == null ? "" : timestamp);
        } catch (NumberFormatException e) {
            throw invalid("missing or malformed timestamp");
        }
        long now = clock.instant().getEpochSecond();
        // Bounds, not Math.abs(now - sentAt): that difference overflows for a sentAt near Long.MIN_VALUE.
        if (sentAt < now - WINDOW.toSeconds() || sentAt > now + WINDOW.toSeconds()) {
            throw invalid("timestamp outside the five-minute window");
        }
        if (signature == null || !signature.startsWith(SCHEME)) {
            throw invalid("missing or malformed signature");
        }
        byte[] expected = sign(timestamp, body);
        byte[] given;
        try {
            given = HexFormat.of().parseHex(signature.substring(SCHEME.length()));
        } catch (IllegalArgumentException e) {
            throw invalid("malformed signature");
        }
        if (!MessageDigest.isEqual(expected, given)) {
            throw invalid("signature does not match");
        }
    }

    public String signature(String timestamp, byte[] body) {
        return SCHEME + HexFormat.of().formatHex(sign(timestamp, body));
    }

    private byte[] sign(String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) '.');
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static UnauthenticatedException invalid(String why) {
        return new UnauthenticatedException("invalid_signature", "Webhook rejected: " + why + ".");
    }
}
