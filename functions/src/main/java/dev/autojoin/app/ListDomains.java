package dev.autojoin.app;

import dev.autojoin.domain.Caller;
import dev.autojoin.domain.DomainClaim;
import java.util.List;

public final class ListDomains {
    private final Access access;
    private final DomainStore domains;

    public ListDomains(Access access, DomainStore domains) {
        this.access = access;
        this.domains = domains;
    }

    public List<DomainClaim> list(Caller caller, String companyId) {
        access.requireMember(caller, companyId);
        return domains.forCompany(companyId);
    }
}
