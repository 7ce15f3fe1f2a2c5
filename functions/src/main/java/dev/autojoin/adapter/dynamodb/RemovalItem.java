package dev.autojoin.adapter.dynamodb;

import java.time.Instant;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

/**
 * PK=COMPANY#id, SK=REMOVED#canonical email: an admin removed this person. Auto-join, a suggestion and a join
 * request's approval check that it does not exist in their own transaction (a join request reads it first); only an
 * accepted invitation deletes it. No TTL: a removal holds until an admin invites them back.
 */
final class RemovalItem extends BaseItem {
    static final String TYPE = "removal";

    static final StaticTableSchema<RemovalItem> SCHEMA = StaticTableSchema.builder(RemovalItem.class)
            .newItemSupplier(RemovalItem::new)
            .extend(BaseItem.SCHEMA)
            .addAttribute(
                    String.class,
                    a -> a.name("companyId").getter(i -> i.companyId).setter((i, v) -> i.companyId = v))
            .addAttribute(
                    String.class, a -> a.name("email").getter(i -> i.email).setter((i, v) -> i.email = v))
            .addAttribute(
                    String.class, a -> a.name("userId").getter(i -> i.userId).setter((i, v) -> i.userId = v))
            .addAttribute(
                    String.class,
                    a -> a.name("removedBy").getter(i -> i.removedBy).setter((i, v) -> i.removedBy = v))
            .addAttribute(String.class, a -> a.name("at").getter(i -> i.at).setter((i, v) -> i.at = v))
            .build();

    String companyId;
    String email;
    String userId;
    String removedBy;
    String at;

    static RemovalItem of(String companyId, String canonicalEmail, String userId, String removedBy, Instant at) {
        RemovalItem item = new RemovalItem();
        item.setPk(Keys.company(companyId));
        item.setSk(Keys.removal(canonicalEmail));
        item.setType(TYPE);
        item.companyId = companyId;
        item.email = canonicalEmail;
        item.userId = userId;
        item.removedBy = removedBy;
        item.at = Attributes.instant(at);
        return item;
    }
}
