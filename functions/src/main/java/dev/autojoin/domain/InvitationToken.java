package dev.autojoin.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The secret of an invitation link: 256 random bits, base64url without padding. The raw value exists only in the
 * email; we store and look up its SHA-256. {@link #toString()} never shows it.
 */
public final class InvitationToken {
    private static final int BYTES = 32;
    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9_-]{43}");

    private final String value;
    private final String hash;

    private InvitationToken(String value) {
        this.value = value;
        this.hash = sha256(value);
    }

    public static InvitationToken generate(SecureRandom random) {
        byte[] bytes = new byte[BYTES];
        random.nextBytes(bytes);
        return new InvitationToken(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /** The hash a link's token is stored under; empty for anything that is not a token we could have issued. */
    public static Optional<String> hashOf(String raw) {
        return raw != null && WELL_FORMED.matcher(raw).matches() ? Optional.of(sha256(raw)) : Optional.empty();
    }

    /** The raw token: for the link in the email and nowhere else. */
    public String value() {
        return value;
    }

    /** Lower-case hex SHA-256 of the raw token. */
    public String hash() {
        return hash;
    }

    @Override
    public String toString() {
        return "InvitationToken[hash=" + hash.substring(0, 8) + "...]";
    }

    private static String sha256(String raw) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(raw.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
