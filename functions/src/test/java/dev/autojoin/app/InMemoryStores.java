package dev.autojoin.app;

import dev.autojoin.domain.AuditEntry;
import dev.autojoin.domain.Company;
import dev.autojoin.domain.ConflictException;
import dev.autojoin.domain.DomainAlreadyClaimedException;
import dev.autojoin.domain.DomainClaim;
import dev.autojoin.domain.DomainName;
import dev.autojoin.domain.JoinNotice;
import dev.autojoin.domain.Membership;
import dev.autojoin.domain.PreconditionFailedException;
import dev.autojoin.domain.Role;
import dev.autojoin.domain.Suggestion;
import dev.autojoin.domain.SuggestionStatus;
import dev.autojoin.domain.Team;
import dev.autojoin.domain.VerificationLink;
import dev.autojoin.domain.VerificationMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Fakes of every store port, counting reads and writes like the request budget does. */
final class InMemoryStores implements CompanyStore, MembershipStore, DomainStore, TeamStore {
    final Map<String, Team> teams = new ConcurrentHashMap<>();
    final Map<String, Company> companies = new ConcurrentHashMap<>();
    final Map<String, Membership> memberships = new ConcurrentHashMap<>();
    final Map<String, Suggestion> suggestions = new ConcurrentHashMap<>();
    final Map<DomainName, DomainClaim> domains = new ConcurrentHashMap<>();
    final Map<String, DomainClaim> claimants = new ConcurrentHashMap<>();
    final Map<String, VerificationLink> links = new ConcurrentHashMap<>();
    final List<AuditEntry> audit = new java.util.concurrent.CopyOnWriteArrayList<>();
    final Map<String, String> removals = new ConcurrentHashMap<>();
    final List<JoinNotice> notices = new java.util.concurrent.CopyOnWriteArrayList<>();
    final AtomicInteger reads = new AtomicInteger();
    final AtomicInteger writes = new AtomicInteger();

    @Override
    public void create(Company company, Membership owner, Team firstTeam, AuditEntry created) {
        writes.incrementAndGet();
        audit.add(created);
        companies.put(company.id(), company);
        teams.put(firstTeam.companyId() + "/" + firstTeam.id(), firstTeam);
        memberships.put(owner.companyId() + "/" + owner.userId(), owner);
    }

    @Override
    public List<Team> list(String companyId) {
        reads.incrementAndGet();
        return teams.values().stream()
                .filter(t -> t.companyId().equals(companyId))
                .sorted(java.util.Comparator.comparing(Team::createdAt))
                .toList();
    }

    @Override
    public Map<TeamStore.Ref, Team> findAll(java.util.Set<TeamStore.Ref> refs) {
        if (!refs.isEmpty()) {
            reads.incrementAndGet(); // the store reads nothing for no team
        }
        Map<TeamStore.Ref, Team> found = new HashMap<>();
        refs.forEach(r ->
                Optional.ofNullable(teams.get(r.companyId() + "/" + r.teamId())).ifPresent(t -> found.put(r, t)));
        return found;
    }

    @Override
    public TeamStore.Reading read(String companyId, String teamId, java.util.Set<String> userIds) {
        reads.incrementAndGet();
        Map<String, Membership> found = new HashMap<>();
        userIds.forEach(
                id -> Optional.ofNullable(memberships.get(companyId + "/" + id)).ifPresent(m -> found.put(id, m)));
        return new TeamStore.Reading(found, Optional.ofNullable(teams.get(companyId + "/" + teamId)));
    }

    @Override
    public void create(Team team, Membership actor, AuditEntry created) {
        writes.incrementAndGet();
        audit.add(created);
        teams.put(team.companyId() + "/" + team.id(), team);
    }

    @Override
    public void change(Team current, Team changed, Membership actor, AuditEntry entry) {
        writes.incrementAndGet();
        if (!current.archived()
                && changed.archived()
                && teams.values().stream()
                                .filter(t -> t.companyId().equals(current.companyId()) && !t.archived())
                                .count()
                        <= 1) {
            throw Team.lastTeam();
        }
        audit.add(entry);
        teams.put(changed.companyId() + "/" + changed.id(), changed);
    }

