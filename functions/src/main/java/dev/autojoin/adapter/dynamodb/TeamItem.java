package dev.autojoin.adapter.dynamodb;

import dev.autojoin.domain.Team;
import java.util.Set;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

/**
 * PK=COMPANY#id, SK=TEAM#teamId: a team, in its company's partition so that the company's teams are one query. An
 * archived team carries {@code expiresAt} (its restore window's end): DynamoDB's TTL deletes it afterwards. A team
 * that a domain puts joiners in carries the domain in {@link #DEFAULT_FOR}, which archiving conditions on.
 */
final class TeamItem extends BaseItem {
    static final String TYPE = "team";
    /** The domains whose joiners land in the team (a string set, moved by the domain's own writes). */
    static final String DEFAULT_FOR = "defaultFor";

    static final StaticTableSchema<TeamItem> SCHEMA = StaticTableSchema.builder(TeamItem.class)
            .newItemSupplier(TeamItem::new)
            .extend(BaseItem.SCHEMA)
            .addAttribute(
                    String.class,
                    a -> a.name("companyId").getter(i -> i.companyId).setter((i, v) -> i.companyId = v))
            .addAttribute(
                    String.class, a -> a.name("teamId").getter(i -> i.teamId).setter((i, v) -> i.teamId = v))
            .addAttribute(String.class, a -> a.name("name").getter(i -> i.name).setter((i, v) -> i.name = v))
            .addAttribute(
                    String.class,
                    a -> a.name("createdAt").getter(i -> i.createdAt).setter((i, v) -> i.createdAt = v))
            .addAttribute(
                    String.class,
                    a -> a.name("archivedAt").getter(i -> i.archivedAt).setter((i, v) -> i.archivedAt = v))
            .addAttribute(
                    EnhancedType.setOf(String.class),
                    a -> a.name(DEFAULT_FOR).getter(i -> i.defaultFor).setter((i, v) -> i.defaultFor = v))
            .addAttribute(
                    Long.class, a -> a.name("version").getter(i -> i.version).setter((i, v) -> i.version = v))
            .build();

    String companyId;
    String teamId;
    String name;
    String createdAt;
    String archivedAt;
    Long version;
    Set<String> defaultFor;

    static TeamItem from(Team team) {
        TeamItem item = new TeamItem();
        item.setPk(Keys.company(team.companyId()));
        item.setSk(Keys.team(team.id()));
        item.setType(TYPE);
        item.companyId = team.companyId();
        item.teamId = team.id();
        item.name = team.name();
        item.createdAt = Attributes.instant(team.createdAt());
        item.archivedAt = Attributes.instant(team.archivedAt());
        item.version = team.version();
        item.defaultFor = team.defaultFor().isEmpty() ? null : new java.util.TreeSet<>(team.defaultFor());
        item.setExpiresAt(team.archived() ? team.restorableUntil().getEpochSecond() : null);
        return item;
    }

    Team toDomain() {
        return new Team(
                companyId,
                teamId,
                name,
                Attributes.instant(createdAt),
                Attributes.instant(archivedAt),
                version == null ? 1 : version,
                defaultFor == null ? Set.of() : defaultFor);
    }
}
