package dev.autojoin.adapter.dynamodb;

import dev.autojoin.domain.Company;
import dev.autojoin.domain.CompanySettings;
import dev.autojoin.domain.Notify;
import dev.autojoin.domain.Role;
import dev.autojoin.domain.WireName;
import java.util.List;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

/**
 * PK=COMPANY#id, SK=PROFILE: the company's profile and settings. {@code ownerCount} is how many owner memberships the
 * company has: every change that makes or unmakes an owner adjusts it in the same transaction, conditioned on
 * {@code ownerCount > 1} when it takes one away, so the last owner cannot go (not even in a race). {@code teamCount}
 * does the same for the company's active teams: archiving conditions on {@code teamCount > 1}.
 */
final class CompanyItem extends BaseItem {
    static final String TYPE = "company";
    static final String OWNER_COUNT = "ownerCount";
    /** How many active (not archived) teams the company has: at least one, kept like {@link #OWNER_COUNT}. */
    static final String TEAM_COUNT = "teamCount";

    static final StaticTableSchema<CompanyItem> SCHEMA = StaticTableSchema.builder(CompanyItem.class)
            .newItemSupplier(CompanyItem::new)
            .extend(BaseItem.SCHEMA)
            .addAttribute(
                    String.class,
                    a -> a.name("companyId").getter(i -> i.companyId).setter((i, v) -> i.companyId = v))
            .addAttribute(String.class, a -> a.name("name").getter(i -> i.name).setter((i, v) -> i.name = v))
            .addAttribute(
                    Long.class, a -> a.name("version").getter(i -> i.version).setter((i, v) -> i.version = v))
            .addAttribute(
                    String.class, a -> a.name("notify").getter(i -> i.notify).setter((i, v) -> i.notify = v))
            .addAttribute(Integer.class, a -> a.name("invitationExpiryDays")
                    .getter(i -> i.invitationExpiryDays)
                    .setter((i, v) -> i.invitationExpiryDays = v))
            .addAttribute(
                    String.class,
                    a -> a.name("defaultRole").getter(i -> i.defaultRole).setter((i, v) -> i.defaultRole = v))
            .addAttribute(Attributes.STRING_LIST, a -> a.name("defaultPermissions")
                    .getter(i -> i.defaultPermissions)
                    .setter((i, v) -> i.defaultPermissions = v))
            .addAttribute(
                    String.class,
                    a -> a.name("createdAt").getter(i -> i.createdAt).setter((i, v) -> i.createdAt = v))
            .addAttribute(
                    String.class,
                    a -> a.name("createdBy").getter(i -> i.createdBy).setter((i, v) -> i.createdBy = v))
            .addAttribute(
                    Integer.class,
                    a -> a.name(OWNER_COUNT).getter(i -> i.ownerCount).setter((i, v) -> i.ownerCount = v))
            .addAttribute(
                    Integer.class,
                    a -> a.name(TEAM_COUNT).getter(i -> i.teamCount).setter((i, v) -> i.teamCount = v))
            .build();

    String companyId;
    String name;
    Long version;
    String notify;
    Integer invitationExpiryDays;
    String defaultRole;
    List<String> defaultPermissions;
    String createdAt;
    String createdBy;
    Integer ownerCount;
    Integer teamCount;

    static CompanyItem from(Company company) {
        CompanyItem item = new CompanyItem();
        item.setPk(Keys.company(company.id()));
        item.setSk(Keys.PROFILE);
        item.setType(TYPE);
        item.companyId = company.id();
        item.name = company.name();
        item.version = company.version();
        CompanySettings settings = company.settings();
        item.notify = settings.notifications().wire();
        item.invitationExpiryDays = settings.invitationExpiryDays();
        item.defaultRole = settings.defaultRole().wire();
        item.defaultPermissions = Attributes.wire(settings.defaultPermissions());
        item.createdAt = Attributes.instant(company.createdAt());
        item.createdBy = company.createdBy();
        return item;
    }

    Company toDomain() {
        CompanySettings settings = new CompanySettings(
                WireName.parse(Notify.class, notify, "notify"),
                invitationExpiryDays,
                Role.parse(defaultRole),
                Attributes.permissions(defaultPermissions));
        return new Company(companyId, name, version, settings, Attributes.instant(createdAt), createdBy);
    }
}
