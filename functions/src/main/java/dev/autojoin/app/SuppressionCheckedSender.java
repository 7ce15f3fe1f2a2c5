package dev.autojoin.app;

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
        if (suppressions.contains(email.to())) {
            throw new MailSuppressedException();
        }
        sender.send(email);
    }
}
