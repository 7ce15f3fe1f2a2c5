package dev.autojoin.app;

import dev.autojoin.domain.Actor;
import dev.autojoin.domain.AuditEntry;
import dev.autojoin.domain.Caller;
import dev.autojoin.domain.Membership;
import dev.autojoin.domain.Permission;
import dev.autojoin.domain.Team;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/** POST /companies/{id}/teams: the company's structure is a setting, so it needs {@code manage_settings}. */
public final class CreateTeam {
    private final Access access;
    private final TeamStore teams;
    private final Clock clock;

    public CreateTeam(Access access, TeamStore teams, Clock clock) {
        this.access = access;
        this.teams = teams;
        this.clock = clock;
    }

    public Team create(Caller caller, String companyId, String name) {
        access.validated(caller, companyId, Permission.MANAGE_SETTINGS, () -> Team.validName(name));
        Membership actor = access.require(caller, companyId, Permission.MANAGE_SETTINGS);
        Instant now = clock.instant();
        Team team = new Team(companyId, UUID.randomUUID().toString(), name, now, null, 1);
        teams.create(
                team,
                actor,
                AuditEntry.of(
                        companyId, now, Actor.user(caller.sub()), "team.created", target(team), null, Audit.of(team)));
        return team;
    }

    static String target(Team team) {
        return "team:" + team.id();
    }
}
