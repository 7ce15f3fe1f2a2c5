package dev.autojoin.app;

import dev.autojoin.domain.Caller;
import dev.autojoin.domain.Invitation;
import dev.autojoin.domain.NotFoundException;
import dev.autojoin.domain.Permission;

/** GET /companies/{id}/invites: every invitation, newest first, a page at a time. */
public final class ListInvitations {
    private final Access access;
    private final InvitationStore invitations;

    public ListInvitations(Access access, InvitationStore invitations) {
        this.access = access;
        this.invitations = invitations;
    }

    public Page<Invitation> list(Caller caller, String companyId, Page.Request page) {
        access.require(caller, companyId, Permission.INVITE);
        return invitations.list(companyId, page);
    }

    static Invitation find(InvitationStore invitations, String companyId, String inviteId) {
        return invitations
                .find(companyId, inviteId)
                .orElseThrow(() -> new NotFoundException("invitation_not_found", "No such invitation."));
    }
}
