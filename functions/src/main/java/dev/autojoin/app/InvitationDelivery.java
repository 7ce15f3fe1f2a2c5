package dev.autojoin.app;

import dev.autojoin.domain.EmailNotSentException;
import dev.autojoin.domain.Invitation;
import dev.autojoin.domain.InvitationToken;
import dev.autojoin.domain.MailSuppressedException;
import dev.autojoin.domain.MailTags;
import dev.autojoin.domain.Membership;
import dev.autojoin.domain.PendingInvitation;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Writes an invitation (or its new token) and then mails the link, in that order: a crash in between leaves a stored
 * invitation whose link nobody received (a resend fixes it), never a mailed link without its invitation. A refused
 * send is stored as {@code send_failed} with the reason. An address on the suppression list fails the write's own
 * condition, so it is never mailed: the invitation is stored as {@code bounced} instead.
 */
final class InvitationDelivery {
    enum Outcome {
        SENT,
        SEND_FAILED,
        ADDRESS_LIMITED,
        STALE,
        /** The address is suppressed: the invitation is stored as {@code bounced} and was not mailed. */
        BOUNCED
    }

    record Delivered(Outcome outcome, Invitation invitation) {}

    private final InvitationStore store;
    private final InvitationTemplate template;
    private final EmailSender sender;
    private final InvitationLimits limits;

    InvitationDelivery(
            InvitationStore store, InvitationTemplate template, EmailSender sender, InvitationLimits limits) {
        this.store = store;
        this.template = template;
        this.sender = sender;
        this.limits = limits;
    }

    /** {@code actor}: the inviter's membership as authorized; if it changed meanwhile, nothing is written (409). */
    Delivered invite(
            Invitation invitation,
            InvitationToken token,
            List<PendingInvitation> expired,
            Membership actor,
            Instant now) {
        InvitationStore.Write written = store.create(
                invitation,
                expired,
                day(now),
                limits.perAddressPerDay(),
                actor,
                InvitationAudit.invited(invitation, now));
        if (written == InvitationStore.Write.SUPPRESSED) {
            Invitation bounced = invitation.bounced(MailSuppressedException.REASON, now);
            store.createBounced(bounced, actor, InvitationAudit.invited(bounced, now));
            return new Delivered(Outcome.BOUNCED, bounced);
        }
        return written == InvitationStore.Write.WRITTEN
                ? mail(invitation, token, now)
                : new Delivered(outcome(written), invitation);
    }

    Delivered reissue(Invitation current, Invitation reissued, InvitationToken token, Membership actor, Instant now) {
        InvitationStore.Write written = store.reissue(
                current,
                reissued,
                day(now),
                limits.perAddressPerDay(),
                actor,
                InvitationAudit.resent(current, reissued, actor.userId(), now));
        if (written == InvitationStore.Write.SUPPRESSED) {
            // Open while its address is suppressed: feedback is still on its way. Close it now rather than mail it.
            String reason = MailSuppressedException.REASON;
            store.bounce(current.pending(), reason, now, InvitationAudit.bounced(current.pending(), reason, now));
            return new Delivered(Outcome.BOUNCED, current.bounced(reason, now));
        }
        return written == InvitationStore.Write.WRITTEN
                ? mail(reissued, token, now)
                : new Delivered(outcome(written), current);
    }

    static LocalDate day(Instant now) {
        return LocalDate.ofInstant(now, ZoneOffset.UTC);
    }

    /** Seconds until the daily allowances renew, at midnight UTC. */
    static long untilTomorrow(Instant now) {
        return day(now).plusDays(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond() - now.getEpochSecond();
    }

    private Delivered mail(Invitation invitation, InvitationToken token, Instant now) {
        try {
            sender.send(template.compose(invitation, token)
                    .tagged(MailTags.invitation(invitation.companyId(), invitation.id())));
            return new Delivered(Outcome.SENT, invitation);
        } catch (EmailNotSentException e) {
            return failed(invitation, e.reason(), now);
        } catch (IllegalArgumentException unsendable) {
            // The template refused what it was given (OutgoingEmail's header checks): nothing left for the mail
            // service.
            return failed(invitation, "unsendable", now);
        }
    }

    private Delivered failed(Invitation invitation, String reason, Instant now) {
        Invitation failed = invitation.sendFailed(reason);
        store.recordSendFailure(failed, InvitationAudit.sendFailed(failed, now));
        return new Delivered(Outcome.SEND_FAILED, failed);
    }

    private static Outcome outcome(InvitationStore.Write written) {
        return written == InvitationStore.Write.ADDRESS_LIMITED ? Outcome.ADDRESS_LIMITED : Outcome.STALE;
    }
}
