package dev.autojoin.app;

import dev.autojoin.domain.Company;
import dev.autojoin.domain.EmailNotSentException;
import dev.autojoin.domain.JoinNotice;
import dev.autojoin.domain.MailSuppressedException;
import dev.autojoin.domain.MailTags;
import dev.autojoin.domain.Membership;
import dev.autojoin.domain.Permission;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Scheduled every few minutes: one email per member manager per company, listing the joins and requests since the
 * last run that the company's {@code notify} setting asks for. A burst of sign-ups is one email, not hundreds.
 * EventBridge delivers a schedule at least once, so two runs may meet: a lease per company lets one of them send.
 */
public final class SendJoinDigests {
    static final int MAX_NOTICES_PER_RUN = 2000;
    /** Longer than the function's 10 s timeout, so a lease never runs out under a live run; shorter than the schedule. */
    static final Duration LEASE = Duration.ofMinutes(1);

    public record Report(int companies, int emails, int failures, int notices) {}

    private final NotificationOutbox outbox;
    private final CompanyStore companies;
    private final CompanyAdmins admins;
    private final EmailSender email;
    private final URI appBaseUrl;
    private final Clock clock;

    public SendJoinDigests(
            NotificationOutbox outbox,
            CompanyStore companies,
            CompanyAdmins admins,
            EmailSender email,
            URI appBaseUrl,
            Clock clock) {
        this.outbox = outbox;
        this.companies = companies;
        this.admins = admins;
        this.email = email;
        this.appBaseUrl = appBaseUrl;
        this.clock = clock;
    }

    public Report run() {
        Set<String> waiting = new LinkedHashSet<>();
        outbox.pending(MAX_NOTICES_PER_RUN).forEach(n -> waiting.add(n.companyId()));
        String run = UUID.randomUUID().toString();
        int emails = 0;
        int failures = 0;
        int handled = 0;
        for (String companyId : waiting) {
            if (handled >= MAX_NOTICES_PER_RUN) {
                break;
            }
            Instant now = clock.instant();
            if (!outbox.lease(companyId, run, now, now.plus(LEASE))) {
                continue; // another run is sending this company's digest, these notices with it
            }
            try {
                // Read again under the lease: what the index showed may have been sent by a run that just finished.
                List<JoinNotice> notices = outbox.pendingOf(companyId, MAX_NOTICES_PER_RUN - handled);
                handled += notices.size();
                Sent sent = send(companyId, notices);
                emails += sent.emails();
                failures += sent.failures();
            } finally {
                outbox.release(companyId, run);
            }
        }
        return new Report(waiting.size(), emails, failures, handled);
    }

    private record Sent(int emails, int failures) {}

    /** One digest per manager of the company. */
    private Sent send(String companyId, List<JoinNotice> notices) {
        if (notices.isEmpty()) {
            return new Sent(0, 0);
        }
        Optional<Company> company = companies.find(companyId);
        List<JoinNotice> wanted = company.map(c -> notices.stream()
                        .filter(n -> n.wantedBy(c.settings().notifications()))
                        .toList())
                .orElse(List.of());
        int sent = 0;
        int failed = 0;
        if (!wanted.isEmpty()) {
            for (Membership manager : managers(companyId)) {
                try {
                    email.send(JoinDigest.render(company.get(), wanted, manager.email(), appBaseUrl)
                            .tagged(MailTags.toMember(MailTags.JOIN_DIGEST, companyId, manager.userId())));
                    sent++;
                } catch (MailSuppressedException e) {
                    // Not a failure: this address is not mailed any more, and waiting would not change that.
                } catch (EmailNotSentException e) {
                    failed++;
                }
            }
        }
        // When no email got out at all (the mail service is down), the notices wait for the next run.
        if (sent > 0 || failed == 0) {
            outbox.delete(notices);
        }
        return new Sent(sent, failed);
    }

    /** The member managers, by key: the digest's cost grows with them, not with the company. */
    private List<Membership> managers(String companyId) {
        return admins.managers(companyId).stream()
                .filter(m -> m.email() != null && m.may(Permission.MANAGE_MEMBERS))
                .toList();
    }
}
