package dev.autojoin.app;

import dev.autojoin.domain.Actor;
import dev.autojoin.domain.AuditEntry;
import dev.autojoin.domain.Caller;
import dev.autojoin.domain.ConflictException;
import dev.autojoin.domain.DependencyUnavailableException;
import dev.autojoin.domain.DnsChallenge;
import dev.autojoin.domain.DomainAlreadyClaimedException;
import dev.autojoin.domain.DomainClaim;
import dev.autojoin.domain.DomainName;
import dev.autojoin.domain.DomainStatus;
import dev.autojoin.domain.EmailAddress;
import dev.autojoin.domain.EmailNotSentException;
import dev.autojoin.domain.InvalidInputException;
import dev.autojoin.domain.LinkToken;
import dev.autojoin.domain.MailDomainPolicy;
import dev.autojoin.domain.MailTags;
import dev.autojoin.domain.Membership;
import dev.autojoin.domain.Permission;
import dev.autojoin.domain.RateLimitedException;
import dev.autojoin.domain.Verification;
import dev.autojoin.domain.VerificationLink;
import dev.autojoin.domain.VerificationMethod;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * POST /companies/{id}/domains: claim a domain. Proven at once when the caller's own verified email is at it
 * (affiliation); otherwise pending until an emailed link is confirmed ({@code email}) or the TXT record is found
 * ({@code dns}). Claiming changes nothing for another company: affiliation never displaces a holder (409), and a
 * pending DNS claim only waits beside it.
 */
public final class ClaimDomain {
    /** {@code linkSent}: this call emailed a verification link. */
    public record Claimed(DomainClaim claim, boolean created, boolean linkSent) {}

    /**
     * Verification emails one address receives per UTC day, from all companies: anyone may create a company, so the
     * per-company allowance alone would let a mailbox at the domain be flooded.
     */
    static final int LINKS_PER_ADDRESS_PER_DAY = 3;

    private final RateLimiter limiter;
    private final Access access;
    private final DomainStore domains;
    private final MailDomainPolicy policy;
    private final DomainMail mail;
    private final EmailSender sender;
    private final String appBaseUrl;
    private final VerificationRules rules;
    private final Clock clock;

    public ClaimDomain(
            Access access,
            DomainStore domains,
            MailDomainPolicy policy,
            DomainMail mail,
            EmailSender sender,
            String appBaseUrl,
            VerificationRules rules,
            RateLimiter limiter,
            Clock clock) {
        this.limiter = limiter;
        this.access = access;
        this.domains = domains;
        this.policy = policy;
        this.mail = mail;
        this.sender = sender;
        this.appBaseUrl = appBaseUrl.endsWith("/") ? appBaseUrl.substring(0, appBaseUrl.length() - 1) : appBaseUrl;
        this.rules = rules;
        this.clock = clock;
    }

    /** What a claim asks for, checked: the domain and, for an emailed link, the mailbox at it. */
    private record Claimable(DomainName domain, Optional<EmailAddress> mailbox) {}

    /** The request's checks that need no read: the domain may be claimed this way, the mailbox is at the domain. */
    private Claimable claimable(String rawDomain, VerificationMethod method, Optional<String> verificationEmail) {
        DomainName domain = DomainName.parse(rawDomain);
        policy.requireClaimable(domain);
        if (method == VerificationMethod.AFFILIATION) {
            throw new InvalidInputException(
                    "invalid_method",
                    "method is \"email\" or \"dns\"; affiliation is how an email claim is proven.",
                    "method");
        }
        Optional<EmailAddress> mailbox = verificationEmail.map(EmailAddress::parse);
        if (mailbox.isPresent() && !mailbox.get().domain().equals(domain)) {
            throw new InvalidInputException(
                    "verification_email_mismatch",
                    "verificationEmail must be an address at " + domain + ".",
                    "verificationEmail");
        }
        if (method == VerificationMethod.DNS && mailbox.isPresent()) {
            throw new InvalidInputException(
                    "invalid_field", "verificationEmail goes with method \"email\" only.", "verificationEmail");
        }
        return new Claimable(domain, mailbox);
    }

