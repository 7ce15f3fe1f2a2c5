package dev.autojoin.app;

import dev.autojoin.domain.EmailNotSentException;
import dev.autojoin.domain.MailSuppressedException;
import dev.autojoin.domain.OutgoingEmail;

/**
 * Refuses addresses on the suppression list before the mail service sees them: the notices and digests to admins go
 * through it. Invitations and verification links need no look-up: their own write checks the list in its transaction.
 */
public final class SuppressionCheckedSender implements EmailSender {
    private final EmailSender sender;
    private final SuppressionList suppressions;

    public SuppressionCheckedSender(EmailSender sender, SuppressionList suppressions) {
        this.sender = sender;
        this.suppressions = suppressions;
    }

    @Override
    public void send(OutgoingEmail email) {
        boolean suppressed;
        try {
            suppressed = suppressions.contains(email.to());
        } catch (RuntimeException unreadable) {
            // Not knowing is not sending: callers count it as a failed send, as they would the mail service's refusal.
            throw new EmailNotSentException("suppression_unreadable", unreadable);
        }
        if (suppressed) {
            throw new MailSuppressedException();
        }
        sender.send(email);
    }
}
