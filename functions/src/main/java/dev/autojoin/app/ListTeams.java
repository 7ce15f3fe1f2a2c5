package dev.autojoin.app;

import dev.autojoin.domain.Caller;
import dev.autojoin.domain.Membership;
import dev.autojoin.domain.Team;
import java.time.Clock;
import java.util.List;

/** GET /companies/{id}/teams: any member sees the company's teams, archived ones still restorable included. */
public final class ListTeams {
    public record Listing(Membership viewer, List<Team> teams) {}

    private final Access access;
    private final TeamStore teams;
    private final Clock clock;

    public ListTeams(Access access, TeamStore teams, Clock clock) {
        this.access = access;
        this.teams = teams;
        this.clock = clock;
    }

    public Listing list(Caller caller, String companyId) {
        Membership viewer = access.requireMember(caller, companyId);
        return new Listing(viewer, current(teams, companyId, clock));
    }

    /** The company's teams less those archived past their restore window (TTL deletes them a little later). */
    static List<Team> current(TeamStore teams, String companyId, Clock clock) {
        return teams.list(companyId).stream()
                .filter(t -> !t.expired(clock.instant()))
                .toList();
    }
}