    public Claimed claim(
            Caller caller,
            String companyId,
            String rawDomain,
            VerificationMethod method,
            Optional<String> verificationEmail) {
        Claimable asked = access.validated(
                caller, companyId, Permission.MANAGE_SETTINGS, () -> claimable(rawDomain, method, verificationEmail));
        DomainName domain = asked.domain();
        Optional<EmailAddress> mailbox = asked.mailbox();
        DomainStore.Reading reading = domains.readAs(caller.sub(), domain, companyId);
        Membership admin = Access.require(reading.reader(), Permission.MANAGE_SETTINGS);
        DomainStore.Claims claims = reading.claims();
        Optional<DomainClaim> held = claims.holder().filter(h -> h.companyId().equals(companyId));
        if (held.isPresent()) {
            return new Claimed(
                    method == VerificationMethod.DNS ? withDnsToken(caller, admin, held.get()) : held.get(),
                    false,
                    false);
        }
        Instant now = clock.instant();
        Optional<DomainClaim> own = claims.own().map(c -> c.asOf(now));
        if (method == VerificationMethod.DNS) {
            return dns(caller, admin, domain, own, now);
        }
        refuseUnderAnotherOwner(domain, companyId);
        EmailAddress callers = caller.requireVerifiedEmail();
        boolean affiliated = callers.domain().equals(domain)
                && mailbox.map(m -> m.canonical().equals(callers.canonical())).orElse(true);
        if (affiliated) {
            return affiliation(caller, admin, domain, claims, own, now);
        }
        if (mailbox.isEmpty()) {
            throw new InvalidInputException(
                    "affiliation_required",
                    "Your verified email is not at " + domain
                            + ": give a verificationEmail at the domain, or prove ownership with method \"dns\".",
                    "domain");
        }
        if (claims.heldByOther(companyId).isPresent()) {
            // Confirming the link could never displace the holder: do not send it.
            throw new DomainAlreadyClaimedException(domain);
        }
        return emailLink(caller, admin, domain, mailbox.get(), own, now);
    }

    /**
     * Affiliation proves less than DNS ownership: no claim by it under a parent another company owns by DNS with its
     * subdomains, which sign-up would otherwise prefer as the more specific. One read, for subdomains only.
     */
    private void refuseUnderAnotherOwner(DomainName domain, String companyId) {
        if (domain.ancestors().isEmpty()) {
            return;
        }
        Optional<DomainClaim> owner = domains.candidates(domain).stream()
                .filter(c -> c.verified()
                        && c.method() == VerificationMethod.DNS
                        && c.includeSubdomains()
                        && !c.companyId().equals(companyId)
                        && domain.isSubdomainOf(c.domain()))
                .findFirst();
        if (owner.isPresent()) {
            throw new ConflictException(
                    "domain_claimed",
                    "Another company proved it owns " + owner.get().domain() + " by DNS, with its subdomains: " + domain
                            + " can only be claimed with method \"dns\".");
        }
    }

    private Claimed affiliation(
            Caller caller,
            Membership admin,
            DomainName domain,
            DomainStore.Claims claims,
            Optional<DomainClaim> own,
            Instant now) {
        if (claims.holder().isPresent()) {
            throw new DomainAlreadyClaimedException(domain);
        }
        DomainClaim verified = own.map(
                        c -> c.restarted(VerificationMethod.AFFILIATION, now, caller.sub(), c.verification())
                                .provenBy(VerificationMethod.AFFILIATION, now, null))
                .orElseGet(() ->
                        DomainClaim.affiliated(domain, admin.companyId(), admin.companyName(), now, caller.sub()));
        domains.promote(
                verified,
                own.map(DomainClaim::version).orElse(0L),
                Optional.empty(),
                Optional.empty(),
                Optional.of(admin),
                List.of(audit(caller, verified, "domain.claimed", own.orElse(null))));
        return new Claimed(verified, true, false);
    }

    private Claimed dns(Caller caller, Membership admin, DomainName domain, Optional<DomainClaim> own, Instant now) {
        if (own.isPresent()
                && own.get().status() == DomainStatus.PENDING
                && own.get().method() == VerificationMethod.DNS) {
            return new Claimed(own.get(), false, false);
        }
        String token =
                own.flatMap(DomainClaim::dnsChallenge).map(DnsChallenge::token).orElseGet(DnsChallenge::newToken);
        Verification pending = Verification.dnsPending(token, now.plus(rules.dnsWindow()));
        DomainClaim claim = own.map(c -> c.restarted(VerificationMethod.DNS, now, caller.sub(), pending))
                .orElseGet(() -> DomainClaim.pending(
                        domain,
                        admin.companyId(),
                        admin.companyName(),
                        VerificationMethod.DNS,
                        now,
                        caller.sub(),
                        pending));
        domains.savePending(
                claim,
                own.map(DomainClaim::version).orElse(0L),
                Optional.empty(),
                rules.dailyLinks(),
                admin,
                audit(caller, claim, "domain.claimed", own.orElse(null)));
        return new Claimed(claim, own.isEmpty(), false);
    }

