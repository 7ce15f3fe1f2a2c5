package dev.autojoin.domain;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * A person in a company; {@code companyName} is denormalised so that "my companies" is one query. {@code version}
 * grows with every change of role or permissions, so a change conditions on the version it was decided on.
 * {@code mailBouncedAt}: when mail to the member's address bounced for good or was reported as spam (null: never).
 * {@code teams}: the member's team memberships, team id to the flags held in that team; kept on the membership so
 * that whoever leaves or is removed leaves every team with it, and a return starts in no team.
 */
public record Membership(
        String companyId,
        String companyName,
        String userId,
        EmailAddress email,
        Role role,
        Set<Permission> permissions,
        Provenance provenance,
        long version,
        Instant mailBouncedAt,
        Map<String, Set<TeamPermission>> teams) {
    public Membership {
        Objects.requireNonNull(companyId, "companyId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(provenance, "provenance");
        permissions = Set.copyOf(permissions);
        teams = copyOfTeams(teams);
    }

    /** An unmodifiable, ordered copy of team places (team id to flags). */
    public static Map<String, Set<TeamPermission>> copyOfTeams(Map<String, Set<TeamPermission>> teams) {
        Map<String, Set<TeamPermission>> copy = new TreeMap<>();
        teams.forEach((team, flags) -> copy.put(team, Set.copyOf(flags)));
        return Collections.unmodifiableMap(copy);
    }

    /** A membership in no team. */
    public Membership(
            String companyId,
            String companyName,
            String userId,
            EmailAddress email,
            Role role,
            Set<Permission> permissions,
            Provenance provenance,
            long version,
            Instant mailBouncedAt) {
        this(companyId, companyName, userId, email, role, permissions, provenance, version, mailBouncedAt, Map.of());
    }

    /** A membership whose mail never bounced. */
    public Membership(
            String companyId,
            String companyName,
            String userId,
            EmailAddress email,
            Role role,
            Set<Permission> permissions,
            Provenance provenance,
            long version) {
        this(companyId, companyName, userId, email, role, permissions, provenance, version, null);
    }

    /** A new membership, at version 1. */
    public Membership(
            String companyId,
            String companyName,
            String userId,
            EmailAddress email,
            Role role,
            Set<Permission> permissions,
            Provenance provenance) {
        this(companyId, companyName, userId, email, role, permissions, provenance, 1);
    }

    /** The next version with this role and these flags. */
    public Membership changed(Role newRole, Set<Permission> newPermissions) {
        return new Membership(
                companyId,
                companyName,
                userId,
                email,
                newRole,
                newPermissions,
                provenance,
                version + 1,
                mailBouncedAt,
                teams);
    }

    /** The next version, in {@code teamId} with {@code flags} (joined, or its flags there changed). */
    public Membership inTeam(String teamId, Set<TeamPermission> flags) {
        Map<String, Set<TeamPermission>> next = new TreeMap<>(teams);
        next.put(teamId, flags);
        return withTeams(next);
    }

    /** The next version, out of {@code teamId}. */
    public Membership outOfTeam(String teamId) {
        Map<String, Set<TeamPermission>> next = new TreeMap<>(teams);
        next.remove(teamId);
        return withTeams(next);
    }

    private Membership withTeams(Map<String, Set<TeamPermission>> next) {
        return new Membership(
                companyId, companyName, userId, email, role, permissions, provenance, version + 1, mailBouncedAt, next);
    }

    public boolean inTeam(String teamId) {
        return teams.containsKey(teamId);
    }

    /** What the member may do in {@code teamId}: their flags there, or every flag for owners and admins. */
    public Set<TeamPermission> teamRights(String teamId) {
        Set<TeamPermission> rights = EnumSet.noneOf(TeamPermission.class);
        rights.addAll(TeamPermission.byRole(role));
        rights.addAll(teams.getOrDefault(teamId, Set.of()));
        return rights;
    }

    public Set<Permission> effectivePermissions() {
        return Permission.effective(role, permissions);
    }

    public boolean may(Permission permission) {
        return effectivePermissions().contains(permission);
    }

    /** Whom the company tells about its domains (manage_settings) and its joins (manage_members): owners, admins too. */
    public boolean manages() {
        return may(Permission.MANAGE_SETTINGS) || may(Permission.MANAGE_MEMBERS);
    }
}
