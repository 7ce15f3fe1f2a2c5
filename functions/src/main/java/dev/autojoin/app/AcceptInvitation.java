package dev.autojoin.app;

import dev.autojoin.domain.Caller;
import dev.autojoin.domain.ConflictException;
import dev.autojoin.domain.EmailAddress;
import dev.autojoin.domain.ForbiddenException;
import dev.autojoin.domain.GoneException;
import dev.autojoin.domain.Invitation;
import dev.autojoin.domain.JoinNotice;
import dev.autojoin.domain.Membership;
import dev.autojoin.domain.PendingInvitation;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * POST /invites/{token}/accept: the signed-in person whose verified email is the invited one joins, in one
 * transaction with the invitation's acceptance. A token works once.
 */
public final class AcceptInvitation {
    /** Why a bounced invitation's link no longer works (the page, the JSON preview and the accept say the same). */
    public static final String BOUNCED =
            "Email to this address bounced or was reported as unwanted, so this invitation was withdrawn; ask for a"
                    + " new one.";

    /** Why an invitation whose inviter lost the authority to send it no longer works. */
    public static final String INVITER_LOST_AUTHORITY =
            "The person who invited you can no longer grant this invitation's role and permissions; ask an admin"
                    + " for a new invitation.";

    private final InvitationStore invitations;
    private final MembershipStore memberships;
    private final TeamStore teams;
    private final Clock clock;

    public AcceptInvitation(InvitationStore invitations, MembershipStore memberships, TeamStore teams, Clock clock) {
        this.invitations = invitations;
        this.memberships = memberships;
        this.teams = teams;
        this.clock = clock;
    }

    /**
     * An invitation its inviter can no longer grant is refused, and the company's admins hear of it once, in their
     * next digest (a notice, not mail from here: the sign-up trigger calls this too).
     */
    static ConflictException refused(
            InvitationStore invitations, PendingInvitation invitation, String sub, String via, Instant now) {
        invitations.refuse(
                invitation,
                new JoinNotice(
                        invitation.companyId(), JoinNotice.Kind.INVITATION_REFUSED, sub, invitation.email(), now),
                InvitationAudit.refused(invitation, sub, via, now));
        return new ConflictException("inviter_lost_authority", INVITER_LOST_AUTHORITY);
    }

    /** The inviter's membership now, when it could still send {@code invitation}: one read. */
    static Optional<Membership> authority(MembershipStore memberships, PendingInvitation invitation) {
        return memberships
                .find(invitation.companyId(), invitation.invitedBy())
                .filter(inviter -> Access.couldSend(inviter, invitation));
    }

    /**
     * The membership accepting {@code invitation} grants, in the invited teams that people may still join: a team
     * archived or gone since the invitation was sent is skipped (read here, one read, only when it names teams).
     */
    static Membership joining(
            TeamStore teams, PendingInvitation invitation, String sub, EmailAddress email, Instant now) {
        Set<String> active = Set.of();
        if (!invitation.teams().isEmpty()) {
            Set<TeamStore.Ref> refs = new HashSet<>();
            invitation.teams().keySet().forEach(t -> refs.add(new TeamStore.Ref(invitation.companyId(), t)));
            active = TeamPlaces.active(teams.findAll(refs).values(), now);
        }
        return invitation.membershipFor(sub, email, now, active);
    }

    /**
     * Three reads (the token, the invitation, the inviter's membership now) and one transaction; an expired
     * invitation is recorded as such (one more write) on first use. An invitation whose inviter was removed, or holds
     * less than it grants, is refused (409 {@code inviter_lost_authority}): an invitation grants only what a current
     * holder could grant; its refusal is recorded once for the admins' digest (one transaction).
     */
    public Membership accept(Caller caller, String rawToken) {
        EmailAddress email = caller.requireVerifiedEmail();
        ShowInvitation.Located found = ShowInvitation.locate(invitations, rawToken);
        Invitation invitation = found.invitation();
        if (!invitation.email().canonical().equals(email.canonical())) {
            throw new ForbiddenException(
                    "email_mismatch",
                    "This invitation was sent to " + invitation.email().masked()
                            + "; sign in with that address to accept it.");
        }
        Instant now = clock.instant();
        requireOpen(found, now);
        PendingInvitation pending = invitation.pending();
        Membership inviter = authority(memberships, pending)
                .orElseThrow(() -> refused(invitations, pending, caller.sub(), "link", now));
        Membership membership = joining(teams, pending, caller.sub(), email, now);
        InvitationStore.Acceptance acceptance;
        try {
            acceptance = invitations.accept(
                    pending,
                    membership,
                    inviter,
                    Optional.of(found.tokenHash()),
                    now,
                    InvitationAudit.accepted(pending, caller.sub(), "link", now));
        } catch (ConflictException inFlight) {
            // DynamoDB cancelled ours for another transaction on the same items (TransactionConflict).
            acceptance = InvitationStore.Acceptance.NOT_OPEN;
        }
        if (acceptance == InvitationStore.Acceptance.ACCEPTED) {
            return membership;
        }
        // Something changed between our read and our write (most often the same person's other accept): say what.
        requireOpen(ShowInvitation.locate(invitations, rawToken), clock.instant());
        if (acceptance == InvitationStore.Acceptance.INVITER_CHANGED) {
            authority(memberships, pending)
                    .orElseThrow(() -> refused(invitations, pending, caller.sub(), "link", clock.instant()));
            throw new ConflictException(
                    "concurrent_change", "The inviter's membership changed at the same moment; try again.");
        }
        if (acceptance == InvitationStore.Acceptance.ALREADY_MEMBER) {
            // Nothing written: the invitation stays pending (its role was not granted), for an admin to revoke.
            throw new ConflictException("already_member", "You are already a member of this company.");
        }
        throw new ConflictException("concurrent_change", "The invitation changed at the same moment; try again.");
    }

    private void requireOpen(ShowInvitation.Located found, Instant now) {
        Invitation invitation = found.invitation();
        if (found.replaced()) {
            throw new GoneException(
                    "invitation_replaced", "A newer email replaced this invitation link; use the link in that email.");
        }
        switch (invitation.statusAt(now)) {
            case ACCEPTED:
                throw new ConflictException("invitation_used", "This invitation was accepted already.");
            case REVOKED:
                throw new GoneException("invitation_revoked", "This invitation was revoked.");
            case BOUNCED:
                throw new GoneException("invitation_bounced", BOUNCED);
            case EXPIRED:
                if (invitation.status().open()) {
                    invitations.expire(invitation, now, InvitationAudit.expired(invitation, now));
                }
                throw new GoneException("invitation_expired", "This invitation expired; ask for a new one.");
            default:
                return;
        }
    }
}
