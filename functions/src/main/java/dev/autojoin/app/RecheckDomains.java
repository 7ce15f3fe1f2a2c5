package dev.autojoin.app;

import dev.autojoin.domain.Actor;
import dev.autojoin.domain.AuditEntry;
import dev.autojoin.domain.ConflictException;
import dev.autojoin.domain.DnsChallenge;
import dev.autojoin.domain.DnsLookupFailedException;
import dev.autojoin.domain.DomainClaim;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

/**
 * The scheduled re-check of DNS-verified domains, kept true over time. Each run takes the domains whose check is due
 * (oldest first, at most a batch) and looks up each TXT record. Passing: the next check in a day, spread by a random
 * hour so that domains verified together drift apart. Failing (the record is missing or wrong): a grace period starts
 * (admins are told) and the check is retried during it; when grace ends with no passing check the domain is
 * unverified, enrolls no one, and the admins are told. A lookup that gets no answer (timeout, SERVFAIL) says nothing
 * about the record: it starts and ends no grace and tells no one, and is retried at the next hourly run; only lookups
 * that have had no answer for as long as grace lasts count as a failing check (the admins are told it could not be
 * checked, never that it is missing).
 */
public final class RecheckDomains {
    /**
     * What one run did; {@code lookupFailed} counts lookups with no answer that were forgiven (retried next run);
     * {@code leftForNextRun} counts domains already due that this run did not check (time ran out, or more were due
     * than one batch), those beyond the batch counted up to {@link #BACKLOG_COUNTED}.
     */
    public record Run(
            int checked,
            int passed,
            int failing,
            int unverified,
            int skipped,
            int notified,
            int notificationsFailed,
            int lookupFailed,
            int deferred,
            int leftForNextRun) {}

    /** A backlog is counted this far (a count query still reads what it counts); past it, "at least this many". */
    public static final int BACKLOG_COUNTED = 1000;

    private static final Duration SPREAD = Duration.ofHours(1);
    /** Under an hour, so a lookup that got no answer is due again at the next hourly run. */
    static final Duration LOOKUP_RETRY = Duration.ofMinutes(50);

    private final DomainStore domains;
    private final DnsResolver dns;
    private final DomainNotices notices;
    private final DomainMail mail;
    private final VerificationRules rules;
    private final Clock clock;

    public RecheckDomains(
            DomainStore domains,
            DnsResolver dns,
            CompanyAdmins admins,
            EmailSender sender,
            DomainMail mail,
            VerificationRules rules,
            Clock clock) {
        this.domains = domains;
        this.dns = dns;
        this.notices = new DomainNotices(admins, sender);
        this.mail = mail;
        this.rules = rules;
        this.clock = clock;
    }

