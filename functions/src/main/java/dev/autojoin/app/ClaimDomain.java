package dev.autojoin.app;

import dev.autojoin.domain.Actor;
import dev.autojoin.domain.AuditEntry;
import dev.autojoin.domain.Caller;
import dev.autojoin.domain.DomainAlreadyClaimedException;
import dev.autojoin.domain.DomainClaim;
import dev.autojoin.domain.DomainName;
import dev.autojoin.domain.DomainStatus;
import dev.autojoin.domain.EmailAddress;
import dev.autojoin.domain.Enrollment;
import dev.autojoin.domain.InvalidInputException;
import dev.autojoin.domain.MailDomainPolicy;
import dev.autojoin.domain.Membership;
import dev.autojoin.domain.NotImplementedException;
import dev.autojoin.domain.Permission;
import dev.autojoin.domain.Role;
import dev.autojoin.domain.VerificationMethod;
import java.time.Clock;
import java.util.Optional;

/** POST /companies/{id}/domains: claim a domain, proven at once by the caller's own verified email. */
public final class ClaimDomain {
    public record Claimed(DomainClaim claim, boolean created) {}

    private final Access access;
    private final DomainStore domains;
    private final MailDomainPolicy policy;
    private final Clock clock;

    public ClaimDomain(Access access, DomainStore domains, MailDomainPolicy policy, Clock clock) {
        this.access = access;
        this.domains = domains;
        this.policy = policy;
        this.clock = clock;
    }

    public Claimed claim(
            Caller caller,
            String companyId,
            String rawDomain,
            VerificationMethod method,
            Optional<String> verificationEmail) {
        Membership admin = access.require(caller, companyId, Permission.MANAGE_SETTINGS);
        DomainName domain = DomainName.parse(rawDomain);
        policy.requireClaimable(domain);
        if (method == VerificationMethod.AFFILIATION) {
            throw new InvalidInputException(
                    "invalid_method",
                    "method is \"email\" or \"dns\"; affiliation is how an email claim is proven.",
                    "method");
        }
        Optional<DomainClaim> existing = domains.find(domain);
        if (existing.isPresent()) {
            if (existing.get().companyId().equals(companyId)) {
                return new Claimed(existing.get(), false);
            }
            throw new DomainAlreadyClaimedException(domain);
        }
        if (method == VerificationMethod.DNS) {
            throw new NotImplementedException("not_implemented", "DNS verification is not available yet.");
        }
        EmailAddress own = caller.requireVerifiedEmail();
        boolean affiliated = own.domain().equals(domain);
        Optional<EmailAddress> other = verificationEmail.map(EmailAddress::parse);
        if (other.isPresent() && !other.get().domain().equals(domain)) {
            throw new InvalidInputException(
                    "verification_email_mismatch",
                    "verificationEmail must be an address at " + domain + ".",
                    "verificationEmail");
        }
        if (!affiliated
                || other.filter(o -> !o.canonical().equals(own.canonical())).isPresent()) {
            if (other.isEmpty()) {
                throw new InvalidInputException(
                        "affiliation_required",
                        "Your verified email is not at " + domain
                                + ": give a verificationEmail at the domain, or prove ownership with method \"dns\".",
                        "domain");
            }
            throw new NotImplementedException("not_implemented", "Verification by emailed link is not available yet.");
        }
        DomainClaim claim = new DomainClaim(
                domain,
                companyId,
                admin.companyName(),
                DomainStatus.VERIFIED,
                VerificationMethod.AFFILIATION,
                Enrollment.OFF,
                false,
                Role.MEMBER,
                Permission.AUTO_JOIN_DEFAULT,
                clock.instant(),
                caller.sub(),
                1);
        domains.claim(
                claim,
                AuditEntry.of(
                        companyId,
                        claim.claimedAt(),
                        Actor.user(caller.sub()),
                        "domain.claimed",
                        "domain:" + domain,
                        null,
                        Audit.of(claim)));
        return new Claimed(claim, true);
    }
}
