package dev.autojoin.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/** A company's claim on an email domain, with the enrollment it grants to people at that domain. */
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
        long version) {
    public DomainClaim {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(companyId, "companyId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(enrollment, "enrollment");
        Objects.requireNonNull(defaultRole, "defaultRole");
        defaultPermissions = Set.copyOf(defaultPermissions);
    }

    public boolean verified() {
        return status == DomainStatus.VERIFIED;
    }

    /** Whether a person whose email is at {@code emailDomain} falls under this claim: exact, or opted-in subdomain. */
    public boolean covers(DomainName emailDomain) {
        return domain.equals(emailDomain) || (includeSubdomains && emailDomain.isSubdomainOf(domain));
    }

    /** The enrollment that actually applies now: nothing unless the claim is verified. */
    public Enrollment activeEnrollment() {
        return verified() ? enrollment : Enrollment.OFF;
    }
}