    /** Re-checks what is due, stopping early when {@code timeLeft} says the invocation must end soon. */
    public Run run(BooleanSupplier timeLeft) {
        int checked = 0;
        int passed = 0;
        int failing = 0;
        int unverified = 0;
        int skipped = 0;
        int lookupFailed = 0;
        int deferred = 0;
        DomainNotices.Sent sent = DomainNotices.Sent.NONE;
        Instant started = clock.instant();
        List<DomainClaim> due = domains.dueForRecheck(started, rules.recheckBatch());
        for (DomainClaim claim : due) {
            if (!timeLeft.getAsBoolean()) {
                break;
            }
            checked++;
            Instant now = clock.instant();
            DnsChallenge challenge = claim.dnsChallenge().orElse(null);
            if (challenge == null) {
                skipped++;
                continue;
            }
            try {
                DnsChallenge.Outcome outcome = lookUp(challenge);
                Instant failingSince = outcome == DnsChallenge.Outcome.LOOKUP_FAILED
                        ? Optional.ofNullable(claim.verification().lookupFailingSince())
                                .orElse(now)
                        : null;
                if (outcome == DnsChallenge.Outcome.FOUND) {
                    boolean wasFailing = claim.verification().graceEndsAt() != null;
                    DomainClaim changed = claim.recheckPassed(
                            now.plus(rules.recheckInterval()).plus(spread()));
                    Optional<AuditEntry> audit = wasFailing
                            ? Optional.of(audit(changed, "domain.recheck_passed", claim, now))
                            : Optional.empty();
                    if (domains.replaceHolder(changed, claim.version(), audit)) {
                        passed++;
                    } else {
                        skipped++;
                    }
                } else if (failingSince != null && now.isBefore(failingSince.plus(rules.grace()))) {
                    // No answer is not a missing record (our resolver may be the one down): no grace, no email.
                    if (domains.replaceHolder(
                            claim.lookupFailed(failingSince, now.plus(LOOKUP_RETRY)),
                            claim.version(),
                            Optional.empty())) {
                        lookupFailed++;
                    } else {
                        skipped++;
                    }
                } else if (claim.verification().graceEndsAt() == null) {
                    Instant graceEnds = now.plus(rules.grace());
                    DomainClaim changed = claim.recheckFailed(graceEnds, retryAt(now, graceEnds), failingSince);
                    String action = failingSince == null ? "domain.recheck_failed" : "domain.recheck_unanswered";
                    if (domains.replaceHolder(
                            changed, claim.version(), Optional.of(audit(changed, action, claim, now)))) {
                        failing++;
                        sent = sent.plus(notices.tell(
                                claim.companyId(),
                                admin -> failingSince == null
                                        ? mail.recheckFailing(
                                                admin, claim.domain(), claim.companyName(), challenge, graceEnds)
                                        : mail.recheckUnanswered(
                                                admin,
                                                claim.domain(),
                                                claim.companyName(),
                                                challenge,
                                                failingSince,
                                                graceEnds)));
                    } else {
                        skipped++;
                    }
                } else if (!now.isBefore(claim.verification().graceEndsAt())) {
                    DomainClaim lapsed = claim.lapsed();
                    if (domains.demote(claim, lapsed, audit(lapsed, "domain.unverified", claim, now))) {
                        unverified++;
                        sent = sent.plus(notices.tell(
                                claim.companyId(),
                                admin -> mail.unverified(admin, claim.domain(), claim.companyName(), challenge)));
                    } else {
                        skipped++;
                    }
                } else {
                    Instant graceEnds = claim.verification().graceEndsAt();
                    if (domains.replaceHolder(
                            claim.recheckFailed(graceEnds, retryAt(now, graceEnds), failingSince),
                            claim.version(),
                            Optional.empty())) {
                        failing++;
                    } else {
                        skipped++;
                    }
                }
            } catch (ConflictException stillConflicting) {
                // Nothing was written and the claim is still due: the next run checks it again.
                deferred++;
            }
        }
        int left = due.size() - checked;
        if (!due.isEmpty() && due.size() >= rules.recheckBatch()) {
            left += domains.countDueAfter(due.get(due.size() - 1), started, BACKLOG_COUNTED);
        }
        return new Run(
                checked,
                passed,
                failing,
                unverified,
                skipped,
                sent.sent(),
                sent.failed(),
                lookupFailed,
                deferred,
                left);
    }

    /** FOUND, TOKEN_MISMATCH or RECORD_MISSING when the resolver answered; LOOKUP_FAILED when it gave no answer. */
    private DnsChallenge.Outcome lookUp(DnsChallenge challenge) {
        try {
            return challenge.match(dns.txt(challenge.name()));
        } catch (DnsLookupFailedException e) {
            return DnsChallenge.Outcome.LOOKUP_FAILED;
        }
    }

    /** During grace: again after a few hours, and no later than the moment grace ends. */
    private Instant retryAt(Instant now, Instant graceEnds) {
        Instant retry = now.plus(rules.recheckDuringGrace());
        return retry.isBefore(graceEnds) ? retry : graceEnds;
    }

    private static Duration spread() {
        return Duration.ofSeconds(ThreadLocalRandom.current().nextLong(SPREAD.toSeconds()));
    }

    private static AuditEntry audit(DomainClaim after, String action, DomainClaim before, Instant now) {
        return AuditEntry.of(
                after.companyId(),
                now,
                new Actor(Actor.Type.SYSTEM, null),
                action,
                "domain:" + after.domain(),
                Audit.of(before),
                Audit.of(after));
    }
}
