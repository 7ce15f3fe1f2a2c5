package dev.autojoin.app;

import dev.autojoin.domain.Caller;
import dev.autojoin.domain.Company;
import dev.autojoin.domain.ConflictException;
import dev.autojoin.domain.Invitation;
import dev.autojoin.domain.InvitationToken;
import dev.autojoin.domain.Membership;
import dev.autojoin.domain.NotFoundException;
import dev.autojoin.domain.Permission;
import dev.autojoin.domain.RateLimitedException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;

/**
 * POST /companies/{id}/invites/{inviteId}/resend: a new expiry and a new email on the queue, with a new link; the old
 * link is dead at once.
 */
public final class ResendInvitation {
    /** Why an address is not mailed: the same words wherever an invitation meets the suppression list. */
    static final String SUPPRESSED = "Email to this address bounced or was reported as unwanted, so it is no longer"
            + " mailed; check the address and invite the corrected one.";

    private final InvitationStore invitations;
    private final InvitationDelivery delivery;
    private final InvitationLimits limits;
    private final SecureRandom random;
    private final Clock clock;

    public ResendInvitation(
            InvitationStore invitations,
            InvitationQueue queue,
            InvitationLimits limits,
            SecureRandom random,
            Clock clock) {
        this.invitations = invitations;
        this.delivery = new InvitationDelivery(invitations, queue, limits);
        this.limits = limits;
        this.random = random;
        this.clock = clock;
    }

    /** The invitation as resent: {@code pending}, its email {@code queued} with a new link to come, the old one dead. */
    /** The invitation as resent, and whether the resender sees its address in full (Access.seesEmailOf). */
    public record Resent(Invitation invitation, boolean fullEmail) {}

    public Resent resend(Caller caller, String companyId, String inviteId) {
        InvitationStore.Reading reading = invitations.readAs(caller.sub(), companyId, inviteId, true);
        Membership me = Access.require(reading.reader(), Permission.INVITE);
        Invitation current = reading.invitation()
                .orElseThrow(() -> new NotFoundException("invitation_not_found", "No such invitation."));
        switch (current.status()) {
            case ACCEPTED:
                throw new ConflictException("invitation_used", "This invitation was accepted already.");
            case REVOKED:
                throw new ConflictException(
                        "invitation_revoked", "This invitation was revoked; invite the address again.");
            case BOUNCED:
                // Mailing a bounced address again hurts the sender's reputation, and a complaint is the recipient's
                // "stop": a resend never lifts the suppression.
                throw new ConflictException("invitation_bounced", SUPPRESSED);
            default:
                break;
        }
        Company company = reading.company().orElseThrow(() -> new NotFoundException("not_found", "No such company."));
        Access.requireGrantable(me, current.role(), current.permissions(), current.teams());
        Instant now = clock.instant();
        if (!invitations.reserve(companyId, InvitationDelivery.day(now), 1, limits.perCompanyPerDay())) {
            throw new RateLimitedException(
                    "This company sent its " + limits.perCompanyPerDay() + " invitations for today.",
                    InvitationDelivery.untilTomorrow(now));
        }
        // The old link dies now; the sender mints the new one when it mails.
        InvitationDelivery.Delivered delivered =
                delivery.reissue(current, current.reissued(InvitationToken.generate(random), company, now), me, now);
        switch (delivered.outcome()) {
            case ADDRESS_LIMITED:
                throw new RateLimitedException(
                        "This address already received " + limits.perAddressPerDay() + " invitations today.",
                        InvitationDelivery.untilTomorrow(now));
            case STALE:
                throw new ConflictException(
                        "concurrent_change", "The invitation changed at the same moment; reload and try again.");
            case BOUNCED:
                throw new ConflictException("address_suppressed", SUPPRESSED);
            default:
                return new Resent(delivered.invitation(), Access.seesEmailOf(me, delivered.invitation()));
        }
    }
}
