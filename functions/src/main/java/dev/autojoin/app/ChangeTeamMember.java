package dev.autojoin.app;

import dev.autojoin.domain.Actor;
import dev.autojoin.domain.AuditEntry;
import dev.autojoin.domain.Caller;
import dev.autojoin.domain.ForbiddenException;
import dev.autojoin.domain.Membership;
import dev.autojoin.domain.NotFoundException;
import dev.autojoin.domain.Permission;
import dev.autojoin.domain.Team;
import dev.autojoin.domain.TeamPermission;
import java.time.Clock;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Putting a member in a team with flags, changing their flags there, taking them out. Who may: holders of
 * {@code manage_members} (owners and admins by role) and the team's own admins ({@code team_admin}), on members whose
 * role is not above theirs; anyone may leave a team. Nobody grants a team flag they do not hold in that team.
 */
public final class ChangeTeamMember {
    private final TeamStore teams;
    private final Clock clock;

    public ChangeTeamMember(TeamStore teams, Clock clock) {
        this.teams = teams;
        this.clock = clock;
    }

    /** What the caller asks: {@code userId} in {@code teamId} with exactly {@code permissions}. */
    public record Put(Caller caller, String companyId, String teamId, String userId, Set<TeamPermission> permissions) {}

    public Membership put(Put command) {
        String teamId = command.teamId();
        Acting acting = authorize(command.caller(), command.companyId(), teamId, command.userId(), false);
        Team team = acting.team().filter(t -> !t.expired(clock.instant())).orElseThrow(Team::notFound);
        if (team.archived()) {
            throw Team.archivedTeam();
        }
        Membership target = acting.target();
        Set<TeamPermission> before = target.teams().getOrDefault(teamId, Set.of());
        requireGrantable(acting.actor(), teamId, before, command.permissions());
        if (target.inTeam(teamId) && before.equals(command.permissions())) {
            return target;
        }
        Membership changed = target.inTeam(teamId, command.permissions());
        write(
                acting.actor(),
                target,
                changed,
                team,
                teamId,
                target.inTeam(teamId) ? "team.member_updated" : "team.member_added");
        return changed;
    }

    public void remove(Caller caller, String companyId, String teamId, String userId) {
        Acting acting = authorize(caller, companyId, teamId, userId, true);
        Membership target = acting.target();
        if (!target.inTeam(teamId)) {
            throw new NotFoundException("team_member_not_found", "This member is not in the team.");
        }
        write(acting.actor(), target, target.outOfTeam(teamId), null, teamId, "team.member_removed");
    }

    private record Acting(Membership actor, Membership target, Optional<Team> team) {}

    /** One read: the actor's and the target's memberships and the team. Leaving ({@code leaving}, oneself) needs no flag. */
    private Acting authorize(Caller caller, String companyId, String teamId, String userId, boolean leaving) {
        TeamStore.Reading read = teams.read(companyId, teamId, new HashSet<>(List.of(caller.sub(), userId)));
        Membership actor =
                Access.requireMember(Optional.ofNullable(read.members().get(caller.sub())));
        boolean self = caller.sub().equals(userId);
        if (!(self && leaving)) {
            if (!actor.may(Permission.MANAGE_MEMBERS)
                    && !actor.teamRights(teamId).contains(TeamPermission.TEAM_ADMIN)) {
                throw new ForbiddenException(
                        "forbidden", "This needs the manage_members permission, or team_admin in this team.");
            }
            if (read.team().isEmpty()) {
                throw Team.notFound();
            }
        }
        Membership target = self
                ? actor
                : Optional.ofNullable(read.members().get(userId))
                        .orElseThrow(
                                () -> new NotFoundException("member_not_found", "No such member in this company."));
        if (!actor.role().atLeast(target.role())) {
            throw new ForbiddenException(
                    "cannot_manage",
                    "You cannot change a member whose role (" + target.role().wire() + ") is above yours.");
        }
        return new Acting(actor, target, read.team());
    }

    /** The grant rule, per team: a flag added must be one the actor holds in this team. */
    static void requireGrantable(
            Membership actor, String teamId, Set<TeamPermission> before, Set<TeamPermission> after) {
        Set<TeamPermission> added = EnumSet.noneOf(TeamPermission.class);
        added.addAll(after);
        added.removeAll(before);
        added.removeAll(actor.teamRights(teamId));
        if (!added.isEmpty()) {
            throw new ForbiddenException(
                    "cannot_grant",
                    "You cannot grant team permissions you do not hold in this team: "
                            + added.iterator().next().wire() + ".");
        }
    }

    private void write(
            Membership actor, Membership target, Membership changed, Team joining, String teamId, String action) {
        teams.changeMember(
                target,
                changed,
                joining,
                actor,
                AuditEntry.of(
                        target.companyId(),
                        clock.instant(),
                        Actor.user(actor.userId()),
                        action,
                        "member:" + target.userId() + "#team:" + teamId,
                        Audit.inTeam(target, teamId),
                        Audit.inTeam(changed, teamId)));
    }
}
