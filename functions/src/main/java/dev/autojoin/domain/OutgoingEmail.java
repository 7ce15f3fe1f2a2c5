package dev.autojoin.domain;

import java.util.Objects;

/**
 * An email ready to send. Anything that reaches a header is refused if it holds CR or LF (header injection); the
 * bodies are already rendered, with everything a user typed escaped by the template. {@code tags} travel with it to
 * the mail service and come back with its bounces and complaints.
 */
public record OutgoingEmail(EmailAddress to, String subject, String text, String html, MailTags tags) {
    public OutgoingEmail {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(tags, "tags");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(html, "html");
        if (subject == null || subject.isBlank() || subject.length() > 200) {
            throw new IllegalArgumentException("a subject has 1 to 200 characters");
        }
        if (subject.chars().anyMatch(c -> c == '\r' || c == '\n' || Character.isISOControl(c))) {
            throw new IllegalArgumentException("a subject cannot hold line breaks or control characters");
        }
    }

    /** An email without tags. */
    public OutgoingEmail(EmailAddress to, String subject, String text, String html) {
        this(to, subject, text, html, MailTags.NONE);
    }

    public OutgoingEmail tagged(MailTags with) {
        return new OutgoingEmail(to, subject, text, html, with);
    }

    /**
     * One line of printable text, for anything that may reach a header: control, format and line or paragraph
     * separator characters (and any other whitespace) become single spaces; the ends are trimmed.
     */
    public static String oneLine(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            int type = Character.getType(c);
            boolean unprintable = Character.isISOControl(c)
                    || Character.isWhitespace(c)
                    || type == Character.FORMAT
                    || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR
                    || type == Character.SURROGATE
                    || type == Character.UNASSIGNED;
            out.appendCodePoint(unprintable ? ' ' : c);
        });
        return out.toString().replaceAll(" {2,}", " ").strip();
    }
}
