package dev.autojoin.app;

import dev.autojoin.domain.Company;
import dev.autojoin.domain.EmailNotSentException;
import dev.autojoin.domain.JoinNotice;
import dev.autojoin.domain.Membership;
import dev.autojoin.domain.Permission;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Scheduled every few minutes: one email per member manager per company, listing the joins and requests since the
 * last run that the company's {@code notify} setting asks for. A burst of sign-ups is one email, not hundreds.
 */
public final class SendJoinDigests {
    static final int MAX_NOTICES_PER_RUN = 2000;

    public record Report(int companies, int emails, int failures, int notices) {}

    private final NotificationOutbox outbox;
    private final CompanyStore companies;
    private final CompanyAdmins admins;
    private final EmailSender email;
    private final URI appBaseUrl;

    public SendJoinDigests(
            NotificationOutbox outbox,
            CompanyStore companies,
            CompanyAdmins admins,
            EmailSender email,
            URI appBaseUrl) {
        this.outbox = outbox;
        this.companies = companies;
        this.admins = admins;
        this.email = email;
        this.appBaseUrl = appBaseUrl;
    }

    public Report run() {
        Map<String, List<JoinNotice>> byCompany = new LinkedHashMap<>();
        List<JoinNotice> notices = outbox.pending(MAX_NOTICES_PER_RUN);
        notices.forEach(n -> byCompany
                .computeIfAbsent(n.companyId(), id -> new ArrayList<>())
                .add(n));
        int emails = 0;
        int failures = 0;
        for (Map.Entry<String, List<JoinNotice>> entry : byCompany.entrySet()) {
            Optional<Company> company = companies.find(entry.getKey());
            List<JoinNotice> wanted = company.map(c -> entry.getValue().stream()
                            .filter(n -> n.wantedBy(c.settings().notifications()))
                            .toList())
                    .orElse(List.of());
            int sent = 0;
            int failed = 0;
            if (!wanted.isEmpty()) {
                for (Membership manager : managers(entry.getKey())) {
                    try {
                        email.send(JoinDigest.render(company.get(), wanted, manager.email(), appBaseUrl));
                        sent++;
                    } catch (EmailNotSentException e) {
                        failed++;
                    }
                }
            }
            emails += sent;
            failures += failed;
            // When no email got out at all (the mail service is down), the notices wait for the next run.
            if (sent > 0 || failed == 0) {
                outbox.delete(entry.getValue());
            }
        }
        return new Report(byCompany.size(), emails, failures, notices.size());
    }

    /** The member managers, by key: the digest's cost grows with them, not with the company. */
    private List<Membership> managers(String companyId) {
        return admins.managers(companyId).stream()
                .filter(m -> m.email() != null && m.may(Permission.MANAGE_MEMBERS))
                .toList();
    }
}
