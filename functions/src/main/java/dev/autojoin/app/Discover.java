package dev.autojoin.app;

import dev.autojoin.domain.DomainClaim;
import dev.autojoin.domain.EmailAddress;
import dev.autojoin.domain.Enrollment;
import dev.autojoin.domain.MailDomainPolicy;
import java.util.Optional;

/**
 * GET /discovery: whether people at an email's domain can join a company, and how. Never names the company;
 * a company whose enrollment is off is not disclosed at all.
 */
public final class Discover {
    public record Discovery(String domain, boolean hasCompany, Enrollment enrollment) {}

    private final JoinOnSignup joinOnSignup;
    private final MailDomainPolicy policy;

    public Discover(JoinOnSignup joinOnSignup, MailDomainPolicy policy) {
        this.joinOnSignup = joinOnSignup;
        this.policy = policy;
    }

    public Discovery discover(String rawEmail) {
        EmailAddress email = EmailAddress.parse(rawEmail);
        String domain = email.domain().value();
        if (policy.classify(email.domain()) != MailDomainPolicy.Kind.COMPANY) {
            return new Discovery(domain, false, Enrollment.OFF);
        }
        Optional<Enrollment> enrollment = joinOnSignup
                .match(email.domain())
                .map(DomainClaim::activeEnrollment)
                .filter(e -> e != Enrollment.OFF);
        return new Discovery(domain, enrollment.isPresent(), enrollment.orElse(Enrollment.OFF));
    }
}
