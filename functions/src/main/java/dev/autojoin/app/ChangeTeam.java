package dev.autojoin.app;

import dev.autojoin.domain.Actor;
import dev.autojoin.domain.AuditEntry;
import dev.autojoin.domain.Caller;
import dev.autojoin.domain.ForbiddenException;
import dev.autojoin.domain.Membership;
import dev.autojoin.domain.Permission;
import dev.autojoin.domain.PreconditionFailedException;
import dev.autojoin.domain.Team;
import dev.autojoin.domain.TeamPermission;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Renaming ({@code manage_settings}, or the team's own admins), archiving and restoring ({@code manage_settings}) a
 * team. Archiving is refused for the company's last active team ({@code last_team}, held in the write itself).
 */
public final class ChangeTeam {
    private final TeamStore teams;
    private final Clock clock;

    public ChangeTeam(TeamStore teams, Clock clock) {
        this.teams = teams;
        this.clock = clock;
    }

    public Team rename(Caller caller, String companyId, String teamId, String name, OptionalLong ifMatch) {
        TeamStore.Reading read = teams.read(companyId, teamId, Set.of(caller.sub()));
        Membership actor =
                Access.requireMember(Optional.ofNullable(read.members().get(caller.sub())));
        if (!actor.may(Permission.MANAGE_SETTINGS) && !actor.teamRights(teamId).contains(TeamPermission.TEAM_ADMIN)) {
            throw new ForbiddenException(
                    "forbidden", "This needs the manage_settings permission, or team_admin in this team.");
        }
        Team.validName(name);
        Team team = current(read);
        if (team.archived()) {
            throw Team.archivedTeam();
        }
        requireVersion(team, ifMatch);
        if (team.name().equals(name)) {
            return team;
        }
        return write(actor, team, team.renamed(name), "team.renamed");
    }

    public Team archive(Caller caller, String companyId, String teamId, OptionalLong ifMatch) {
        TeamStore.Reading read = teams.read(companyId, teamId, Set.of(caller.sub()));
        Membership actor =
                Access.require(Optional.ofNullable(read.members().get(caller.sub())), Permission.MANAGE_SETTINGS);
        Team team = current(read);
        requireVersion(team, ifMatch);
        if (team.archived()) {
            return team;
        }
        if (!team.defaultFor().isEmpty()) {
            throw Team.defaultTeam(team.defaultFor());
        }
        return write(actor, team, team.archivedAt(clock.instant()), "team.archived");
    }

    public Team restore(Caller caller, String companyId, String teamId, OptionalLong ifMatch) {
        TeamStore.Reading read = teams.read(companyId, teamId, Set.of(caller.sub()));
        Membership actor =
                Access.require(Optional.ofNullable(read.members().get(caller.sub())), Permission.MANAGE_SETTINGS);
        Team team = current(read);
        requireVersion(team, ifMatch);
        if (!team.archived()) {
            return team;
        }
        return write(actor, team, team.restored(), "team.restored");
    }

    /** The team, unless it never existed or was archived past its restore window. */
    private Team current(TeamStore.Reading read) {
        return read.team().filter(t -> !t.expired(clock.instant())).orElseThrow(Team::notFound);
    }

    private static void requireVersion(Team team, OptionalLong ifMatch) {
        if (ifMatch.isPresent() && ifMatch.getAsLong() != team.version()) {
            throw new PreconditionFailedException(
                    "version_conflict", "The team changed since you read it; reload and try again.");
        }
    }

    private Team write(Membership actor, Team before, Team after, String action) {
        Instant now = clock.instant();
        teams.change(
                before,
                after,
                actor,
                AuditEntry.of(
                        before.companyId(),
                        now,
                        Actor.user(actor.userId()),
                        action,
                        CreateTeam.target(before),
                        Audit.of(before),
                        Audit.of(after)));
        return after;
    }
}
