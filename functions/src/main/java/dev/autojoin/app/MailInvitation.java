package dev.autojoin.app;

import dev.autojoin.domain.Delivery;
import dev.autojoin.domain.EmailNotSentException;
import dev.autojoin.domain.Invitation;
import dev.autojoin.domain.InvitationStatus;
import dev.autojoin.domain.InvitationToken;
import dev.autojoin.domain.MailTags;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The sender function's one use case: mail one queued invitation. It mints the link's token here (the queue never
 * holds one), writes its hash before sending (never a mailed link without its invitation), sends at the configured
 * pace, then records {@code sent}. A message for an invitation that is no longer open and queued (sent already,
 * accepted, revoked, bounced, or taken by another delivery of the same message) is skipped.
 */
public final class MailInvitation {
    /** What became of one message. */
    public enum Outcome {
        SENT,
        /** Nothing to mail: the message is done. */
        SKIPPED,
        /** The mail service refused this email for good: recorded as delivery {@code failed}; the message is done. */
        REFUSED,
        /** Throttled or unavailable: the message comes back later (the queue's backoff). */
        RETRY,
        /** Still failing at its last attempt: recorded as delivery {@code failed}; the message goes to the DLQ. */
        FAILED
    }

    /**
     * Another delivery of the same message holding the invitation longer than this died between minting and sending:
     * the next may take it. Longer than a send takes, shorter than the queue's visibility timeout.
     */
    public static final Duration LEASE = Duration.ofSeconds(60);

    private final InvitationStore invitations;
    private final InvitationTemplate template;
    private final EmailSender sender;
    private final SendPace pace;
    private final SecureRandom random;
    private final Clock clock;

    public MailInvitation(
            InvitationStore invitations,
            InvitationTemplate template,
            EmailSender sender,
            SendPace pace,
            SecureRandom random,
            Clock clock) {
        this.invitations = invitations;
        this.template = template;
        this.sender = sender;
        this.pace = pace;
        this.random = random;
        this.clock = clock;
    }

    /** {@code lastAttempt}: the queue will not hand this message over again (it goes to the DLQ if it fails). */
    public Outcome mail(String companyId, String inviteId, boolean lastAttempt) {
        Optional<Invitation> found = invitations.find(companyId, inviteId);
        Instant now = clock.instant();
        if (found.isEmpty() || !mailable(found.get(), now)) {
            return Outcome.SKIPPED;
        }
        Invitation current = found.get();
        InvitationToken token = InvitationToken.generate(random);
        if (!invitations.takeForMailing(current, token.hash(), now, LEASE)) {
            return Outcome.SKIPPED;
        }
        Invitation taken = current.sent(token.hash());
        pace.await();
        try {
            sender.send(template.compose(taken, token).tagged(MailTags.invitation(companyId, inviteId)));
        } catch (EmailNotSentException e) {
            if (e.retryable() && !lastAttempt) {
                invitations.giveBack(taken);
                return Outcome.RETRY;
            }
            fail(taken, e.reason());
            return e.retryable() ? Outcome.FAILED : Outcome.REFUSED;
        } catch (IllegalArgumentException unsendable) {
            // The template refused what it was given (OutgoingEmail's header checks): nothing for the mail service.
            fail(taken, "unsendable");
            return Outcome.REFUSED;
        }
        invitations.recordSent(taken, clock.instant());
        return Outcome.SENT;
    }

    private static boolean mailable(Invitation invitation, Instant now) {
        return invitation.status() == InvitationStatus.PENDING
                && invitation.delivery() == Delivery.QUEUED
                && now.isBefore(invitation.expiresAt());
    }

    private void fail(Invitation taken, String reason) {
        Invitation failed = taken.sendFailed(reason);
        invitations.recordSendFailure(failed, InvitationAudit.sendFailed(failed, clock.instant()));
    }
}
