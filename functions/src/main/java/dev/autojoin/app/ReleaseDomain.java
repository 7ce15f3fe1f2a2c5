package dev.autojoin.app;

import dev.autojoin.domain.Actor;
import dev.autojoin.domain.AuditEntry;
import dev.autojoin.domain.Caller;
import dev.autojoin.domain.DomainClaim;
import dev.autojoin.domain.DomainName;
import dev.autojoin.domain.Membership;
import dev.autojoin.domain.NotFoundException;
import dev.autojoin.domain.Permission;
import java.time.Clock;

/**
 * DELETE /companies/{id}/domains/{domain}: the company lets go of its claim, holding or pending. Enrollment by the
 * domain ends with it; members who joined through it stay (their provenance still names the domain).
 */
public final class ReleaseDomain {
    private final Access access;
    private final DomainStore domains;
    private final Clock clock;

    public ReleaseDomain(Access access, DomainStore domains, Clock clock) {
        this.access = access;
        this.domains = domains;
        this.clock = clock;
    }

    public void release(Caller caller, String companyId, String rawDomain) {
        DomainName domain =
                access.validated(caller, companyId, Permission.MANAGE_SETTINGS, () -> DomainName.parse(rawDomain));
        DomainStore.Reading reading = domains.readAs(caller.sub(), domain, companyId);
        Membership admin = Access.require(reading.reader(), Permission.MANAGE_SETTINGS);
        DomainClaim mine = reading.claims()
                .of(companyId)
                .orElseThrow(() -> new NotFoundException("not_found", "This company has no claim on " + domain + "."));
        domains.release(
                mine,
                admin,
                AuditEntry.of(
                        companyId,
                        clock.instant(),
                        Actor.user(caller.sub()),
                        "domain.released",
                        "domain:" + domain,
                        Audit.of(mine),
                        null));
    }
}
