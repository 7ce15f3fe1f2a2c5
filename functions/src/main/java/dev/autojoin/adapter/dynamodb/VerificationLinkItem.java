package dev.autojoin.adapter.dynamodb;

import dev.autojoin.domain.DomainName;
import dev.autojoin.domain.EmailAddress;
import dev.autojoin.domain.VerificationLink;
import java.time.Instant;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

/**
 * PK=DVTOKEN#sha256(token), SK=DVTOKEN: an emailed domain verification link. The raw token is never stored;
 * {@code expiresAt} is both the TTL and the expiry checked on read.
 */
final class VerificationLinkItem extends BaseItem {
    static final String TYPE = "domain_verification_link";

    static final StaticTableSchema<VerificationLinkItem> SCHEMA = StaticTableSchema.builder(VerificationLinkItem.class)
            .newItemSupplier(VerificationLinkItem::new)
            .extend(BaseItem.SCHEMA)
            .addAttribute(
                    String.class,
                    a -> a.name("tokenHash").getter(i -> i.tokenHash).setter((i, v) -> i.tokenHash = v))
            .addAttribute(
                    String.class, a -> a.name("domain").getter(i -> i.domain).setter((i, v) -> i.domain = v))
            .addAttribute(
                    String.class,
                    a -> a.name("companyId").getter(i -> i.companyId).setter((i, v) -> i.companyId = v))
            .addAttribute(
                    String.class,
                    a -> a.name("companyName").getter(i -> i.companyName).setter((i, v) -> i.companyName = v))
            .addAttribute(
                    String.class, a -> a.name("sentTo").getter(i -> i.sentTo).setter((i, v) -> i.sentTo = v))
            .addAttribute(
                    String.class,
                    a -> a.name("createdAt").getter(i -> i.createdAt).setter((i, v) -> i.createdAt = v))
            .addAttribute(
                    String.class, a -> a.name("usedAt").getter(i -> i.usedAt).setter((i, v) -> i.usedAt = v))
            .build();

    String tokenHash;
    String domain;
    String companyId;
    String companyName;
    String sentTo;
    String createdAt;
    String usedAt;

    static VerificationLinkItem from(VerificationLink link) {
        VerificationLinkItem item = new VerificationLinkItem();
        item.setPk(Keys.verificationLink(link.tokenHash()));
        item.setSk(Keys.VERIFICATION_LINK);
        item.setType(TYPE);
        item.setExpiresAt(link.expiresAt().getEpochSecond());
        item.tokenHash = link.tokenHash();
        item.domain = link.domain().value();
        item.companyId = link.companyId();
        item.companyName = link.companyName();
        item.sentTo = link.sentTo().value();
        item.createdAt = Attributes.instant(link.createdAt());
        item.usedAt = Attributes.instant(link.usedAt());
        return item;
    }

    VerificationLink toDomain() {
        return new VerificationLink(
                tokenHash,
                DomainName.parse(domain),
                companyId,
                companyName,
                EmailAddress.parse(sentTo),
                Attributes.instant(createdAt),
                Instant.ofEpochSecond(getExpiresAt()),
                Attributes.instant(usedAt));
    }
}
