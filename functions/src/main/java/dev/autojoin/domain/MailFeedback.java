package dev.autojoin.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What SES reported about one email: a bounce (permanent, transient or undetermined) or a complaint, for the
 * recipients it names. {@code at} is when the receiving side reported it; {@code tags} what we sent the email with.
 */
public record MailFeedback(
        Type type,
        String detail,
        List<EmailAddress> recipients,
        String messageId,
        String feedbackId,
        Instant at,
        MailTags tags) {

    public enum Type implements WireName {
        PERMANENT_BOUNCE,
        TRANSIENT_BOUNCE,
        UNDETERMINED_BOUNCE,
        COMPLAINT
    }

    public MailFeedback {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(tags, "tags");
        recipients = List.copyOf(recipients);
    }

    /**
     * A permanent bounce or a complaint stops mail to the address. A transient bounce (mailbox full, say) or one SES
     * could not classify changes nothing: retrying later is the right answer to those.
     */
    public boolean suppresses() {
        return type == Type.PERMANENT_BOUNCE || type == Type.COMPLAINT;
    }

    /** The suppression of {@code recipient} this feedback asks for. */
    public Suppression suppression(EmailAddress recipient) {
        if (!suppresses()) {
            throw new IllegalStateException(type + " suppresses nothing");
        }
        Suppression.Reason reason = type == Type.COMPLAINT ? Suppression.Reason.COMPLAINT : Suppression.Reason.BOUNCE;
        return new Suppression(recipient, reason, detail, at, messageId);
    }
}
