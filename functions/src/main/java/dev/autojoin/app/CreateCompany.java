package dev.autojoin.app;

import dev.autojoin.domain.Actor;
import dev.autojoin.domain.AuditEntry;
import dev.autojoin.domain.Caller;
import dev.autojoin.domain.Company;
import dev.autojoin.domain.CompanySettings;
import dev.autojoin.domain.EmailAddress;
import dev.autojoin.domain.Membership;
import dev.autojoin.domain.Permission;
import dev.autojoin.domain.Provenance;
import dev.autojoin.domain.ProvenanceType;
import dev.autojoin.domain.Role;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.UUID;

public final class CreateCompany {
    private final CompanyStore companies;
    private final Clock clock;

    public CreateCompany(CompanyStore companies, Clock clock) {
        this.companies = companies;
        this.clock = clock;
    }

    public Company create(Caller caller, String name) {
        EmailAddress email = caller.requireVerifiedEmail();
        Instant now = clock.instant();
        Company company =
                new Company(UUID.randomUUID().toString(), name, 1, CompanySettings.defaults(), now, caller.sub());
        Membership owner = new Membership(
                company.id(),
                company.name(),
                caller.sub(),
                email,
                Role.OWNER,
                EnumSet.allOf(Permission.class),
                new Provenance(ProvenanceType.CREATED, null, Actor.user(caller.sub()), now));
        AuditEntry created = AuditEntry.of(
                company.id(),
                now,
                Actor.user(caller.sub()),
                "company.created",
                "company:" + company.id(),
                null,
                Map.of("name", company.name(), "owner", caller.sub()));
        companies.create(company, owner, created);
        return company;
    }
}
