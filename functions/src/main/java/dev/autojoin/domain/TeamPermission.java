package dev.autojoin.domain;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;

/**
 * Flags a member holds in one team. Jobs, hiring and what the team spends are a team's own business, so they are
 * granted per team; paying, members, settings and invitations stay company-wide ({@link Permission}). A company's
 * owners and admins hold every team flag in every team by role.
 */
public enum TeamPermission implements WireName {
    /** Manages the team: renames it, adds, changes and removes its members (never granting more than they hold). */
    TEAM_ADMIN,
    POST_JOBS,
    HIRE,
    VIEW_SPENDING;

    public static TeamPermission parse(String raw) {
        return WireName.parse(TeamPermission.class, raw, "permission");
    }

    public static Set<TeamPermission> parseAll(Collection<String> raw) {
        Set<TeamPermission> out = EnumSet.noneOf(TeamPermission.class);
        for (String r : raw) {
            out.add(parse(r));
        }
        return out;
    }

    /** What {@code role} holds in every team whatever its team flags: everything for owners and admins. */
    public static Set<TeamPermission> byRole(Role role) {
        return role.atLeast(Role.ADMIN) ? EnumSet.allOf(TeamPermission.class) : EnumSet.noneOf(TeamPermission.class);
    }
}
