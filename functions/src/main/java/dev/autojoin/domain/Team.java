package dev.autojoin.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A team inside a company: its own members with their own flags ({@link TeamPermission}). A company always has at
 * least one active team. Archiving hides a team and can be undone for {@link #RESTORE_WINDOW}; {@code version} grows
 * with every change, so a change conditions on the version it was decided on.
 */
public record Team(
        String companyId,
        String id,
        String name,
        Instant createdAt,
        Instant archivedAt,
        long version,
        Set<String> defaultFor) {
    /** How long an archived team can be restored (Figma keeps 28 days, Miro 90). */
    public static final Duration RESTORE_WINDOW = Duration.ofDays(30);

    /** The most active teams a company holds. */
    public static final int MAX_ACTIVE = 100;

    /** The name of the team a company is created with. */
    public static final String FIRST_TEAM_NAME = "General";

    /** A team no domain puts joiners in. */
    public Team(String companyId, String id, String name, Instant createdAt, Instant archivedAt, long version) {
        this(companyId, id, name, createdAt, archivedAt, version, Set.of());
    }

    public Team {
        defaultFor = Set.copyOf(defaultFor);
        Objects.requireNonNull(companyId, "companyId");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createdAt, "createdAt");
        name = Company.validName(name, "team");
    }

    /** The rule for company names, said of a team. */
    public static String validName(String name) {
        return Company.validName(name, "team");
    }

    public boolean archived() {
        return archivedAt != null;
    }

    /** Until when an archived team can be restored (null: not archived). */
    public Instant restorableUntil() {
        return archivedAt == null ? null : archivedAt.plus(RESTORE_WINDOW);
    }

    /** Archived longer ago than the restore window: gone for good, even before its item expires. */
    public boolean expired(Instant now) {
        return archivedAt != null && !now.isBefore(restorableUntil());
    }

    /** The answer when a change would leave the company with no active team. */
    public static ConflictException lastTeam() {
        return new ConflictException(
                "last_team", "A company keeps at least one active team: create or restore another team first.");
    }

    /** The answer when someone would join, or a change would touch, an archived team. */
    public static ConflictException archivedTeam() {
        return new ConflictException("team_archived", "This team is archived: restore it first.");
    }

    /** The answer when archiving a team a domain puts joiners in (Atlassian: a default group cannot be deleted). */
    public static ConflictException defaultTeam(Set<String> domains) {
        return new ConflictException(
                "default_team",
                "People who join by " + String.join(", ", new java.util.TreeSet<>(domains))
                        + " land in this team: take it out of the domain's default teams first.");
    }

    public static NotFoundException notFound() {
        return new NotFoundException("team_not_found", "No such team in this company.");
    }

    public Team renamed(String newName) {
        return new Team(companyId, id, newName, createdAt, archivedAt, version + 1, defaultFor);
    }

    public Team archivedAt(Instant at) {
        return new Team(companyId, id, name, createdAt, at, version + 1, defaultFor);
    }

    public Team restored() {
        return new Team(companyId, id, name, createdAt, null, version + 1, defaultFor);
    }
}
