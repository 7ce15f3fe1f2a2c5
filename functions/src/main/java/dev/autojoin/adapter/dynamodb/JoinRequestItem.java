package dev.autojoin.adapter.dynamodb;

import dev.autojoin.domain.DomainName;
import dev.autojoin.domain.EmailAddress;
import dev.autojoin.domain.JoinRequest;
import dev.autojoin.domain.SuggestionStatus;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

/**
 * PK=COMPANY#id, SK=REQUEST#sub: a pending join request. It exists only while pending, so listing the pending
 * requests is a Query without a filter; the outcome lives on in the requester's suggestion.
 */
final class JoinRequestItem extends BaseItem {
    static final String TYPE = "join_request";

    static final StaticTableSchema<JoinRequestItem> SCHEMA = StaticTableSchema.builder(JoinRequestItem.class)
            .newItemSupplier(JoinRequestItem::new)
            .extend(BaseItem.SCHEMA)
            .addAttribute(
                    String.class,
                    a -> a.name("companyId").getter(i -> i.companyId).setter((i, v) -> i.companyId = v))
            .addAttribute(
                    String.class, a -> a.name("userId").getter(i -> i.userId).setter((i, v) -> i.userId = v))
            .addAttribute(
                    String.class, a -> a.name("email").getter(i -> i.email).setter((i, v) -> i.email = v))
            .addAttribute(
                    String.class, a -> a.name("domain").getter(i -> i.domain).setter((i, v) -> i.domain = v))
            .addAttribute(String.class, a -> a.name("at").getter(i -> i.at).setter((i, v) -> i.at = v))
            .build();

    String companyId;
    String userId;
    String email;
    String domain;
    String at;

    static JoinRequestItem from(JoinRequest r) {
        JoinRequestItem item = new JoinRequestItem();
        item.setPk(Keys.company(r.companyId()));
        item.setSk(Keys.request(r.userId()));
        item.setType(TYPE);
        item.companyId = r.companyId();
        item.userId = r.userId();
        item.email = r.email().value();
        item.domain = r.domain().value();
        item.at = Attributes.instant(r.at());
        return item;
    }

    JoinRequest toDomain() {
        return new JoinRequest(
                companyId,
                userId,
                EmailAddress.parse(email),
                DomainName.parse(domain),
                SuggestionStatus.PENDING,
                Attributes.instant(at));
    }
}
