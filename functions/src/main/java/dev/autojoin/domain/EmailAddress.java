package dev.autojoin.domain;

import java.util.Locale;
import java.util.Objects;

/**
 * An email address in the strict subset we accept: ASCII only, a dot-atom local part (no quotes, comments or
 * whitespace) and a {@link DomainName}. The parser refuses rather than repairs, so what we store is what was typed.
 */
public record EmailAddress(String localPart, DomainName domain) {
    private static final int MAX_LOCAL_LENGTH = 64;
    private static final int MAX_LENGTH = 254;
    private static final String ATEXT_SPECIALS = "!#$%&'*+-/=?^_`{|}~";

    public EmailAddress {
        Objects.requireNonNull(domain, "domain");
        String problem = problemWithLocalPart(localPart);
        if (problem != null) {
            throw new InvalidEmailException(problem);
        }
        if (localPart.length() + 1 + domain.value().length() > MAX_LENGTH) {
            throw new InvalidEmailException("email address is longer than " + MAX_LENGTH + " characters");
        }
    }

    public static EmailAddress parse(String raw) {
        if (raw == null || raw.isEmpty()) {
            throw new InvalidEmailException("email address is empty");
        }
        String problem = problemWithCharacters(raw);
        if (problem != null) {
            throw new InvalidEmailException(problem);
        }
        if (raw.length() > MAX_LENGTH) {
            throw new InvalidEmailException("email address is longer than " + MAX_LENGTH + " characters");
        }
        int at = raw.indexOf('@');
        if (at < 0) {
            throw new InvalidEmailException("email address has no @");
        }
        if (raw.indexOf('@', at + 1) >= 0) {
            throw new InvalidEmailException("email address has more than one @");
        }
        String localPart = raw.substring(0, at);
        String domainPart = raw.substring(at + 1);
        String localProblem = problemWithLocalPart(localPart);
        if (localProblem != null) {
            throw new InvalidEmailException(localProblem);
        }
        if (domainPart.isEmpty()) {
            throw new InvalidEmailException("the domain after the @ is empty");
        }
        if (domainPart.startsWith("[")) {
            throw new InvalidEmailException("domain literals such as [127.0.0.1] are not accepted");
        }
        DomainName domain;
        try {
            domain = DomainName.parse(domainPart);
        } catch (InvalidInputException e) {
            throw new InvalidEmailException("the domain after the @ is invalid: " + e.getMessage());
        }
        return new EmailAddress(localPart, domain);
    }

    /** The address as given, local part case preserved. */
    public String value() {
        return localPart + "@" + domain.value();
    }

    /** The identity invitations and members are matched on: our Cognito pool treats addresses case-insensitively. */
    public String canonical() {
        return localPart.toLowerCase(Locale.ROOT) + "@" + domain.value();
    }

    /**
     * The mailbox this address reaches: {@link #canonical()} without a {@code +tag} in the local part. Google
     * Workspace, Microsoft 365, Fastmail and most company mail servers deliver {@code bob+anything@d} to
     * {@code bob@d}, so every promise made about a person's address (a removal, a join request, a suggestion, the
     * mail allowances) holds for the mailbox. Dots stay: few providers ignore them, and no company domain does.
     */
    public String mailbox() {
        return mailboxOf(canonical());
    }

    /** {@link #mailbox()} of an address already in canonical form (lower-case local part). */
    public static String mailboxOf(String canonical) {
        int at = canonical.lastIndexOf('@');
        int plus = canonical.indexOf('+');
        // A local part that starts with "+" has no name before its tag: that whole local part is the mailbox.
        return plus > 0 && plus < at ? canonical.substring(0, plus) + canonical.substring(at) : canonical;
    }

    /** A form safe for logs: enough to tell addresses apart when debugging, not enough to contact anyone. */
    public String masked() {
        return localPart.charAt(0) + "***@" + domain.value();
    }

    @Override
    public String toString() {
        return masked();
    }

    private static String problemWithCharacters(String raw) {
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == ' ' || c == '\t') {
                return "email address contains whitespace";
            }
            if (c < 0x20 || c == 0x7f) {
                return "email address contains a control character";
            }
            if (c > 0x7e) {
                return "email address contains a non-ASCII character";
            }
        }
        return null;
    }

    private static String problemWithLocalPart(String localPart) {
        if (localPart == null || localPart.isEmpty()) {
            return "the part before the @ is empty";
        }
        if (localPart.length() > MAX_LOCAL_LENGTH) {
            return "the part before the @ is longer than " + MAX_LOCAL_LENGTH + " characters";
        }
        if (localPart.startsWith(".") || localPart.endsWith(".")) {
            return "the part before the @ must not start or end with a dot";
        }
        if (localPart.contains("..")) {
            return "the part before the @ must not contain two dots in a row";
        }
        for (int i = 0; i < localPart.length(); i++) {
            char c = localPart.charAt(i);
            if (c == '.' || isAtext(c)) {
                continue;
            }
            return problemWithLocalCharacter(c);
        }
        return null;
    }

    private static String problemWithLocalCharacter(char c) {
        if (c == '"') {
            return "quoted local parts are not accepted";
        }
        if (c == '(' || c == ')') {
            return "comments in parentheses are not accepted";
        }
        if (c == '<' || c == '>') {
            return "angle brackets are not accepted: give the bare address, such as bob@acme.com";
        }
        if (c == ' ' || c == '\t') {
            return "email address contains whitespace";
        }
        if (c < 0x21 || c > 0x7e) {
            return "email address contains a character that is not printable ASCII";
        }
        return "the part before the @ contains a character that is not allowed: '" + c + "'";
    }

    private static boolean isAtext(char c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || ATEXT_SPECIALS.indexOf(c) >= 0;
    }
}