    private Claimed emailLink(
            Caller caller,
            Membership admin,
            DomainName domain,
            EmailAddress mailbox,
            Optional<DomainClaim> own,
            Instant now) {
        Optional<Instant> lastSent = own.filter(c -> c.status() == DomainStatus.PENDING)
                .map(c -> c.verification().linkSentAt());
        if (lastSent.isPresent() && now.isBefore(lastSent.get().plus(rules.linkResendAfter()))) {
            throw new RateLimitedException(
                    "A verification link for " + domain + " was just sent; wait a minute before asking again.",
                    Duration.between(now, lastSent.get().plus(rules.linkResendAfter())));
        }
        if (!limiter.tryAcquire("domain-link-to", mailbox.mailbox(), LINKS_PER_ADDRESS_PER_DAY, Duration.ofDays(1))) {
            throw new RateLimitedException(
                    mailbox.masked() + " already received " + LINKS_PER_ADDRESS_PER_DAY
                            + " verification emails today; try again tomorrow (UTC), or prove ownership by DNS.",
                    Duration.between(
                            now,
                            now.truncatedTo(java.time.temporal.ChronoUnit.DAYS).plus(Duration.ofDays(1))));
        }
        LinkToken token = LinkToken.random();
        Instant expiresAt = now.plus(rules.linkExpiry());
        DomainClaim base = own.orElseGet(() -> DomainClaim.pending(
                domain,
                admin.companyId(),
                admin.companyName(),
                VerificationMethod.EMAIL,
                now,
                caller.sub(),
                Verification.NONE));
        Verification sent = base.verification().linkSent(token.hash(), mailbox, now, expiresAt);
        DomainClaim claim = own.isPresent()
                ? base.restarted(VerificationMethod.EMAIL, now, caller.sub(), sent)
                : DomainClaim.pending(
                        domain,
                        admin.companyId(),
                        admin.companyName(),
                        VerificationMethod.EMAIL,
                        now,
                        caller.sub(),
                        sent);
        VerificationLink link = new VerificationLink(
                token.hash(), domain, admin.companyId(), admin.companyName(), mailbox, now, expiresAt, null);
        domains.savePending(
                claim,
                own.map(DomainClaim::version).orElse(0L),
                Optional.of(link),
                rules.dailyLinks(),
                admin,
                audit(caller, claim, "domain.verification_sent", own.orElse(null)));
        try {
            sender.send(mail.verificationLink(
                            mailbox,
                            domain,
                            admin.companyName(),
                            appBaseUrl + "/domain-verifications/" + token.value(),
                            expiresAt)
                    .tagged(MailTags.domainVerification(admin.companyId())));
        } catch (EmailNotSentException e) {
            takeBackUnsentLink(caller, admin, claim, own);
            throw new DependencyUnavailableException(
                    "The verification email to " + mailbox.masked() + " could not be sent; try again shortly.", e);
        }
        return new Claimed(claim, own.isEmpty(), true);
    }

    /**
     * The link never went out: the claim goes back to what it was (a new claim is withdrawn), so asking again right
     * away is not held back as if a link had just been sent, and the unsent link verifies nothing. The day's link
     * allowance keeps the attempt: an outage must not become a way around it. Best effort: if this write fails too,
     * the next ask waits out the resend spacing.
     */
    private void takeBackUnsentLink(Caller caller, Membership admin, DomainClaim saved, Optional<DomainClaim> before) {
        try {
            if (before.isEmpty()) {
                domains.release(saved, admin, audit(caller, saved, "domain.verification_unsent", saved));
                return;
            }
            DomainClaim back = before.get().restoredAt(saved.version() + 1);
            domains.savePending(
                    back,
                    saved.version(),
                    Optional.empty(),
                    0,
                    admin,
                    audit(caller, back, "domain.verification_unsent", saved));
        } catch (RuntimeException stillFailing) {
            // The 503 below stands either way; the claim keeps a link nobody received, which expires unused.
        }
    }

    /** A holder asking for DNS gets its challenge (once), to turn its claim into an ownership proof. */
    private DomainClaim withDnsToken(Caller caller, Membership admin, DomainClaim held) {
        if (held.dnsChallenge().isPresent()) {
            return held;
        }
        DomainClaim changed = held.withDnsToken(DnsChallenge.newToken());
        return domains.update(changed, held.version(), admin, audit(caller, changed, "domain.dns_requested", held));
    }

    private AuditEntry audit(Caller caller, DomainClaim after, String action, DomainClaim before) {
        return AuditEntry.of(
                after.companyId(),
                clock.instant(),
                Actor.user(caller.sub()),
                action,
                "domain:" + after.domain(),
                before == null ? null : Audit.of(before),
                Audit.of(after));
    }
}
