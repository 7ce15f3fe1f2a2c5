package dev.autojoin.app;

import dev.autojoin.domain.Caller;
import dev.autojoin.domain.Membership;

/** GET /companies/{id}/members: any member sees who is in; only managers see full emails. */
public final class ListMembers {
    public record Listing(Membership viewer, Page<Membership> page) {}

    private final Access access;
    private final MembershipStore memberships;

    public ListMembers(Access access, MembershipStore memberships) {
        this.access = access;
        this.memberships = memberships;
    }

    public Listing list(Caller caller, String companyId, Page.Request page) {
        Membership viewer = access.requireMember(caller, companyId);
        return new Listing(viewer, memberships.list(companyId, page));
    }
}
