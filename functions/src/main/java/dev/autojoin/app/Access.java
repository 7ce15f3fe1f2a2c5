package dev.autojoin.app;

import dev.autojoin.domain.Caller;
import dev.autojoin.domain.ForbiddenException;
import dev.autojoin.domain.Membership;
import dev.autojoin.domain.NotFoundException;
import dev.autojoin.domain.Permission;

/** The one place that decides whether a caller may act on a company; every company route asks it. */
public final class Access {
    private final MembershipStore memberships;

    public Access(MembershipStore memberships) {
        this.memberships = memberships;
    }

    /** The caller's membership; a company they are not in is indistinguishable from one that does not exist. */
    public Membership requireMember(Caller caller, String companyId) {
        return memberships
                .find(companyId, caller.sub())
                .orElseThrow(() -> new NotFoundException("not_found", "No such company."));
    }

    public Membership require(Caller caller, String companyId, Permission permission) {
        Membership membership = requireMember(caller, companyId);
        if (!membership.may(permission)) {
            throw new ForbiddenException(
                    "forbidden", "This needs the " + permission.wire() + " permission in this company.");
        }
        return membership;
    }
}
