package dev.autojoin.domain;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A company's claim on an email domain, with the enrollment it grants to people at that domain. A {@code verified}
 * claim holds the domain (at most one company holds it); pending, failed and unverified claims hold nothing.
 */
public record DomainClaim(
        DomainName domain,
        String companyId,
        String companyName,
        DomainStatus status,
        VerificationMethod method,
        Enrollment enrollment,
        boolean includeSubdomains,
        Role defaultRole,
        Set<Permission> defaultPermissions,
        Instant claimedAt,
        String claimedBy,
        long version,
        Verification verification,
        Map<String, Set<TeamPermission>> defaultTeams,
        boolean capture) {
    /** The most teams a domain puts joiners in. */
    public static final int MAX_DEFAULT_TEAMS = 10;

    /** A claim whose joiners land in no team. */
    public DomainClaim(
            DomainName domain,
            String companyId,
            String companyName,
            DomainStatus status,
            VerificationMethod method,
            Enrollment enrollment,
            boolean includeSubdomains,
            Role defaultRole,
            Set<Permission> defaultPermissions,
            Instant claimedAt,
            String claimedBy,
            long version,
            Verification verification) {
        this(
                domain,
                companyId,
                companyName,
                status,
                method,
                enrollment,
                includeSubdomains,
                defaultRole,
                defaultPermissions,
                claimedAt,
                claimedBy,
                version,
                verification,
                Map.of(),
                false);
    }

    public DomainClaim {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(companyId, "companyId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(enrollment, "enrollment");
        Objects.requireNonNull(defaultRole, "defaultRole");
        defaultPermissions = Set.copyOf(defaultPermissions);
        defaultTeams = Membership.copyOfTeams(defaultTeams);
        verification = verification == null ? Verification.NONE : verification;
        if (status != DomainStatus.VERIFIED && enrollment != Enrollment.OFF) {
            throw new IllegalArgumentException("only a verified claim enrolls anyone");
        }
    }

    /** A new claim waiting for its proof, with the least-privilege joining defaults. */
    public static DomainClaim pending(
            DomainName domain,
            String companyId,
            String companyName,
            VerificationMethod method,
            Instant at,
            String by,
            Verification verification) {
        return new DomainClaim(
                domain,
                companyId,
                companyName,
                DomainStatus.PENDING,
                method,
                Enrollment.OFF,
                false,
                Role.MEMBER,
                Permission.AUTO_JOIN_DEFAULT,
                at,
                by,
                1,
                verification);
    }

    /** A new claim proven on the spot by the claimant's own verified email at the domain. */
    public static DomainClaim affiliated(
            DomainName domain, String companyId, String companyName, Instant at, String by) {
        return new DomainClaim(
                domain,
                companyId,
                companyName,
                DomainStatus.VERIFIED,
                VerificationMethod.AFFILIATION,
                Enrollment.OFF,
                false,
                Role.MEMBER,
                Permission.AUTO_JOIN_DEFAULT,
                at,
                by,
                1,
                Verification.NONE.provenAt(at, null));
    }

    public boolean verified() {
        return status == DomainStatus.VERIFIED;
    }

    /**
     * Whether a person whose email is at {@code emailDomain} falls under this claim: exact, or an opted-in subdomain
     * of a domain proven by DNS. One mailbox's proof (affiliation, an emailed link) speaks for its own domain only.
     */
    public boolean covers(DomainName emailDomain) {
        return domain.equals(emailDomain)
                || (includeSubdomains && method == VerificationMethod.DNS && emailDomain.isSubdomainOf(domain));
    }

    /** The enrollment that actually applies now: nothing unless the claim is verified. */
    public Enrollment activeEnrollment() {
        return verified() ? enrollment : Enrollment.OFF;
    }

    /** The claim as it stands at {@code now}: a pending proof past its deadline has {@code failed}. */
    public DomainClaim asOf(Instant now) {
        if (status == DomainStatus.PENDING
                && verification.deadline() != null
                && !now.isBefore(verification.deadline())) {
            return copy(DomainStatus.FAILED, method, enrollment, verification, version);
        }
        return this;
    }

    /** The TXT record that proves (or would prove) this company owns the domain, once a token was issued. */
    public Optional<DnsChallenge> dnsChallenge() {
        return Optional.ofNullable(verification.dnsToken()).map(token -> new DnsChallenge(domain, token));
    }

    /** Proven by {@code by} at {@code now}; a DNS proof is re-checked from {@code nextCheckAt} on. */
    public DomainClaim provenBy(VerificationMethod by, Instant now, Instant nextCheckAt) {
        return copy(
                DomainStatus.VERIFIED,
                by,
                status == DomainStatus.VERIFIED ? enrollment : Enrollment.OFF,
                verification.provenAt(now, by == VerificationMethod.DNS ? nextCheckAt : null),
                version + 1);
    }

    /** A pending claim proven again from scratch (a new link, a new DNS window); the DNS token is kept. */
    public DomainClaim restarted(VerificationMethod by, Instant now, String actor, Verification pending) {
        return new DomainClaim(
                domain,
                companyId,
                companyName,
                DomainStatus.PENDING,
                by,
                Enrollment.OFF,
                includeSubdomains,
                defaultRole,
                defaultPermissions,
                now,
                actor,
                version + 1,
                pending,
                defaultTeams,
                capture);
    }

    /** The holder asked for a DNS token to make its claim an ownership proof; nothing else changes yet. */
    public DomainClaim withDnsToken(String token) {
        return copy(status, method, enrollment, verification.withDnsToken(token), version + 1);
    }

    /** A re-check passed: any grace is over, the next one is at {@code next}. */
    public DomainClaim recheckPassed(Instant next) {
        return copy(status, method, enrollment, verification.checkScheduled(next, null, null), version + 1);
    }

    /**
     * A re-check failed, possibly for want of any DNS answer ({@code lookupFailingSince}, null when the resolver
     * answered): grace runs until {@code graceEndsAt} (kept if already running), next look at {@code next}.
     */
    public DomainClaim recheckFailed(Instant graceEndsAt, Instant next, Instant lookupFailingSince) {
        Instant grace = verification.graceEndsAt() != null ? verification.graceEndsAt() : graceEndsAt;
        return copy(
                status, method, enrollment, verification.checkScheduled(next, grace, lookupFailingSince), version + 1);
    }

    /**
     * The re-check's lookup got no answer (timeout, SERVFAIL): neither a pass nor a failure. Grace neither starts nor
     * ends for it; the lookups are remembered as failing since {@code since}, and tried again at {@code next}.
     */
    public DomainClaim lookupFailed(Instant since, Instant next) {
        return copy(
                status,
                method,
                enrollment,
                verification.checkScheduled(next, verification.graceEndsAt(), since),
                version + 1);
    }

    /** No longer proven (grace over, or displaced by another company's DNS proof): holds nothing, enrolls no one. */
    public DomainClaim lapsed() {
        return copy(DomainStatus.UNVERIFIED, method, Enrollment.OFF, verification.lapsed(), version + 1);
    }

    /** New enrollment settings; the proof is untouched. */
    public DomainClaim configured(
            Enrollment enrollment,
            boolean includeSubdomains,
            Role defaultRole,
            Set<Permission> defaultPermissions,
            Map<String, Set<TeamPermission>> defaultTeams,
            boolean capture) {
        return new DomainClaim(
                domain,
                companyId,
                companyName,
                status,
                method,
                enrollment,
                includeSubdomains,
                defaultRole,
                defaultPermissions,
                claimedAt,
                claimedBy,
                version + 1,
                verification,
                defaultTeams,
                capture);
    }

    /** This claim as it was, stored again as version {@code next}: a change that could not finish is taken back. */
    public DomainClaim restoredAt(long next) {
        return copy(status, method, enrollment, verification, next);
    }

    private DomainClaim copy(
            DomainStatus status,
            VerificationMethod method,
            Enrollment enrollment,
            Verification verification,
            long version) {
        return new DomainClaim(
                domain,
                companyId,
                companyName,
                status,
                method,
                enrollment,
                includeSubdomains,
                defaultRole,
                defaultPermissions,
                claimedAt,
                claimedBy,
                version,
                verification,
                defaultTeams,
                capture);
    }

    /**
     * Whether the domain is captured now: while on, a verified person at it cannot create a company of their own.
     * Only a DNS-proven holder in auto_join mode captures; a claim that lapses or leaves auto_join stops at once.
     */
    public boolean captures() {
        return capture && verified() && method == VerificationMethod.DNS && activeEnrollment() == Enrollment.AUTO_JOIN;
    }
}
