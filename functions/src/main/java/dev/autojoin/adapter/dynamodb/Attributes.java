package dev.autojoin.adapter.dynamodb;

import dev.autojoin.domain.Permission;
import dev.autojoin.domain.WireName;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;

/** Conversions between domain values and the plain attribute values items store. */
final class Attributes {
    static final EnhancedType<List<String>> STRING_LIST = EnhancedType.listOf(String.class);

    private Attributes() {}

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
