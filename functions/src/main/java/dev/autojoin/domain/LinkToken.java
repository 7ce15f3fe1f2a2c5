package dev.autojoin.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** The secret in an emailed link: 256 random bits, base64url; only its SHA-256 is ever stored. Never logged. */
public final class LinkToken {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String value;

    private LinkToken(String value) {
        this.value = value;
    }

    public static LinkToken random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return new LinkToken(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /** The raw value, for the link only. */
    public String value() {
        return value;
    }

    public String hash() {
        return hashOf(value);
    }

    /** SHA-256, hex: what the store keys a link by. Anything a URL may carry hashes; unknown values simply miss. */
    public static String hashOf(String raw) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest(raw.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return "LinkToken[redacted]";
    }
}
