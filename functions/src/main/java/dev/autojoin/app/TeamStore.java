package dev.autojoin.app;

import dev.autojoin.domain.AuditEntry;
import dev.autojoin.domain.Membership;
import dev.autojoin.domain.Team;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A company's teams and who is in them (a member's teams live on their membership). */
public interface TeamStore {
    /** The company's teams, archived ones still in their restore window included, oldest first. */
    List<Team> list(String companyId);

    /** A team named by its company: what a membership's team map points at. */
    record Ref(String companyId, String teamId) {}

    /** The teams of {@code refs} that exist, in one request (at most 100 refs). */
    Map<Ref, Team> findAll(Set<Ref> refs);

    /** The memberships of {@code userIds} that exist and the team, in one strongly consistent request. */
    record Reading(Map<String, Membership> members, Optional<Team> team) {}

    Reading read(String companyId, String teamId, Set<String> userIds);

    /**
     * A new active team, if the company holds fewer than {@link Team#MAX_ACTIVE}: ConflictException
     * {@code too_many_teams} otherwise, {@code concurrent_change} when the actor changed meanwhile.
     */
    void create(Team team, Membership actor, AuditEntry created);

    /**
     * Writes {@code changed} (name, archived or restored) over {@code current} if the team is still at its version.
     * Archiving keeps the company's count of active teams and refuses the last one (ConflictException
     * {@code last_team}); restoring refuses past {@link Team#MAX_ACTIVE} ({@code too_many_teams}); a team changed
     * meanwhile is PreconditionFailedException {@code version_conflict}.
     */
    void change(Team current, Team changed, Membership actor, AuditEntry entry);

    /**
     * Writes the member's teams ({@code changed}) over {@code current} if the member is still at its version and the
     * actor at theirs; {@code joining}, when not null, is the team they are put in or changed in, which must still be
     * active at its version.
     */
    void changeMember(Membership current, Membership changed, Team joining, Membership actor, AuditEntry entry);
}
