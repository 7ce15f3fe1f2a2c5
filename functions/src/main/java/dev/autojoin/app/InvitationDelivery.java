package dev.autojoin.app;

import dev.autojoin.domain.EmailNotSentException;
import dev.autojoin.domain.Invitation;
import dev.autojoin.domain.InvitationToken;
import dev.autojoin.domain.PendingInvitation;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Writes an invitation (or its new token) and then mails the link, in that order: a crash in between leaves a stored
 * invitation whose link nobody received (a resend fixes it), never a mailed link without its invitation. A refused
 * send is stored as {@code send_failed} with the reason.
 */
final class InvitationDelivery {
    enum Outcome {
        SENT,
        SEND_FAILED,
        ADDRESS_LIMITED,
        STALE
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

    Delivered invite(Invitation invitation, InvitationToken token, List<PendingInvitation> expired, Instant now) {
        InvitationStore.Write written = store.create(
                invitation, expired, day(now), limits.perAddressPerDay(), InvitationAudit.invited(invitation, now));
        return written == InvitationStore.Write.WRITTEN
                ? mail(invitation, token, now)
                : new Delivered(outcome(written), invitation);
    }

    Delivered reissue(Invitation current, Invitation reissued, InvitationToken token, String actorId, Instant now) {
        InvitationStore.Write written = store.reissue(
                current,
                reissued,
                day(now),
                limits.perAddressPerDay(),
                InvitationAudit.resent(current, reissued, actorId, now));
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
            sender.send(template.compose(invitation, token));
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
