package dev.autojoin.adapter.dynamodb;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondarySortKey;

import dev.autojoin.domain.DomainClaim;
import dev.autojoin.domain.DomainName;
import dev.autojoin.domain.DomainStatus;
import dev.autojoin.domain.EmailAddress;
import dev.autojoin.domain.Enrollment;
import dev.autojoin.domain.Role;
import dev.autojoin.domain.Verification;
import dev.autojoin.domain.VerificationMethod;
import dev.autojoin.domain.WireName;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

/**
 * PK=DOMAIN#domain, SK=CLAIM for the verified claim that holds the domain: one item per domain is what makes "at
 * most one holder" a single conditional write, and the hot-path item of sign-up. A claim that holds nothing
 * (pending, failed, unverified) is SK=CLAIMANT#companyId in the same partition, so several companies may wait for
 * their proof. Both: GSI1PK=COMPANY#id, GSI1SK=DOMAIN#domain. A DNS-verified holder also carries GSI2PK=RECHECK,
 * GSI2SK=nextCheckAt#domain (a sparse index of what the schedule re-checks, by due time).
 */
final class DomainClaimItem extends BaseItem {
    static final String TYPE = "domain_claim";

    /** A pending claim nobody proved is removed (TTL) this long after its deadline. */
    private static final Duration PENDING_KEPT_AFTER_DEADLINE = Duration.ofDays(30);

    static final StaticTableSchema<DomainClaimItem> SCHEMA = StaticTableSchema.builder(DomainClaimItem.class)
            .newItemSupplier(DomainClaimItem::new)
            .extend(BaseItem.SCHEMA)
            .addAttribute(String.class, a -> a.name("GSI2PK")
                    .getter(i -> i.gsi2pk)
                    .setter((i, v) -> i.gsi2pk = v)
                    .tags(secondaryPartitionKey(Keys.GSI2)))
            .addAttribute(String.class, a -> a.name("GSI2SK")
                    .getter(i -> i.gsi2sk)
                    .setter((i, v) -> i.gsi2sk = v)
                    .tags(secondarySortKey(Keys.GSI2)))
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
            .addAttribute(
                    Attributes.TEAMS,
                    a -> a.name("defaultTeams").getter(i -> i.defaultTeams).setter((i, v) -> i.defaultTeams = v))
            .addAttribute(
                    Boolean.class, a -> a.name("capture").getter(i -> i.capture).setter((i, v) -> i.capture = v))
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
            .addAttribute(
                    String.class,
                    a -> a.name("dnsToken").getter(i -> i.dnsToken).setter((i, v) -> i.dnsToken = v))
            .addAttribute(
                    String.class,
                    a -> a.name("deadline").getter(i -> i.deadline).setter((i, v) -> i.deadline = v))
            .addAttribute(
                    String.class,
                    a -> a.name("linkTokenHash").getter(i -> i.linkTokenHash).setter((i, v) -> i.linkTokenHash = v))
            .addAttribute(
                    String.class,
                    a -> a.name("linkSentTo").getter(i -> i.linkSentTo).setter((i, v) -> i.linkSentTo = v))
            .addAttribute(
                    String.class,
                    a -> a.name("linkSentAt").getter(i -> i.linkSentAt).setter((i, v) -> i.linkSentAt = v))
            .addAttribute(
                    String.class,
                    a -> a.name("verifiedAt").getter(i -> i.verifiedAt).setter((i, v) -> i.verifiedAt = v))
            .addAttribute(
                    String.class,
                    a -> a.name("nextCheckAt").getter(i -> i.nextCheckAt).setter((i, v) -> i.nextCheckAt = v))
            .addAttribute(
                    String.class,
                    a -> a.name("graceEndsAt").getter(i -> i.graceEndsAt).setter((i, v) -> i.graceEndsAt = v))
            .addAttribute(String.class, a -> a.name("lookupFailingSince")
                    .getter(i -> i.lookupFailingSince)
                    .setter((i, v) -> i.lookupFailingSince = v))
            .build();

    String gsi2pk;
    String gsi2sk;
    String domain;
    String companyId;
    String companyName;
    String status;
    String method;
    String enrollment;
    Boolean includeSubdomains;
    String defaultRole;
    List<String> defaultPermissions;
    Map<String, List<String>> defaultTeams;
    Boolean capture;
    String claimedAt;
    String claimedBy;
    Long version;
    String dnsToken;
    String deadline;
    String linkTokenHash;
    String linkSentTo;
    String linkSentAt;
    String verifiedAt;
    String nextCheckAt;
    String graceEndsAt;
    String lookupFailingSince;

    /** Where a claim lives follows from its status: verified holds the domain, anything else waits beside it. */
    static String sortKey(DomainClaim c) {
        return c.verified() ? Keys.CLAIM : Keys.claimant(c.companyId());
    }

    static DomainClaimItem from(DomainClaim c) {
        DomainClaimItem item = new DomainClaimItem();
        item.setPk(Keys.domain(c.domain().value()));
        item.setSk(sortKey(c));
        item.setGsi1pk(Keys.company(c.companyId()));
        item.setGsi1sk(Keys.domain(c.domain().value()));
        item.setType(TYPE);
        Verification v = c.verification();
        if (c.verified() && c.method() == VerificationMethod.DNS && v.nextCheckAt() != null) {
            item.gsi2pk = Keys.RECHECK;
            item.gsi2sk = Keys.recheckAt(v.nextCheckAt(), c.domain().value());
        }
        if (c.status() == DomainStatus.PENDING && v.deadline() != null) {
            item.setExpiresAt(v.deadline().plus(PENDING_KEPT_AFTER_DEADLINE).getEpochSecond());
        }
        item.domain = c.domain().value();
        item.companyId = c.companyId();
        item.companyName = c.companyName();
        item.status = c.status().wire();
        item.method = c.method().wire();
        item.enrollment = c.enrollment().wire();
        item.includeSubdomains = c.includeSubdomains();
        item.defaultRole = c.defaultRole().wire();
        item.defaultPermissions = Attributes.wire(c.defaultPermissions());
        item.defaultTeams = c.defaultTeams().isEmpty() ? null : Attributes.storedTeams(c.defaultTeams());
        item.capture = c.capture() ? Boolean.TRUE : null;
        item.claimedAt = Attributes.instant(c.claimedAt());
        item.claimedBy = c.claimedBy();
        item.version = c.version();
        item.dnsToken = v.dnsToken();
        item.deadline = Attributes.instant(v.deadline());
        item.linkTokenHash = v.linkTokenHash();
        item.linkSentTo = v.linkSentTo() == null ? null : v.linkSentTo().value();
        item.linkSentAt = Attributes.instant(v.linkSentAt());
        item.verifiedAt = Attributes.instant(v.verifiedAt());
        item.nextCheckAt = Attributes.instant(v.nextCheckAt());
        item.graceEndsAt = Attributes.instant(v.graceEndsAt());
        item.lookupFailingSince = Attributes.instant(v.lookupFailingSince());
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
                version == null ? 1 : version,
                new Verification(
                        dnsToken,
                        Attributes.instant(deadline),
                        linkTokenHash,
                        linkSentTo == null ? null : EmailAddress.parse(linkSentTo),
                        Attributes.instant(linkSentAt),
                        Attributes.instant(verifiedAt),
                        Attributes.instant(nextCheckAt),
                        Attributes.instant(graceEndsAt),
                        Attributes.instant(lookupFailingSince)),
                Attributes.teams(defaultTeams),
                Boolean.TRUE.equals(capture));
    }
}
