package dev.autojoin.app;

import dev.autojoin.domain.Actor;
import dev.autojoin.domain.AuditEntry;
import dev.autojoin.domain.Caller;
import dev.autojoin.domain.ConflictException;
import dev.autojoin.domain.DnsChallenge;
import dev.autojoin.domain.DnsLookupFailedException;
import dev.autojoin.domain.DomainAlreadyClaimedException;
import dev.autojoin.domain.DomainClaim;
import dev.autojoin.domain.DomainName;
import dev.autojoin.domain.Membership;
import dev.autojoin.domain.NotFoundException;
import dev.autojoin.domain.Permission;
import dev.autojoin.domain.RateLimitedException;
import dev.autojoin.domain.VerificationMethod;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * POST /companies/{id}/domains/{domain}/check: looks up the company's TXT record now. Found, it proves ownership:
 * the claim becomes the holder, displacing another company's affiliation claim (whose admins are told), never
 * another DNS proof (409). A holder's check that passes clears a failing re-check's grace.
 */
public final class CheckDomain {
    /** The claim after the check, and what the lookup found. */
    public record Checked(DomainClaim claim, DnsChallenge.Outcome outcome) {}

    private static final int ATTEMPTS = 3;

    private final Access access;
    private final DomainStore domains;
    private final DnsResolver dns;
    private final DomainNotices notices;
    private final DomainMail mail;
    private final VerificationRules rules;
    private final Clock clock;
    private final RateLimiter limiter;
    private final int checksPerMinute;

    public CheckDomain(
            Access access,
            DomainStore domains,
            DnsResolver dns,
            CompanyAdmins admins,
            EmailSender sender,
            DomainMail mail,
            VerificationRules rules,
            Clock clock,
            RateLimiter limiter,
            int checksPerMinute) {
        this.access = access;
        this.domains = domains;
        this.dns = dns;
        this.notices = new DomainNotices(admins, sender);
        this.mail = mail;
        this.rules = rules;
        this.clock = clock;
        this.limiter = limiter;
        this.checksPerMinute = checksPerMinute;
    }

    public Checked check(Caller caller, String companyId, String rawDomain) {
        DomainName domain =
                access.validated(caller, companyId, Permission.MANAGE_SETTINGS, () -> DomainName.parse(rawDomain));
        DomainStore.Reading reading = domains.readAs(caller.sub(), domain, companyId);
        Membership actor = Access.require(reading.reader(), Permission.MANAGE_SETTINGS);
        DomainStore.Claims claims = reading.claims();
        DomainClaim mine = claims.of(companyId)
                .orElseThrow(() -> new NotFoundException("not_found", "This company has no claim on " + domain + "."));
        DnsChallenge challenge = mine.dnsChallenge()
                .orElseThrow(() -> new ConflictException(
                        "not_dns",
                        "This claim is not proven by DNS: claim " + domain + " with method \"dns\" to get a record."));
        throttle(companyId, domain);
        DnsChallenge.Outcome outcome = lookUp(challenge);
        if (outcome != DnsChallenge.Outcome.FOUND) {
            return new Checked(mine.asOf(clock.instant()), outcome);
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return new Checked(proven(caller, actor, claims, companyId), outcome);
            } catch (ConflictException raced) {
                // Someone changed the domain between our read and our write: read again and decide again. A caller
                // whose own membership changed meanwhile is not retried: authorization no longer holds.
                if (attempt == ATTEMPTS || "concurrent_change".equals(raced.code())) {
                    throw raced;
                }
                claims = domains.read(domain, companyId);
            }
        }
    }

    private static final Duration CHECK_WINDOW = Duration.ofMinutes(1);

    /**
     * Each check is a DNS lookup that may hold the function for seconds: a few per company and domain a minute,
     * counted only once the caller is authorized and has a record to look up, so no outsider can use them up.
     */
    private void throttle(String companyId, DomainName domain) {
        if (!limiter.tryAcquire("domain-check", companyId + "#" + domain, checksPerMinute, CHECK_WINDOW)) {
            long window = CHECK_WINDOW.toSeconds();
            throw new RateLimitedException(
                    "Too many checks of " + domain + " this minute; try again shortly.",
                    window - Math.floorMod(clock.instant().getEpochSecond(), window));
        }
    }

    private DnsChallenge.Outcome lookUp(DnsChallenge challenge) {
        try {
            return challenge.match(dns.txt(challenge.name()));
        } catch (DnsLookupFailedException e) {
            return DnsChallenge.Outcome.LOOKUP_FAILED;
        }
    }

    private DomainClaim proven(Caller caller, Membership actor, DomainStore.Claims claims, String companyId) {
        Instant now = clock.instant();
        Instant next = now.plus(rules.recheckInterval());
        DomainClaim mine = claims.of(companyId).orElseThrow(() -> new NotFoundException("not_found", "No claim."));
        if (mine.verified()) {
            return provenHolder(caller, actor, mine, now, next);
        }
        DomainClaim verified = mine.provenBy(VerificationMethod.DNS, now, next);
        List<AuditEntry> audits = new ArrayList<>();
        audits.add(audit(Actor.user(caller.sub()), verified, "domain.verified", mine));
        Optional<DomainClaim> other = claims.heldByOther(companyId);
        Optional<DomainStore.Displacement> displacement = Optional.empty();
        if (other.isPresent()) {
            if (other.get().method() == VerificationMethod.DNS) {
                // Two ownership proofs: the first holds until its own record fails its re-checks.
                throw new DomainAlreadyClaimedException(verified.domain());
            }
            DomainClaim lapsed = other.get().lapsed();
            displacement = Optional.of(new DomainStore.Displacement(other.get(), lapsed));
            audits.add(audit(Actor.policy(), lapsed, "domain.displaced", other.get()));
        }
        domains.promote(verified, mine.version(), displacement, Optional.empty(), Optional.of(actor), audits);
        displacement.ifPresent(d -> notices.tell(
                d.before().companyId(),
                admin -> mail.displaced(admin, d.before().domain(), d.before().companyName())));
        return verified;
    }

    /** The company already holds the domain: upgrade an affiliation to ownership, or clear a failing re-check. */
    private DomainClaim provenHolder(Caller caller, Membership actor, DomainClaim held, Instant now, Instant next) {
        DomainClaim changed;
        String action;
        if (held.method() != VerificationMethod.DNS) {
            changed = held.provenBy(VerificationMethod.DNS, now, next);
            action = "domain.verified";
        } else if (held.verification().graceEndsAt() != null) {
            changed = held.recheckPassed(next);
            action = "domain.recheck_passed";
        } else {
            return held;
        }
        if (!domains.replaceHolder(
                changed,
                held.version(),
                Optional.of(actor),
                Optional.of(audit(Actor.user(caller.sub()), changed, action, held)))) {
            throw new ConflictException(
                    "domain_changed", "The claim on " + held.domain() + " changed at the same moment; try again.");
        }
        return changed;
    }

    private AuditEntry audit(Actor actor, DomainClaim after, String action, DomainClaim before) {
        return AuditEntry.of(
                after.companyId(),
                clock.instant(),
                actor,
                action,
                "domain:" + after.domain(),
                Audit.of(before),
                Audit.of(after));
    }
}
