package dev.autojoin.app;

import dev.autojoin.domain.AuditEntry;
import dev.autojoin.domain.DomainClaim;
import dev.autojoin.domain.DomainName;
import java.util.List;
import java.util.Optional;

public interface DomainStore {
    Optional<DomainClaim> find(DomainName domain);

    /**
     * The claims that could cover an email at {@code emailDomain}: the domain itself and, for subdomain opt-ins,
     * its ancestors; read in one request.
     */
    List<DomainClaim> candidates(DomainName emailDomain);

    /** Conditional create: fails with DomainAlreadyClaimedException when another company holds the domain. */
    void claim(DomainClaim claim, AuditEntry claimed);

    /** Conditional update on the holder and the version the caller read; stale: PreconditionFailedException. */
    DomainClaim update(DomainClaim changed, long expectedVersion, AuditEntry updated);

    List<DomainClaim> forCompany(String companyId);
}
