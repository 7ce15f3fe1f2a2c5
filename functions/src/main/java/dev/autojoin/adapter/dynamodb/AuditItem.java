package dev.autojoin.adapter.dynamodb;

import dev.autojoin.domain.Actor;
import dev.autojoin.domain.AuditEntry;
import dev.autojoin.domain.WireName;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

/** PK=COMPANY#id, SK=AUDIT#time#id: one audit entry, expiring (TTL) after the configured retention. */
final class AuditItem extends BaseItem {
    static final String TYPE = "audit";
    private static final EnhancedType<Map<String, String>> STRING_MAP = EnhancedType.mapOf(String.class, String.class);

    static final StaticTableSchema<AuditItem> SCHEMA = StaticTableSchema.builder(AuditItem.class)
            .newItemSupplier(AuditItem::new)
            .extend(BaseItem.SCHEMA)
            .addAttribute(String.class, a -> a.name("id").getter(i -> i.id).setter((i, v) -> i.id = v))
            .addAttribute(
                    String.class,
                    a -> a.name("companyId").getter(i -> i.companyId).setter((i, v) -> i.companyId = v))
            .addAttribute(String.class, a -> a.name("at").getter(i -> i.at).setter((i, v) -> i.at = v))
            .addAttribute(
                    String.class,
                    a -> a.name("actorType").getter(i -> i.actorType).setter((i, v) -> i.actorType = v))
            .addAttribute(
                    String.class, a -> a.name("actorId").getter(i -> i.actorId).setter((i, v) -> i.actorId = v))
            .addAttribute(
                    String.class, a -> a.name("action").getter(i -> i.action).setter((i, v) -> i.action = v))
            .addAttribute(
                    String.class, a -> a.name("target").getter(i -> i.target).setter((i, v) -> i.target = v))
            .addAttribute(
                    STRING_MAP, a -> a.name("before").getter(i -> i.before).setter((i, v) -> i.before = v))
            .addAttribute(STRING_MAP, a -> a.name("after").getter(i -> i.after).setter((i, v) -> i.after = v))
            .build();

    String id;
    String companyId;
    String at;
    String actorType;
    String actorId;
    String action;
    String target;
    Map<String, String> before;
    Map<String, String> after;

    static AuditItem from(AuditEntry entry, Duration retention) {
        AuditItem item = new AuditItem();
        item.setPk(Keys.company(entry.companyId()));
        item.setSk(Keys.audit(entry.at(), entry.id()));
        item.setType(TYPE);
        item.setExpiresAt(entry.at().plus(retention).getEpochSecond());
        item.id = entry.id();
        item.companyId = entry.companyId();
        item.at = Attributes.instant(entry.at());
        item.actorType = entry.actor().type().wire();
        item.actorId = entry.actor().userId();
        item.action = entry.action();
        item.target = entry.target();
        item.before = entry.before();
        item.after = entry.after();
        return item;
    }

    AuditEntry toDomain() {
        return new AuditEntry(
                id,
                companyId,
                Attributes.instant(at),
                new Actor(WireName.parse(Actor.Type.class, actorType, "actor"), actorId),
                action,
                target,
                before,
                after);
    }
}
