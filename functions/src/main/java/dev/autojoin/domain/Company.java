package dev.autojoin.domain;

import java.time.Instant;
import java.util.Objects;

public record Company(
        String id, String name, long version, CompanySettings settings, Instant createdAt, String createdBy) {
    public static final int MAX_NAME_LENGTH = 100;

    /** A scheme ({@code https://}), {@code www.}, or a host name followed by a path ({@code evil.example/login}). */
    private static final java.util.regex.Pattern URL = java.util.regex.Pattern.compile(
            "(?i)[a-z][a-z0-9+.-]*://|\\bwww\\.|[a-z0-9-]+(\\.[a-z0-9-]+)*\\.[a-z]{2,}[/:?#]");

    private static final java.util.regex.Pattern EMAIL = java.util.regex.Pattern.compile("\\S@\\S+\\.\\S");

    public Company {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(settings, "settings");
        name = validName(name);
    }

    /** Names are shown in emails and pages: printable, 1 to 100 characters, no surrounding blanks. */
    public static String validName(String name) {
        return validName(name, "company");
    }

    /** The same rule for the names of the things inside a company ({@code what}: "company", "team"). */
    static String validName(String name, String what) {
        String a = "A " + what + " name";
        if (name == null || name.isBlank()) {
            throw new InvalidInputException("invalid_name", "A " + what + " needs a name.", "name");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new InvalidInputException("invalid_name", a + " has at most 100 characters.", "name");
        }
        if (!name.equals(name.strip())) {
            throw new InvalidInputException("invalid_name", a + " cannot start or end with blanks.", "name");
        }
        if (name.codePoints().anyMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT)) {
            throw new InvalidInputException(
                    "invalid_name", a + " cannot hold control or formatting characters.", "name");
        }
        // The name reaches people in emails: it may not carry a link or an address someone could be sent to.
        if (URL.matcher(name).find()) {
            throw new InvalidInputException("invalid_name", a + " cannot contain a web address.", "name");
        }
        if (EMAIL.matcher(name).find()) {
            throw new InvalidInputException("invalid_name", a + " cannot contain an email address.", "name");
        }
        return name;
    }
}
