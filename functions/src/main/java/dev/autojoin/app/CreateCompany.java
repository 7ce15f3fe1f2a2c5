package dev.autojoin.app;

import dev.autojoin.domain.Actor;
import dev.autojoin.domain.AuditEntry;
import dev.autojoin.domain.Caller;
import dev.autojoin.domain.Company;
import dev.autojoin.domain.CompanySettings;
import dev.autojoin.domain.DomainCapturedException;
import dev.autojoin.domain.DomainClaim;
import dev.autojoin.domain.EmailAddress;
import dev.autojoin.domain.Membership;
import dev.autojoin.domain.Permission;
import dev.autojoin.domain.Provenance;
import dev.autojoin.domain.ProvenanceType;
import dev.autojoin.domain.RateLimitedException;
import dev.autojoin.domain.Role;
import dev.autojoin.domain.Team;
import dev.autojoin.domain.TeamPermission;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.Map;
import java.util.UUID;

/**
 * A verified person founds a company and becomes its owner. Each company brings its own allowances of invitations and
 * verification emails, so how many a person may found in a UTC day is bounded too ({@code perUserPerDay}).
 */
public final class CreateCompany {
    private final CompanyStore companies;
    private final RateLimiter limiter;
    private final int perUserPerDay;
    private final JoinOnSignup joinOnSignup;
    private final Clock clock;

    public CreateCompany(
            CompanyStore companies, RateLimiter limiter, int perUserPerDay, JoinOnSignup joinOnSignup, Clock clock) {
        this.companies = companies;
        this.limiter = limiter;
        this.perUserPerDay = perUserPerDay;
        this.joinOnSignup = joinOnSignup;
        this.clock = clock;
    }

    public Company create(Caller caller, String name) {
        EmailAddress email = caller.requireVerifiedEmail();
        Company.validName(name); // bad input costs no allowance
        // A captured domain: its people join the company that owns it (the same lookup sign-up makes).
        joinOnSignup.lookup(email).claim().filter(DomainClaim::captures).ifPresent(claim -> {
            throw new DomainCapturedException(claim.domain(), claim.companyId(), claim.companyName());
        });
        Instant now = clock.instant();
        if (!limiter.tryAcquire("companies-created", caller.sub(), perUserPerDay, Duration.ofDays(1))) {
            throw new RateLimitedException(
                    "You created " + perUserPerDay + " companies today; try again tomorrow (UTC).",
                    Duration.between(now, now.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1))));
        }
        Company company =
                new Company(UUID.randomUUID().toString(), name, 1, CompanySettings.defaults(), now, caller.sub());
        Team first = new Team(company.id(), UUID.randomUUID().toString(), Team.FIRST_TEAM_NAME, now, null, 1);
        // The founder is in the first team with every team flag (an owner holds them by role anyway).
        Membership owner = new Membership(
                company.id(),
                company.name(),
                caller.sub(),
                email,
                Role.OWNER,
                EnumSet.allOf(Permission.class),
                new Provenance(ProvenanceType.CREATED, null, Actor.user(caller.sub()), now),
                1,
                null,
                Map.of(first.id(), EnumSet.allOf(TeamPermission.class)));
        AuditEntry created = AuditEntry.of(
                company.id(),
                now,
                Actor.user(caller.sub()),
                "company.created",
                "company:" + company.id(),
                null,
                Map.of("name", company.name(), "owner", caller.sub(), "team", first.id()));
        companies.create(company, owner, first, created);
        return company;
    }
}
