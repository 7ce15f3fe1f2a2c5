package dev.autojoin.app;

import dev.autojoin.domain.Caller;
import dev.autojoin.domain.JoinRequest;
import dev.autojoin.domain.Permission;

public final class ListJoinRequests {
    private final Access access;
    private final JoinRequestStore requests;

    public ListJoinRequests(Access access, JoinRequestStore requests) {
        this.access = access;
        this.requests = requests;
    }

    public Page<JoinRequest> list(Caller caller, String companyId, Page.Request page) {
        access.require(caller, companyId, Permission.MANAGE_MEMBERS);
        return requests.pending(companyId, page);
    }
}
