package dev.autojoin.app;

import dev.autojoin.domain.Caller;
import dev.autojoin.domain.DomainClaim;
import java.time.Clock;
import java.time.Instant;

public final class ListDomains {
    private final Access access;
    private final DomainStore domains;
    private final Clock clock;

    public ListDomains(Access access, DomainStore domains, Clock clock) {
        this.access = access;
        this.domains = domains;
        this.clock = clock;
    }

    /** Holding and pending claims alike, each as it stands now (a pending proof past its deadline has failed). */
    public Page<DomainClaim> list(Caller caller, String companyId, Page.Request page) {
        access.requireMember(caller, companyId);
        Instant now = clock.instant();
        Page<DomainClaim> claims = domains.forCompany(companyId, page);
        return new Page<>(claims.items().stream().map(c -> c.asOf(now)).toList(), claims.nextCursor());
    }
}
