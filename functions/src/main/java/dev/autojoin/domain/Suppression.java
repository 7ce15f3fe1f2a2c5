package dev.autojoin.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * An address we no longer mail: it bounced for good, or its owner marked our email as spam. {@code detail} is what
 * SES said (the bounce sub-type or the complaint's feedback type); {@code messageId} the SES id of the email that
 * caused it.
 */
public record Suppression(EmailAddress email, Reason reason, String detail, Instant at, String messageId) {
    public enum Reason implements WireName {
        BOUNCE,
        COMPLAINT
    }

    public Suppression {
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
    }
}
