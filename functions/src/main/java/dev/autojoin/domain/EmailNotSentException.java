package dev.autojoin.domain;

/** The mail service refused or failed to take an email; {@code reason} is safe to store and show to admins. */
public class EmailNotSentException extends RuntimeException {
    private final String reason;

    public EmailNotSentException(String reason, Throwable cause) {
        super(reason, cause);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
