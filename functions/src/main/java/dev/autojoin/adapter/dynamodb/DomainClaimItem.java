package dev.autojoin.adapter.dynamodb;

import dev.autojoin.domain.DomainClaim;
import dev.autojoin.domain.DomainName;
import dev.autojoin.domain.DomainStatus;
import dev.autojoin.domain.Enrollment;
import dev.autojoin.domain.Role;
import dev.autojoin.domain.VerificationMethod;
import dev.autojoin.domain.WireName;
import java.util.List;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

/**
 * PK=DOMAIN#domain, SK=CLAIM; GSI1PK=COMPANY#id, GSI1SK=DOMAIN#domain. The hot-path item of sign-up: one item per
 * domain is what makes "at most one holder" a single conditional write.
 */
final class DomainClaimItem extends BaseItem {
    static final String TYPE = "domain_claim";

    static final StaticTableSchema<DomainClaimItem> SCHEMA = StaticTableSchema.builder(DomainClaimItem.class)
            .newItemSupplier(DomainClaimItem::new)
            .extend(BaseItem.SCHEMA)
            .addAttribute(
                    String.class, a -> a.name("domain").getter(i -> i.domain).setter((i, v) -> i.domain = v))
            .addAttribute(
                    String.class,
                    a -> a.name("companyId").getter(i -> i.companyId).setter((i, v) -> i.companyId = v))
            .addAttribute(
                    String.class,
                    a -> a.name("companyName").getter(i -> i.companyName).setter((i, v) -> i.companyName = v))
            .addAttribute(
                    String.class, a -> a.name("status").getter(i -> i.status).setter((i, v) -> i.status = v))
            .addAttribute(
                    String.class, a -> a.name("method").getter(i -> i.method).setter((i, v) -> i.method = v))
            .addAttribute(
                    String.class,
                    a -> a.name("enrollment").getter(i -> i.enrollment).setter((i, v) -> i.enrollment = v))
            .addAttribute(Boolean.class, a -> a.name("includeSubdomains")
                    .getter(i -> i.includeSubdomains)
                    .setter((i, v) -> i.includeSubdomains = v))
            .addAttribute(
                    String.class,
                    a -> a.name("defaultRole").getter(i -> i.defaultRole).setter((i, v) -> i.defaultRole = v))
            .addAttribute(Attributes.STRING_LIST, a -> a.name("defaultPermissions")
                    .getter(i -> i.defaultPermissions)
                    .setter((i, v) -> i.defaultPermissions = v))
            .addAttribute(
                    String.class,
                    a -> a.name("claimedAt").getter(i -> i.claimedAt).setter((i, v) -> i.claimedAt = v))
            .addAttribute(
                    String.class,
                    a -> a.name("claimedBy").getter(i -> i.claimedBy).setter((i, v) -> i.claimedBy = v))
            .addAttribute(
                    Long.class, a -> a.name("version").getter(i -> i.version).setter((i, v) -> i.version = v))
            .build();

    String domain;
    String companyId;
    String companyName;
    String status;
    String method;
    String enrollment;
    Boolean includeSubdomains;
    String defaultRole;
    List<String> defaultPermissions;
    String claimedAt;
    String claimedBy;
    Long version;

    static DomainClaimItem from(DomainClaim c) {
        DomainClaimItem item = new DomainClaimItem();
        item.setPk(Keys.domain(c.domain().value()));
        item.setSk(Keys.CLAIM);
        item.setGsi1pk(Keys.company(c.companyId()));
        item.setGsi1sk(Keys.domain(c.domain().value()));
        item.setType(TYPE);
        item.domain = c.domain().value();
        item.companyId = c.companyId();
        item.companyName = c.companyName();
        item.status = c.status().wire();
        item.method = c.method().wire();
        item.enrollment = c.enrollment().wire();
        item.includeSubdomains = c.includeSubdomains();
        item.defaultRole = c.defaultRole().wire();
        item.defaultPermissions = Attributes.wire(c.defaultPermissions());
        item.claimedAt = Attributes.instant(c.claimedAt());
        item.claimedBy = c.claimedBy();
        item.version = c.version();
        return item;
    }

    DomainClaim toDomain() {
        return new DomainClaim(
                DomainName.parse(domain),
                companyId,
                companyName,
                WireName.parse(DomainStatus.class, status, "status"),
                VerificationMethod.parse(method),
                Enrollment.parse(enrollment),
                Boolean.TRUE.equals(includeSubdomains),
                Role.parse(defaultRole),
                Attributes.permissions(defaultPermissions),
                Attributes.instant(claimedAt),
                claimedBy,
                version == null ? 1 : version);
    }
}
