package dev.autojoin.app;

import dev.autojoin.domain.DomainClaim;
import dev.autojoin.domain.EmailNotSentException;
import dev.autojoin.domain.MailSuppressedException;
import dev.autojoin.domain.MailTags;
import dev.autojoin.domain.Membership;
import dev.autojoin.domain.Role;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Scheduled: once a company captures a domain, the owners of the other companies with members at it (shadow
 * companies) are told by email, once per company and domain. Nothing in their company changes; an owner whose own
 * address is at the domain finds the capturing company offered in {@code GET /me} (join it, keeping theirs, or keep
 * going). Run from the schedule, never inside the request that turned capture on: a domain may have many.
 */
public final class TellShadowCompanies {
    /** What a run did: captures finished, shadow companies told, emails sent and failed, captures left for later. */
    public record Report(int captures, int companies, int emails, int failures, int unfinished) {}

    static final int CAPTURES_PER_RUN = 10;
    private static final int INDEX_PAGE = 200;

    private final DomainStore domains;
    private final MembershipStore memberships;
    private final CompanyAdmins admins;
    private final EmailSender sender;
    private final DomainMail mail;
    private final URI appBaseUrl;
    private final Clock clock;

    public TellShadowCompanies(
            DomainStore domains,
            MembershipStore memberships,
            CompanyAdmins admins,
            EmailSender sender,
            DomainMail mail,
            URI appBaseUrl,
            Clock clock) {
        this.domains = domains;
        this.memberships = memberships;
        this.admins = admins;
        this.sender = sender;
        this.mail = mail;
        this.appBaseUrl = appBaseUrl;
        this.clock = clock;
    }

    public Report run(Duration budget) {
        long until = System.nanoTime() + budget.toNanos();
        int finished = 0;
        int companies = 0;
        int emails = 0;
        int failures = 0;
        int unfinished = 0;
        for (DomainStore.CaptureToTell capture : domains.capturesToTell(CAPTURES_PER_RUN)) {
            if (System.nanoTime() > until) {
                unfinished++;
                continue;
            }
            Optional<DomainClaim> holder = domains.find(capture.domain());
            if (holder.isEmpty() || !holder.get().captures()) {
                // Capture went off (or the domain changed hands) before anyone was told: nothing to tell now.
                domains.captureTold(capture);
                finished++;
                continue;
            }
            DomainClaim claim = holder.get();
            Optional<Set<String>> shadows = shadowCompanies(claim, until);
            if (shadows.isEmpty()) {
                unfinished++;
                continue;
            }
            boolean all = true;
            for (String companyId : shadows.get()) {
                if (System.nanoTime() > until) {
                    all = false;
                    break;
                }
                if (domains.shadowTold(companyId, claim.domain())) {
                    continue;
                }
                for (Membership owner : owners(companyId)) {
                    try {
                        sender.send(mail.captured(
                                        owner.email(),
                                        claim.domain(),
                                        claim.companyName(),
                                        owner.companyName(),
                                        claim.covers(owner.email().domain()),
                                        appBaseUrl.toString())
                                .tagged(MailTags.toMember(MailTags.DOMAIN_NOTICE, companyId, owner.userId())));
                        emails++;
                    } catch (MailSuppressedException e) {
                        // Not a failure: this address is not mailed any more.
                    } catch (EmailNotSentException e) {
                        // Counted, not retried: the offer itself waits in GET /me, and a retry would mail the others
                        // twice.
                        failures++;
                    }
                }
                domains.markShadowTold(companyId, claim.domain(), claim.companyId(), clock.instant());
                companies++;
            }
            if (all) {
                domains.captureTold(capture);
                finished++;
            } else {
                unfinished++;
            }
        }
        return new Report(finished, companies, emails, failures, unfinished);
    }

    /** The companies other than the capturing one with a member at the captured domain; empty when time ran out. */
    private Optional<Set<String>> shadowCompanies(DomainClaim claim, long until) {
        Set<String> found = new LinkedHashSet<>();
        Page.Request page = Page.Request.first(INDEX_PAGE);
        while (true) {
            Page<MembershipStore.MemberAt> at = memberships.membersAt(claim.domain(), claim.includeSubdomains(), page);
            at.items().stream()
                    .filter(e -> !e.companyId().equals(claim.companyId())
                            && claim.covers(e.email().domain()))
                    .forEach(e -> found.add(e.companyId()));
            if (at.nextCursor().isEmpty()) {
                return Optional.of(found);
            }
            if (System.nanoTime() > until) {
                return Optional.empty();
            }
            page = new Page.Request(INDEX_PAGE, at.nextCursor());
        }
    }

    private List<Membership> owners(String companyId) {
        return admins.managers(companyId).stream()
                .filter(m -> m.role() == Role.OWNER && m.email() != null)
                .toList();
    }
}
