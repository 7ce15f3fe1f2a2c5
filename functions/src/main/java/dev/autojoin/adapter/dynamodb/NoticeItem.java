package dev.autojoin.adapter.dynamodb;

import dev.autojoin.domain.EmailAddress;
import dev.autojoin.domain.JoinNotice;
import dev.autojoin.domain.WireName;
import java.time.Duration;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

/**
 * PK=COMPANY#id, SK=NOTICE#time#sub; GSI1PK=NOTICE#pending, GSI1SK=COMPANY#id#time#sub: a join or request the admins
 * have not been told about. Written inside the join's own transaction; deleted once the digest went out; expires
 * after {@link #KEPT} if the digest never runs.
 */
final class NoticeItem extends BaseItem {
    static final String TYPE = "notice";
    static final Duration KEPT = Duration.ofDays(7);

    static final StaticTableSchema<NoticeItem> SCHEMA = StaticTableSchema.builder(NoticeItem.class)
            .newItemSupplier(NoticeItem::new)
            .extend(BaseItem.SCHEMA)
            .addAttribute(
                    String.class,
                    a -> a.name("companyId").getter(i -> i.companyId).setter((i, v) -> i.companyId = v))
            .addAttribute(String.class, a -> a.name("kind").getter(i -> i.kind).setter((i, v) -> i.kind = v))
            .addAttribute(
                    String.class, a -> a.name("userId").getter(i -> i.userId).setter((i, v) -> i.userId = v))
            .addAttribute(
                    String.class, a -> a.name("email").getter(i -> i.email).setter((i, v) -> i.email = v))
            .addAttribute(String.class, a -> a.name("at").getter(i -> i.at).setter((i, v) -> i.at = v))
            .build();

    String companyId;
    String kind;
    String userId;
    String email;
    String at;

    static NoticeItem from(JoinNotice n) {
        NoticeItem item = new NoticeItem();
        item.setPk(Keys.company(n.companyId()));
        item.setSk(Keys.notice(n.at(), n.userId()));
        item.setGsi1pk(Keys.NOTICES_PENDING);
        item.setGsi1sk(Keys.pendingNotice(n.companyId(), n.at(), n.userId()));
        item.setType(TYPE);
        item.setExpiresAt(n.at().plus(KEPT).getEpochSecond());
        item.companyId = n.companyId();
        item.kind = n.kind().wire();
        item.userId = n.userId();
        item.email = n.email().value();
        item.at = Attributes.instant(n.at());
        return item;
    }

    JoinNotice toDomain() {
        return new JoinNotice(
                companyId,
                WireName.parse(JoinNotice.Kind.class, kind, "kind"),
                userId,
                EmailAddress.parse(email),
                Attributes.instant(at));
    }
}
