package dev.autojoin.app;

import dev.autojoin.domain.AuditEntry;
import dev.autojoin.domain.Company;
import dev.autojoin.domain.DomainAlreadyClaimedException;
import dev.autojoin.domain.DomainClaim;
import dev.autojoin.domain.DomainName;
import dev.autojoin.domain.Membership;
import dev.autojoin.domain.PreconditionFailedException;
import dev.autojoin.domain.Suggestion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Fakes of every store port, counting reads and writes like the request budget does. */
final class InMemoryStores implements CompanyStore, MembershipStore, DomainStore {
    final Map<String, Company> companies = new ConcurrentHashMap<>();
    final Map<String, Membership> memberships = new ConcurrentHashMap<>();
    final Map<String, Suggestion> suggestions = new ConcurrentHashMap<>();
    final Map<DomainName, DomainClaim> domains = new ConcurrentHashMap<>();
    final List<AuditEntry> audit = new java.util.concurrent.CopyOnWriteArrayList<>();
    final AtomicInteger reads = new AtomicInteger();
    final AtomicInteger writes = new AtomicInteger();

    @Override
    public void create(Company company, Membership owner, AuditEntry created) {
        writes.incrementAndGet();
        audit.add(created);
        companies.put(company.id(), company);
        memberships.put(owner.companyId() + "/" + owner.userId(), owner);
    }

    @Override
    public Optional<Company> find(String companyId) {
        reads.incrementAndGet();
        return Optional.ofNullable(companies.get(companyId));
    }

    @Override
    public Optional<Membership> find(String companyId, String userId) {
        reads.incrementAndGet();
        return Optional.ofNullable(memberships.get(companyId + "/" + userId));
    }

    @Override
    public boolean addIfAbsent(Membership membership, AuditEntry added) {
        writes.incrementAndGet();
        boolean absent =
                memberships.putIfAbsent(membership.companyId() + "/" + membership.userId(), membership) == null;
        if (absent) {
            audit.add(added);
        }
        return absent;
    }

    @Override
    public boolean suggestIfAbsent(Suggestion suggestion) {
        writes.incrementAndGet();
        return suggestions.putIfAbsent(suggestion.companyId() + "/" + suggestion.userId(), suggestion) == null;
    }

    @Override
    public UserCompanies forUser(String userId) {
        reads.incrementAndGet();
        return new UserCompanies(
                memberships.values().stream()
                        .filter(m -> m.userId().equals(userId))
                        .toList(),
                suggestions.values().stream()
                        .filter(s -> s.userId().equals(userId))
                        .toList());
    }

    @Override
    public Optional<DomainClaim> find(DomainName domain) {
        reads.incrementAndGet();
        return Optional.ofNullable(domains.get(domain));
    }

    @Override
    public List<DomainClaim> candidates(DomainName emailDomain) {
        reads.incrementAndGet();
        List<DomainClaim> out = new ArrayList<>();
        Optional.ofNullable(domains.get(emailDomain)).ifPresent(out::add);
        emailDomain.ancestors().forEach(a -> Optional.ofNullable(domains.get(a)).ifPresent(out::add));
        return out;
    }

    @Override
    public void claim(DomainClaim claim, AuditEntry claimed) {
        writes.incrementAndGet();
        if (domains.putIfAbsent(claim.domain(), claim) != null) {
            throw new DomainAlreadyClaimedException(claim.domain());
        }
        audit.add(claimed);
    }

    @Override
    public DomainClaim update(DomainClaim changed, long expectedVersion, AuditEntry updated) {
        writes.incrementAndGet();
        DomainClaim current = domains.get(changed.domain());
        if (current == null
                || current.version() != expectedVersion
                || !current.companyId().equals(changed.companyId())) {
            throw new PreconditionFailedException("version_conflict", "stale");
        }
        domains.put(changed.domain(), changed);
        audit.add(updated);
        return changed;
    }

    @Override
    public List<DomainClaim> forCompany(String companyId) {
        reads.incrementAndGet();
        return domains.values().stream()
                .filter(c -> c.companyId().equals(companyId))
                .toList();
    }

    void resetCounts() {
        reads.set(0);
        writes.set(0);
    }
}
