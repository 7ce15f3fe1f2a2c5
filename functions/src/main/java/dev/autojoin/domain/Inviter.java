package dev.autojoin.domain;

import java.util.Objects;

/**
 * Who sent an invitation, as the invitee reads it. {@code name} is the IdP's display name when it had a usable one:
 * it arrives from a token claim, so it is cut to one line of printable text, at most 100 characters.
 */
public record Inviter(String userId, EmailAddress email, String name) {
    private static final int MAX_NAME_LENGTH = 100;

    public Inviter {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(email, "email");
        name = printable(name);
    }

    /** "Alice Example (alice@acme.com)", or the address alone when there is no name. */
    public String display() {
        return name == null ? email.value() : name + " (" + email.value() + ")";
    }

    /** For pages anyone holding the link can open: the name, or the masked address. */
    public String publicDisplay() {
        return name == null ? email.masked() : name;
    }

    /** The name as one line of at most 100 characters; blank is null. */
    private static String printable(String raw) {
        if (raw == null) {
            return null;
        }
        String line = OutgoingEmail.oneLine(raw);
        if (line.isEmpty()) {
            return null;
        }
        return line.codePointCount(0, line.length()) <= MAX_NAME_LENGTH
                ? line
                : line.substring(0, line.offsetByCodePoints(0, MAX_NAME_LENGTH)).strip();
    }
}
