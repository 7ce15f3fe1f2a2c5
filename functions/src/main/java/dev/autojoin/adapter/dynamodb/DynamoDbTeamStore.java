package dev.autojoin.adapter.dynamodb;

import dev.autojoin.adapter.dynamodb.Transaction.Bindings;
import dev.autojoin.app.TeamStore;
import dev.autojoin.domain.AuditEntry;
import dev.autojoin.domain.ConflictException;
import dev.autojoin.domain.Membership;
import dev.autojoin.domain.PreconditionFailedException;
import dev.autojoin.domain.Team;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/** Teams under their company's partition; every change goes through {@link Transaction} with its audit entry. */
public final class DynamoDbTeamStore implements TeamStore {
    private final SingleTable table;

    public DynamoDbTeamStore(SingleTable table) {
        this.table = table;
    }

    @Override
    public List<Team> list(String companyId) {
        List<Team> teams = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse page = table.client.query(QueryRequest.builder()
                    .tableName(table.name)
                    .keyConditionExpression("PK = :pk AND begins_with(SK, :prefix)")
                    .expressionAttributeValues(Map.of(
                            ":pk", AttributeValue.fromS(Keys.company(companyId)),
                            ":prefix", AttributeValue.fromS(Keys.TEAM_PREFIX)))
                    .consistentRead(true)
                    .exclusiveStartKey(start)
                    .build());
            page.items()
                    .forEach(item -> teams.add(TeamItem.SCHEMA.mapToItem(item).toDomain()));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        teams.sort(java.util.Comparator.comparing(Team::createdAt).thenComparing(Team::id));
        return teams;
    }

    @Override
    public Map<Ref, Team> findAll(Set<Ref> refs) {
        Map<Ref, Team> found = new HashMap<>();
        if (refs.isEmpty()) {
            return found;
        }
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        refs.forEach(ref -> keys.add(Keys.team(ref.companyId(), ref.teamId())));
        table.fetch(keys, false).all(TeamItem.TYPE, TeamItem.SCHEMA).stream()
                .map(TeamItem::toDomain)
                .forEach(t -> found.put(new Ref(t.companyId(), t.id()), t));
        return found;
    }

