package dev.autojoin.domain;

/**
 * The mail service refused or failed to take an email; {@code reason} is safe to store and show to admins.
 * {@code retryable}: throttled or unavailable, so the same email may go through later; otherwise it was refused.
 */
public class EmailNotSentException extends RuntimeException {
    private final String reason;
    private final boolean retryable;

    public EmailNotSentException(String reason, Throwable cause) {
        this(reason, false, cause);
    }

    public EmailNotSentException(String reason, boolean retryable, Throwable cause) {
        super(reason, cause);
        this.reason = reason;
        this.retryable = retryable;
    }

    public String reason() {
        return reason;
    }

    public boolean retryable() {
        return retryable;
    }
}
