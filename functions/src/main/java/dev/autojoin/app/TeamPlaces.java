package dev.autojoin.app;

import dev.autojoin.domain.ForbiddenException;
import dev.autojoin.domain.InvalidInputException;
import dev.autojoin.domain.Membership;
import dev.autojoin.domain.Permission;
import dev.autojoin.domain.Team;
import dev.autojoin.domain.TeamPermission;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Team places a grant names (team id to team flags): a domain's default teams, an invitation's teams, an approval's
 * teams. One rule for all three: only active teams of the company, and nobody grants a team flag they do not hold in
 * that team.
 */
final class TeamPlaces {
    private TeamPlaces() {}

    /** The ids of {@code teams} that people may join at {@code now}: neither archived nor gone. */
    static Set<String> active(Iterable<Team> teams, Instant now) {
        Set<String> ids = new HashSet<>();
        teams.forEach(t -> {
            if (!t.archived() && !t.expired(now)) {
                ids.add(t.id());
            }
        });
        return ids;
    }

    /**
     * {@code after} names only {@code active} teams (else 400 {@code code}, on {@code field}), and every flag it adds
     * to {@code before} is one {@code actor} holds in that team (else 403 {@code cannot_grant}).
     */
    static void require(
            Membership actor,
            Map<String, Set<TeamPermission>> before,
            Map<String, Set<TeamPermission>> after,
            Set<String> active,
            String code,
            String field) {
        after.forEach((teamId, flags) -> {
            if (!active.contains(teamId)) {
                throw new InvalidInputException(code, "No active team " + teamId + " in this company.", field);
            }
            ChangeTeamMember.requireGrantable(actor, teamId, before.getOrDefault(teamId, Set.of()), flags);
        });
    }

    /**
     * Putting someone in a team, even with no flag, is what {@code manage_members} holders and the team's own admins
     * do ({@code PUT .../teams/{teamId}/members/{userId}}): an invitation naming a team needs the same.
     */
    static void requirePlacer(Membership actor, Set<String> teamIds) {
        if (actor.may(Permission.MANAGE_MEMBERS)) {
            return;
        }
        Set<String> not = teamIds.stream()
                .filter(t -> !actor.teamRights(t).contains(TeamPermission.TEAM_ADMIN))
                .collect(Collectors.toCollection(TreeSet::new));
        if (!not.isEmpty()) {
            throw new ForbiddenException(
                    "cannot_grant",
                    "Putting someone in a team needs manage_members, or team_admin in that team: you cannot place"
                            + " people in team " + not.iterator().next() + ".");
        }
    }
}
