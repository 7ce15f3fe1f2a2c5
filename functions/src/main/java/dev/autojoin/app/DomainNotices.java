package dev.autojoin.app;

import dev.autojoin.domain.EmailAddress;
import dev.autojoin.domain.EmailNotSentException;
import dev.autojoin.domain.MailSuppressedException;
import dev.autojoin.domain.MailTags;
import dev.autojoin.domain.Membership;
import dev.autojoin.domain.OutgoingEmail;
import java.util.function.Function;

/** Tells a company's admins about their domains; a failed send never undoes the change it reports. */
final class DomainNotices {
    /** How many admins were told and how many could not be. */
    record Sent(int sent, int failed) {
        static final Sent NONE = new Sent(0, 0);

        Sent plus(Sent other) {
            return new Sent(sent + other.sent, failed + other.failed);
        }
    }

    private final CompanyAdmins admins;
    private final EmailSender sender;

    DomainNotices(CompanyAdmins admins, EmailSender sender) {
        this.admins = admins;
        this.sender = sender;
    }

    Sent tell(String companyId, Function<EmailAddress, OutgoingEmail> email) {
        int sent = 0;
        int failed = 0;
        for (Membership admin : admins.of(companyId)) {
            try {
                sender.send(email.apply(admin.email())
                        .tagged(MailTags.toMember(MailTags.DOMAIN_NOTICE, companyId, admin.userId())));
                sent++;
            } catch (MailSuppressedException e) {
                // Not a failure: this address is not mailed any more.
            } catch (EmailNotSentException e) {
                failed++;
            }
        }
        return new Sent(sent, failed);
    }
}
