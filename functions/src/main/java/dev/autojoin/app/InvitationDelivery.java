package dev.autojoin.app;

import dev.autojoin.domain.Invitation;
import dev.autojoin.domain.MailSuppressedException;
import dev.autojoin.domain.Membership;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes invitations (or a resend's new expiry) as {@code queued}, then puts one message per email on the queue, in
 * that order: the invitation item is the outbox, so a crash or a queue outage in between leaves a queued invitation
 * that {@link SweepInvitationOutbox} puts on the queue again, never a message without its invitation. An address on
 * the suppression list fails the write's own condition, so it is never queued: the invitation is stored as
 * {@code bounced} instead.
 */
final class InvitationDelivery {
    enum Outcome {
        QUEUED,
        ADDRESS_LIMITED,
        STALE,
        /** The address is suppressed: the invitation is stored as {@code bounced} and was not queued. */
        BOUNCED
    }

    record Delivered(Outcome outcome, Invitation invitation) {}

    private final InvitationStore store;
    private final InvitationQueue queue;
    private final InvitationLimits limits;

    InvitationDelivery(InvitationStore store, InvitationQueue queue, InvitationLimits limits) {
        this.store = store;
        this.queue = queue;
        this.limits = limits;
    }

    /**
     * {@code actor}: the inviter's membership as authorized; if it changed meanwhile, nothing is written (409). One
     * answer per invitation, in order.
     */
    List<Delivered> invite(List<InvitationStore.NewInvitation> invitations, Membership actor, Instant now) {
        Map<String, InvitationStore.Write> written =
                store.createAll(invitations, day(now), limits.perAddressPerDay(), actor);
        List<Delivered> delivered = new ArrayList<>();
        List<InvitationQueue.Message> messages = new ArrayList<>();
        for (InvitationStore.NewInvitation created : invitations) {
            Invitation invitation = created.invitation();
            switch (written.get(invitation.id())) {
                case WRITTEN:
                    messages.add(new InvitationQueue.Message(invitation.companyId(), invitation.id()));
                    delivered.add(new Delivered(Outcome.QUEUED, invitation));
                    break;
                case SUPPRESSED:
                    Invitation bounced = invitation.bounced(MailSuppressedException.REASON, now);
                    store.createBounced(bounced, actor, InvitationAudit.invited(bounced, now));
                    delivered.add(new Delivered(Outcome.BOUNCED, bounced));
                    break;
                case ADDRESS_LIMITED:
                    delivered.add(new Delivered(Outcome.ADDRESS_LIMITED, invitation));
                    break;
                default:
                    delivered.add(new Delivered(Outcome.STALE, invitation));
            }
        }
        // What the queue does not take now, the outbox sweep puts on it later: the request has done its part.
        queue.enqueue(messages);
        return delivered;
    }

    Delivered reissue(Invitation current, Invitation reissued, Membership actor, Instant now) {
        InvitationStore.Write written = store.reissue(
                current,
                reissued,
                day(now),
                limits.perAddressPerDay(),
                actor,
                InvitationAudit.resent(current, reissued, actor.userId(), now));
        switch (written) {
            case WRITTEN:
                queue.enqueue(List.of(new InvitationQueue.Message(reissued.companyId(), reissued.id())));
                return new Delivered(Outcome.QUEUED, reissued);
            case SUPPRESSED:
                // Open while its address is suppressed: feedback is still on its way. Close it now rather than mail it.
                String reason = MailSuppressedException.REASON;
                store.bounce(current.pending(), reason, now, InvitationAudit.bounced(current.pending(), reason, now));
                return new Delivered(Outcome.BOUNCED, current.bounced(reason, now));
            case ADDRESS_LIMITED:
                return new Delivered(Outcome.ADDRESS_LIMITED, current);
            default:
                return new Delivered(Outcome.STALE, current);
        }
    }

    static LocalDate day(Instant now) {
        return LocalDate.ofInstant(now, ZoneOffset.UTC);
    }

    /** Seconds until the daily allowances renew, at midnight UTC. */
    static long untilTomorrow(Instant now) {
        return day(now).plusDays(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond() - now.getEpochSecond();
    }
}
