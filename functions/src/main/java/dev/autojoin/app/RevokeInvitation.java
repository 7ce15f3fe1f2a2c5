package dev.autojoin.app;

import dev.autojoin.domain.Caller;
import dev.autojoin.domain.ConflictException;
import dev.autojoin.domain.Invitation;
import dev.autojoin.domain.InvitationStatus;
import dev.autojoin.domain.Membership;
import dev.autojoin.domain.NotFoundException;
import dev.autojoin.domain.Permission;
import java.time.Clock;
import java.time.Instant;

/** DELETE /companies/{id}/invites/{inviteId}: the link stops working; revoking twice is harmless. */
public final class RevokeInvitation {
    private final InvitationStore invitations;
    private final Clock clock;

    public RevokeInvitation(InvitationStore invitations, Clock clock) {
        this.invitations = invitations;
        this.clock = clock;
    }

    public void revoke(Caller caller, String companyId, String inviteId) {
        InvitationStore.Reading reading = invitations.readAs(caller.sub(), companyId, inviteId, false);
        Membership me = Access.require(reading.reader(), Permission.INVITE);
        Invitation current = reading.invitation()
                .orElseThrow(() -> new NotFoundException("invitation_not_found", "No such invitation."));
        if (current.status() == InvitationStatus.REVOKED || current.status() == InvitationStatus.BOUNCED) {
            // Closed already; a bounced invitation keeps its status, so the admins still see why.
            return;
        }
        if (current.status() == InvitationStatus.ACCEPTED) {
            throw new ConflictException("invitation_used", "This invitation was accepted already.");
        }
        Instant now = clock.instant();
        Invitation revoked = current.closed(InvitationStatus.REVOKED, caller.sub(), now);
        if (!invitations.revoke(current, revoked, me, InvitationAudit.revoked(current, revoked, caller.sub(), now))) {
            // Accepted or revoked in the same moment: say which.
            InvitationStatus after =
                    ListInvitations.find(invitations, companyId, inviteId).status();
            if (after != InvitationStatus.REVOKED) {
                throw new ConflictException("invitation_used", "This invitation was accepted already.");
            }
        }
    }
}
