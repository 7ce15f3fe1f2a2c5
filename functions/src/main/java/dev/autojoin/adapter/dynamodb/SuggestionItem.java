package dev.autojoin.adapter.dynamodb;

import dev.autojoin.domain.DomainName;
import dev.autojoin.domain.EmailAddress;
import dev.autojoin.domain.Enrollment;
import dev.autojoin.domain.Suggestion;
import dev.autojoin.domain.SuggestionStatus;
import dev.autojoin.domain.WireName;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

/**
 * PK=COMPANY#id, SK=SUGGEST#sub; GSI1PK=USER#sub, GSI1SK=SUGGEST#companyId: a company shown to a person, and where the
 * person stands with it ({@code status}; {@code requested} is kept for readers of the first version).
 */
final class SuggestionItem extends BaseItem {
    static final String TYPE = "suggestion";

    static final StaticTableSchema<SuggestionItem> SCHEMA = StaticTableSchema.builder(SuggestionItem.class)
            .newItemSupplier(SuggestionItem::new)
            .extend(BaseItem.SCHEMA)
            .addAttribute(
                    String.class,
                    a -> a.name("companyId").getter(i -> i.companyId).setter((i, v) -> i.companyId = v))
            .addAttribute(
                    String.class,
                    a -> a.name("companyName").getter(i -> i.companyName).setter((i, v) -> i.companyName = v))
            .addAttribute(
                    String.class, a -> a.name("userId").getter(i -> i.userId).setter((i, v) -> i.userId = v))
            .addAttribute(
                    String.class, a -> a.name("email").getter(i -> i.email).setter((i, v) -> i.email = v))
            .addAttribute(
                    String.class, a -> a.name("domain").getter(i -> i.domain).setter((i, v) -> i.domain = v))
            .addAttribute(
                    String.class,
                    a -> a.name("enrollment").getter(i -> i.enrollment).setter((i, v) -> i.enrollment = v))
            .addAttribute(
                    Boolean.class,
                    a -> a.name("requested").getter(i -> i.requested).setter((i, v) -> i.requested = v))
            .addAttribute(String.class, a -> a.name("at").getter(i -> i.at).setter((i, v) -> i.at = v))
            .addAttribute(
                    String.class, a -> a.name("status").getter(i -> i.status).setter((i, v) -> i.status = v))
            .build();

    String companyId;
    String companyName;
    String userId;
    String email;
    String domain;
    String enrollment;
    Boolean requested;
    String at;
    String status;

    static SuggestionItem from(Suggestion s) {
        SuggestionItem item = new SuggestionItem();
        item.setPk(Keys.company(s.companyId()));
        item.setSk(Keys.suggestion(s.userId()));
        item.setGsi1pk(Keys.user(s.userId()));
        item.setGsi1sk(Keys.suggestionOfCompany(s.companyId()));
        item.setType(TYPE);
        item.companyId = s.companyId();
        item.companyName = s.companyName();
        item.userId = s.userId();
        item.email = s.email() == null ? null : s.email().value();
        item.domain = s.domain().value();
        item.enrollment = s.enrollment().wire();
        item.requested = s.requested();
        item.at = Attributes.instant(s.at());
        item.status = s.status().wire();
        return item;
    }

    Suggestion toDomain() {
        return new Suggestion(
                companyId,
                companyName,
                userId,
                email == null ? null : EmailAddress.parse(email),
                DomainName.parse(domain),
                Enrollment.parse(enrollment),
                status != null
                        ? WireName.parse(SuggestionStatus.class, status, "status")
                        : Boolean.TRUE.equals(requested) ? SuggestionStatus.PENDING : SuggestionStatus.SUGGESTED,
                Attributes.instant(at));
    }
}
