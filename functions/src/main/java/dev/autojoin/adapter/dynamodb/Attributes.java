package dev.autojoin.adapter.dynamodb;

import dev.autojoin.domain.Permission;
import dev.autojoin.domain.TeamPermission;
import dev.autojoin.domain.WireName;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Conversions between domain values and the plain attribute values items store. */
final class Attributes {
    static final EnhancedType<List<String>> STRING_LIST = EnhancedType.listOf(String.class);

    static final EnhancedType<Map<String, List<String>>> TEAMS =
            EnhancedType.mapOf(EnhancedType.of(String.class), STRING_LIST);

    private Attributes() {}

    static Map<String, List<String>> storedTeams(Map<String, Set<TeamPermission>> teams) {
        Map<String, List<String>> out = new TreeMap<>();
        teams.forEach((team, flags) -> out.put(team, wire(flags)));
        return out;
    }

    static Map<String, Set<TeamPermission>> teams(Map<String, List<String>> stored) {
        Map<String, Set<TeamPermission>> out = new TreeMap<>();
        if (stored != null) {
            stored.forEach((team, flags) -> out.put(team, TeamPermission.parseAll(flags)));
        }
        return out;
    }

    /** The stored form of {@link #storedTeams(Map)} as one attribute value, for an update expression. */
    static AttributeValue teamsValue(Map<String, Set<TeamPermission>> teams) {
        Map<String, AttributeValue> out = new TreeMap<>();
        teams.forEach((team, flags) -> out.put(
                team,
                AttributeValue.fromL(
                        wire(flags).stream().map(AttributeValue::fromS).toList())));
        return AttributeValue.fromM(out);
    }

    static List<String> wire(Collection<? extends WireName> values) {
        return values.stream().map(WireName::wire).sorted().toList();
    }

    static Set<Permission> permissions(List<String> stored) {
        return stored == null || stored.isEmpty() ? EnumSet.noneOf(Permission.class) : Permission.parseAll(stored);
    }

    static String instant(Instant at) {
        return at == null ? null : at.toString();
    }

    static Instant instant(String stored) {
        return stored == null ? null : Instant.parse(stored);
    }
}
