package dev.autojoin.app;

import dev.autojoin.domain.DomainClaim;
import dev.autojoin.domain.EmailAddress;
import dev.autojoin.domain.Enrollment;
import dev.autojoin.domain.MailDomainPolicy;
import dev.autojoin.domain.RateLimitedException;
import java.time.Duration;
import java.util.Optional;

/**
 * GET /discovery: whether people at an email's domain can join a company, and how. Never names the company;
 * a company whose enrollment is off is not disclosed at all.
 */
public final class Discover {
    /** {@code companyDomain} is false for free and disposable mail providers: no company can ever claim those. */
    public record Discovery(String domain, boolean companyDomain, boolean hasCompany, Enrollment enrollment) {}

    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final JoinOnSignup joinOnSignup;
    private final MailDomainPolicy policy;
    private final RateLimiter limiter;
    private final int perClientPerMinute;

    public Discover(JoinOnSignup joinOnSignup, MailDomainPolicy policy, RateLimiter limiter, int perClientPerMinute) {
        this.joinOnSignup = joinOnSignup;
        this.policy = policy;
        this.limiter = limiter;
        this.perClientPerMinute = perClientPerMinute;
    }

    /**
     * {@code client} is the caller's address as API Gateway saw it; empty only for invocations that did not come
     * through the HTTP API (priming, tests), which need IAM rights to invoke the function at all.
     */
    public Discovery discover(String rawEmail, Optional<String> client) {
        if (client.isPresent() && !limiter.tryAcquire("discovery", client.get(), perClientPerMinute, WINDOW)) {
            throw new RateLimitedException(
                    "Too many discovery lookups from this address; try again in a minute.", WINDOW);
        }
        EmailAddress email = EmailAddress.parse(rawEmail);
        String domain = email.domain().value();
        if (policy.classify(email.domain()) != MailDomainPolicy.Kind.COMPANY) {
            return new Discovery(domain, false, false, Enrollment.OFF);
        }
        Optional<Enrollment> enrollment = joinOnSignup
                .match(email.domain())
                .map(DomainClaim::activeEnrollment)
                .filter(e -> e != Enrollment.OFF);
        return new Discovery(domain, true, enrollment.isPresent(), enrollment.orElse(Enrollment.OFF));
    }
}
