package dev.autojoin.app;

import dev.autojoin.domain.Caller;
import dev.autojoin.domain.Invitation;
import dev.autojoin.domain.Membership;
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

    /** A page of invitations, and who reads it ({@link Access#seesEmailOf(Membership, Invitation)} masks for them). */
    public record Listing(Page<Invitation> page, Membership viewer) {}

    public Listing list(Caller caller, String companyId, Page.Request page) {
        Membership viewer = access.require(caller, companyId, Permission.INVITE);
        return new Listing(invitations.list(companyId, page), viewer);
    }

    static Invitation find(InvitationStore invitations, String companyId, String inviteId) {
        return invitations
                .find(companyId, inviteId)
                .orElseThrow(() -> new NotFoundException("invitation_not_found", "No such invitation."));
    }
}