    @Override
    public void changeMember(Membership current, Membership changed, Team joining, Membership actor, AuditEntry entry) {
        writes.incrementAndGet();
        audit.add(entry);
        memberships.put(changed.companyId() + "/" + changed.userId(), changed);
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
    public synchronized boolean markRemoved(Suggestion marker) {
        writes.incrementAndGet();
        String key = marker.companyId() + "/" + marker.userId();
        Suggestion there = suggestions.get(key);
        if (there != null && there.status() != SuggestionStatus.SUGGESTED) {
            return false;
        }
        suggestions.put(key, marker);
        return true;
    }

    @Override
    public synchronized Suggesting suggest(Suggestion suggestion) {
        writes.incrementAndGet();
        String key = suggestion.companyId() + "/" + suggestion.userId();
        if (suggestions.containsKey(key)) {
            return Suggesting.ALREADY_SUGGESTED;
        }
        if (suggestion.email() != null
                && removals.containsKey(
                        suggestion.companyId() + "/" + suggestion.email().mailbox())) {
            return Suggesting.REMOVED;
        }
        suggestions.put(key, suggestion);
        return Suggesting.SUGGESTED;
    }

    @Override
    public synchronized Suggesting offer(Suggestion offer) {
        writes.incrementAndGet();
        String key = offer.companyId() + "/" + offer.userId();
        Suggestion there = suggestions.get(key);
        if (there != null && there.status() != SuggestionStatus.SUGGESTED) {
            return Suggesting.ALREADY_SUGGESTED;
        }
        if (offer.email() != null
                && removals.containsKey(offer.companyId() + "/" + offer.email().mailbox())) {
            return Suggesting.REMOVED;
        }
        suggestions.put(key, offer);
        return Suggesting.SUGGESTED;
    }

    @Override
    public synchronized boolean keep(String companyId, String userId, java.time.Instant at) {
        writes.incrementAndGet();
        Suggestion there = suggestions.get(companyId + "/" + userId);
        if (there == null || there.status() != SuggestionStatus.OFFERED) {
            return false;
        }
        suggestions.put(companyId + "/" + userId, there.with(SuggestionStatus.KEPT, at));
        return true;
    }

    @Override
    public Page<MemberAt> membersAt(DomainName domain, boolean subdomains, Page.Request page) {
        reads.incrementAndGet();
        List<MemberAt> found = memberships.values().stream()
                .filter(m -> m.email() != null
                        && (m.email().domain().equals(domain)
                                || (subdomains && m.email().domain().isSubdomainOf(domain))))
                .sorted(java.util.Comparator.comparing(Membership::companyId).thenComparing(Membership::userId))
                .map(m -> new MemberAt(m.companyId(), m.userId(), m.email()))
                .limit(page.limit())
                .toList();
        return new Page<>(found, Optional.empty());
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
    public synchronized DomainClaim configure(
            DomainClaim current, DomainClaim changed, Membership actor, AuditEntry updated) {
        DomainClaim written = update(changed, current.version(), actor, updated);
        if (changed.captures() && !current.captures()) {
            capturesPending.add(new CaptureToTell(changed.domain(), updated.at()));
        }
        return written;
    }

    @Override
    public synchronized DomainClaim update(
            DomainClaim changed, long expectedVersion, Membership actor, AuditEntry updated) {
        writes.incrementAndGet();
        requireActor(actor);
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
    public Page<DomainClaim> forCompany(String companyId, Page.Request page) {
        reads.incrementAndGet();
        List<DomainClaim> out = new ArrayList<>();
        domains.values().stream().filter(c -> c.companyId().equals(companyId)).forEach(out::add);
        claimants.values().stream().filter(c -> c.companyId().equals(companyId)).forEach(out::add);
        return new Page<>(out, java.util.Optional.empty());
    }

    @Override
    public Claims read(DomainName domain, String companyId) {
        reads.incrementAndGet();
        return new Claims(
                Optional.ofNullable(domains.get(domain)), Optional.ofNullable(claimants.get(domain + "/" + companyId)));
    }

    @Override
    public CompanyStore.Reading readAs(String userId, String companyId) {
        reads.incrementAndGet();
        return new CompanyStore.Reading(
                Optional.ofNullable(memberships.get(companyId + "/" + userId)),
                Optional.ofNullable(companies.get(companyId)));
    }

    @Override
    public DomainStore.Reading readAs(String userId, DomainName domain, String companyId) {
        reads.incrementAndGet();
        return new DomainStore.Reading(
                Optional.ofNullable(memberships.get(companyId + "/" + userId)),
                new Claims(
                        Optional.ofNullable(domains.get(domain)),
                        Optional.ofNullable(claimants.get(domain + "/" + companyId))));
    }

    @Override
    public synchronized void savePending(
            DomainClaim claim,
            long expectedVersion,
            Optional<VerificationLink> link,
            int dailyLinks,
            Membership actor,
            AuditEntry a) {
        writes.incrementAndGet();
        requireActor(actor);
        String key = claim.domain() + "/" + claim.companyId();
        DomainClaim current = claimants.get(key);
        if ((expectedVersion == 0) != (current == null) || (current != null && current.version() != expectedVersion)) {
            throw new dev.autojoin.domain.ConflictException("domain_changed", "stale");
        }
        claimants.put(key, claim);
        link.ifPresent(l -> links.put(l.tokenHash(), l));
        audit.add(a);
    }

    @Override
    public synchronized void promote(
            DomainClaim verified,
            long ownVersion,
            Optional<Displacement> displacement,
            Optional<String> linkTokenHash,
            Optional<Membership> actor,
            List<AuditEntry> audits) {
        writes.incrementAndGet();
        actor.ifPresent(this::requireActor);
        DomainClaim holder = domains.get(verified.domain());
        boolean displaceable = displacement.isPresent()
                && holder != null
                && holder.version() == displacement.get().before().version()
                && holder.method() != VerificationMethod.DNS;
        if (holder != null && !displaceable) {
            throw new DomainAlreadyClaimedException(verified.domain());
        }
        if (linkTokenHash.isPresent()) {
            VerificationLink link = links.get(linkTokenHash.get());
            if (link == null || link.usedAt() != null) {
                throw new dev.autojoin.domain.GoneException("verification_used", "used");
            }
            links.put(
                    link.tokenHash(),
                    new VerificationLink(
                            link.tokenHash(),
                            link.domain(),
                            link.companyId(),
                            link.companyName(),
                            link.sentTo(),
                            link.createdAt(),
                            link.expiresAt(),
                            verified.verification().verifiedAt()));
        }
        if (ownVersion > 0) {
            claimants.remove(verified.domain() + "/" + verified.companyId());
        }
        displacement.ifPresent(
                d -> claimants.put(d.after().domain() + "/" + d.after().companyId(), d.after()));
        domains.put(verified.domain(), verified);
        audit.addAll(audits);
    }

    @Override
    public synchronized boolean replaceHolder(
            DomainClaim changed, long expectedVersion, Optional<Membership> actor, Optional<AuditEntry> a) {
        writes.incrementAndGet();
        actor.ifPresent(this::requireActor);
        DomainClaim current = domains.get(changed.domain());
        if (current == null
                || current.version() != expectedVersion
                || !current.companyId().equals(changed.companyId())) {
            return false;
        }
        domains.put(changed.domain(), changed);
        a.ifPresent(audit::add);
        return true;
    }

    @Override
    public synchronized boolean demote(DomainClaim holder, DomainClaim after, AuditEntry a) {
        writes.incrementAndGet();
        if (!replaceable(holder)) {
            return false;
        }
        domains.remove(holder.domain());
        claimants.put(after.domain() + "/" + after.companyId(), after);
        audit.add(a);
        return true;
    }

    @Override
    public synchronized void release(DomainClaim claim, Membership actor, AuditEntry a) {
        writes.incrementAndGet();
        requireActor(actor);
        if (claim.verified()
                ? !replaceable(claim)
                : claimants.remove(claim.domain() + "/" + claim.companyId()) == null) {
            throw new PreconditionFailedException("version_conflict", "stale");
        }
        if (claim.verified()) {
            domains.remove(claim.domain());
        }
        audit.add(a);
    }

    @Override
    public List<DomainClaim> dueForRecheck(java.time.Instant now, int limit) {
        reads.incrementAndGet();
        return domains.values().stream()
                .filter(c -> c.method() == VerificationMethod.DNS
                        && c.verification().nextCheckAt() != null
                        && !c.verification().nextCheckAt().isAfter(now))
                .sorted(java.util.Comparator.comparing(c -> c.verification().nextCheckAt()))
                .limit(limit)
                .toList();
    }

    @Override
    public int countDueAfter(DomainClaim last, java.time.Instant now, int atMost) {
        reads.incrementAndGet();
        java.util.Comparator<DomainClaim> order = java.util.Comparator.comparing(
                        (DomainClaim c) -> c.verification().nextCheckAt())
                .thenComparing(c -> c.domain().value());
        return (int) Math.min(
                atMost,
                domains.values().stream()
                        .filter(c -> c.method() == VerificationMethod.DNS
                                && c.verification().nextCheckAt() != null
                                && !c.verification().nextCheckAt().isAfter(now)
                                && order.compare(c, last) > 0)
                        .count());
    }

    @Override
    public Optional<VerificationLink> findLink(String tokenHash) {
        reads.incrementAndGet();
        return Optional.ofNullable(links.get(tokenHash));
    }

    private boolean replaceable(DomainClaim claim) {
        DomainClaim current = domains.get(claim.domain());
        return current != null
                && current.version() == claim.version()
                && current.companyId().equals(claim.companyId());
    }

    void resetCounts() {
        reads.set(0);
        writes.set(0);
    }

    @Override
    public synchronized Admission admit(Membership membership, AuditEntry added, JoinNotice notice) {
        writes.incrementAndGet();
        String key = membership.companyId() + "/" + membership.userId();
        if (memberships.containsKey(key)) {
            return Admission.ALREADY_MEMBER;
        }
        if (membership.email() != null
                && removals.containsKey(
                        membership.companyId() + "/" + membership.email().mailbox())) {
            return Admission.REMOVED;
        }
        Suggestion standing = suggestions.get(key);
        if (standing != null
                && standing.status() != SuggestionStatus.SUGGESTED
                && standing.status() != SuggestionStatus.OFFERED) {
            return Admission.STANDING;
        }
        memberships.put(key, membership);
        audit.add(added);
        notices.add(notice);
        return Admission.ADMITTED;
    }

    @Override
    public Page<Membership> list(String companyId, Page.Request page) {
        reads.incrementAndGet();
        List<Membership> all = memberships.values().stream()
                .filter(m -> m.companyId().equals(companyId))
                .filter(m -> page.cursor().map(c -> m.userId().compareTo(c) > 0).orElse(true))
                .sorted(Comparator.comparing(Membership::userId))
                .toList();
        List<Membership> items = all.stream().limit(page.limit()).toList();
        return new Page<>(
                items,
                all.size() > page.limit()
                        ? Optional.of(items.get(items.size() - 1).userId())
                        : Optional.empty());
    }

    @Override
    public synchronized void change(Membership current, Membership changed, Membership actor, AuditEntry entry) {
        writes.incrementAndGet();
        requireUnchanged(current, actor);
        if (current.role() == Role.OWNER && changed.role() != Role.OWNER && owners(current.companyId()) <= 1) {
            throw new ConflictException("last_owner", "last owner");
        }
        memberships.put(current.companyId() + "/" + current.userId(), changed);
        audit.add(entry);
    }

    @Override
    public synchronized void remove(
            Membership target, Membership actor, Departure departure, Suggestion marker, AuditEntry removed) {
        writes.incrementAndGet();
        requireUnchanged(target, actor);
        if (target.role() == Role.OWNER && owners(target.companyId()) <= 1) {
            throw new ConflictException("last_owner", "last owner");
        }
        memberships.remove(target.companyId() + "/" + target.userId());
        if (departure == Departure.REMOVED && target.email() != null) {
            removals.put(target.companyId() + "/" + target.email().mailbox(), target.userId());
        }
        String suggestionKey = target.companyId() + "/" + target.userId();
        if (marker == null) {
            suggestions.remove(suggestionKey);
        } else {
            suggestions.put(suggestionKey, marker);
        }
        audit.add(removed);
    }

    @Override
    public Optional<Suggestion> findSuggestion(String companyId, String userId) {
        reads.incrementAndGet();
        return Optional.ofNullable(suggestions.get(companyId + "/" + userId));
    }

    @Override
    public synchronized void updateSettings(
            Company changed, long expectedVersion, Membership actor, AuditEntry updated, boolean renamed) {
        writes.incrementAndGet();
        if (companies.get(changed.id()).version() != expectedVersion) {
            throw new PreconditionFailedException("version_conflict", "stale");
        }
        companies.put(changed.id(), changed);
        audit.add(updated);
    }

    @Override
    public List<String> renamesPending() {
        return List.of();
    }

    @Override
    public boolean propagateName(String companyId, Duration budget) {
        String name = companies.get(companyId).name();
        memberships.replaceAll((k, m) -> m.companyId().equals(companyId)
                ? new Membership(
                        m.companyId(),
                        name,
                        m.userId(),
                        m.email(),
                        m.role(),
                        m.permissions(),
                        m.provenance(),
                        m.version())
                : m);
        return true;
    }

    private int owners(String companyId) {
        return (int) memberships.values().stream()
                .filter(m -> m.companyId().equals(companyId) && m.role() == Role.OWNER)
                .count();
    }

    /** The acting admin is still as authorization read them, as the ConditionCheck in DynamoDB holds it. */
    synchronized void requireActor(Membership actor) {
        Membership now = memberships.get(actor.companyId() + "/" + actor.userId());
        if (now == null || now.version() != actor.version()) {
            throw new ConflictException("concurrent_change", "changed");
        }
    }

    private void requireUnchanged(Membership target, Membership actor) {
        for (Membership expected : List.of(target, actor)) {
            Membership now = memberships.get(expected.companyId() + "/" + expected.userId());
            if (now == null || now.version() != expected.version()) {
                throw new ConflictException("concurrent_change", "changed");
            }
        }
    }

    @Override
    public boolean markMailBounced(Membership membership, java.time.Instant at, AuditEntry flagged) {
        writes.incrementAndGet();
        String key = membership.companyId() + "/" + membership.userId();
        Membership stored = memberships.get(key);
        if (stored == null || stored.mailBouncedAt() != null) {
            return false;
        }
        memberships.put(
                key,
                new Membership(
                        stored.companyId(),
                        stored.companyName(),
                        stored.userId(),
                        stored.email(),
                        stored.role(),
                        stored.permissions(),
                        stored.provenance(),
                        stored.version(),
                        at));
        audit.add(flagged);
        return true;
    }

    /** CreateCompany over these stores, with the product's default allowance of companies per person per day. */
    CreateCompany createCompany(java.time.Clock clock) {
        InMemoryInvitations invitations = new InMemoryInvitations(this);
        JoinOnSignup join = new JoinOnSignup(
                this, this, this, invitations, invitations, dev.autojoin.domain.MailDomainPolicy.bundled(), clock);
        return new CreateCompany(this, new CountingLimiter(), 5, join, clock);
    }

    /** Counts per scope and key, as the DynamoDB counter does within one window (the tests stay inside one day). */
    static final class CountingLimiter implements RateLimiter {
        private final Map<String, Integer> hits = new HashMap<>();

        @Override
        public boolean tryAcquire(String scope, String key, int limit, Duration window) {
            int now = hits.getOrDefault(scope + "#" + key, 0);
            if (now >= limit) {
                return false;
            }
            hits.put(scope + "#" + key, now + 1);
            return true;
        }
    }

    final java.util.Set<String> shadowsTold = ConcurrentHashMap.newKeySet();

    final List<CaptureToTell> capturesPending = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public List<CaptureToTell> capturesToTell(int limit) {
        reads.incrementAndGet();
        return capturesPending.stream().limit(limit).toList();
    }

    @Override
    public void captureTold(CaptureToTell capture) {
        writes.incrementAndGet();
        capturesPending.remove(capture);
    }

    @Override
    public boolean shadowTold(String companyId, DomainName domain) {
        return shadowsTold.contains(companyId + "/" + domain.value());
    }

    @Override
    public void markShadowTold(String companyId, DomainName domain, String capturingCompanyId, java.time.Instant at) {
        shadowsTold.add(companyId + "/" + domain.value());
    }
}