    @Override
    public Reading read(String companyId, String teamId, Set<String> userIds) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        userIds.forEach(id -> keys.add(Keys.item(Keys.company(companyId), Keys.member(id))));
        keys.add(Keys.team(companyId, teamId));
        SingleTable.Fetched fetched = table.fetch(keys, true);
        Map<String, Membership> members = new HashMap<>();
        fetched.all(MembershipItem.TYPE, MembershipItem.SCHEMA).stream()
                .map(MembershipItem::toDomain)
                .forEach(m -> members.put(m.userId(), m));
        return new Reading(members, fetched.one(TeamItem.TYPE, TeamItem.SCHEMA).map(TeamItem::toDomain));
    }

    @Override
    public void create(Team team, Membership actor, AuditEntry created) {
        Transaction tx = new Transaction(table)
                .putNew("team", TeamItem.SCHEMA.itemToMap(TeamItem.from(team), true))
                .actor(actor);
        activeTeams(tx, team.companyId(), +1);
        conflicts(tx.audit(created).run(), +1);
    }

    @Override
    public void change(Team current, Team changed, Membership actor, AuditEntry entry) {
        TeamItem after = TeamItem.from(changed);
        boolean archiving = !current.archived() && changed.archived();
        boolean restoring = current.archived() && !changed.archived();
        Bindings values = Bindings.of(
                "#name", "name",
                "#version", "version",
                "#archivedAt", "archivedAt",
                "#expiresAt", "expiresAt",
                ":name", AttributeValue.fromS(after.name),
                ":next", Transaction.number(changed.version()),
                ":version", Transaction.number(current.version()));
        String update = "SET #name = :name, #version = :next";
        if (changed.archived()) {
            update += ", #archivedAt = :archivedAt, #expiresAt = :expiresAt";
            values = values.with(Bindings.of(
                    ":archivedAt", AttributeValue.fromS(after.archivedAt),
                    ":expiresAt", Transaction.number(after.getExpiresAt())));
        } else {
            update += " REMOVE #archivedAt, #expiresAt";
        }
        Transaction tx = new Transaction(table)
                .update(
                        "team",
                        Keys.team(current.companyId(), current.id()),
                        update,
                        // A domain's default team is never archived, even one made a default a moment ago.
                        "attribute_exists(PK) AND #version = :version"
                                + (archiving ? " AND attribute_not_exists(#defaultFor)" : ""),
                        archiving ? values.with(Bindings.of("#defaultFor", TeamItem.DEFAULT_FOR)) : values)
                .actor(actor);
        int delta = archiving ? -1 : restoring ? +1 : 0;
        if (delta != 0) {
            activeTeams(tx, current.companyId(), delta);
        }
        Set<String> failed = tx.audit(entry).run();
        if (archiving && failed.contains("team")) {
            // Which of its conditions failed: the version, or a domain that made it a default meanwhile.
            Map<String, AttributeValue> stored = table.client
                    .getItem(r -> r.tableName(table.name)
                            .key(Keys.team(current.companyId(), current.id()))
                            .consistentRead(true))
                    .item();
            if (stored != null && stored.containsKey(TeamItem.DEFAULT_FOR)) {
                throw Team.defaultTeam(
                        Set.copyOf(stored.get(TeamItem.DEFAULT_FOR).ss()));
            }
        }
        conflicts(failed, delta);
    }

    @Override
    public void changeMember(Membership current, Membership changed, Team joining, Membership actor, AuditEntry entry) {
        Transaction tx = new Transaction(table)
                .update(
                        "member",
                        Keys.member(current),
                        "SET #teams = :teams, #version = :next",
                        "#version = :version",
                        Bindings.of(
                                "#teams", MembershipItem.TEAMS,
                                "#version", "version",
                                ":teams", Attributes.teamsValue(changed.teams()),
                                ":next", Transaction.number(changed.version()),
                                ":version", Transaction.number(current.version())));
        if (joining != null) {
            // Archived meanwhile: nobody joins a team being archived (a rename does not matter).
            tx.check(
                    "team",
                    Keys.team(joining.companyId(), joining.id()),
                    "attribute_exists(PK) AND attribute_not_exists(#archivedAt)",
                    Bindings.of("#archivedAt", "archivedAt"));
        }
        DynamoDbMembershipStore.actorUnchanged(tx, current.userId(), actor);
        Set<String> failed = tx.audit(entry).run();
        if (failed.contains("team")) {
            throw Team.archivedTeam();
        }
        if (!failed.isEmpty()) {
            throw new ConflictException(
                    "concurrent_change", "This membership changed while you were acting on it; reload and try again.");
        }
    }

    /**
     * The company's count of active teams moves with the team in the same transaction: down only while more than
     * one is left, up only below {@link Team#MAX_ACTIVE}.
     */
    private void activeTeams(Transaction tx, String companyId, int delta) {
        tx.update(
                "teams",
                Keys.item(Keys.company(companyId), Keys.PROFILE),
                "SET #count = #count + :delta",
                delta < 0 ? "#count > :one" : "#count < :max",
                Bindings.of(
                        "#count",
                        CompanyItem.TEAM_COUNT,
                        ":delta",
                        Transaction.number(delta),
                        delta < 0 ? ":one" : ":max",
                        Transaction.number(delta < 0 ? 1 : Team.MAX_ACTIVE)));
    }

    /** {@code delta}: what the write does to the count of active teams (-1 archive, +1 create or restore, 0). */
    private static void conflicts(Set<String> failed, int delta) {
        if (failed.contains("team")) {
            throw new PreconditionFailedException(
                    "version_conflict", "The team changed while you were acting on it; reload and try again.");
        }
        if (failed.contains("teams") && delta < 0) {
            throw Team.lastTeam();
        }
        if (failed.contains("teams")) {
            throw new ConflictException(
                    "too_many_teams", "A company has at most " + Team.MAX_ACTIVE + " active teams; archive one first.");
        }
        if (!failed.isEmpty()) {
            throw new ConflictException("concurrent_change", "Someone changed this at the same moment; try again.");
        }
    }
}
