package dev.autojoin.adapter.dynamodb;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondarySortKey;

import dev.autojoin.domain.Actor;
import dev.autojoin.domain.DomainName;
import dev.autojoin.domain.EmailAddress;
import dev.autojoin.domain.Membership;
import dev.autojoin.domain.Provenance;
import dev.autojoin.domain.ProvenanceType;
import dev.autojoin.domain.Role;
import dev.autojoin.domain.WireName;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * PK=COMPANY#id, SK=MEMBER#sub; GSI1PK=USER#sub, GSI1SK=COMPANY#id. One item per membership, so an auto-join is
 * one conditional write and "my companies" is one query on GSI1. A manager ({@link Membership#manages()}) also
 * carries GSI2PK=MANAGERS#id, GSI2SK=MEMBER#sub: a sparse index computed here only, so whom to tell never reads the
 * whole company. A member with an email also has its address item ({@link Keys#memberAddress}), written and deleted
 * in the membership's own transaction ({@link #add}, {@link #remove}), so "is this address a member" is a keyed read;
 * its GSI1 keys ({@link Keys#membersAt}) list the members at a domain across companies without a scan.
 */
final class MembershipItem extends BaseItem {
    static final String TYPE = "member";
    /** Set (once) by the mail feedback when mail to the member's address bounced for good or was marked as spam. */
    static final String MAIL_BOUNCED_AT = "mailBouncedAt";

    static final String GSI2PK = "GSI2PK";
    static final String GSI2SK = "GSI2SK";

    static final StaticTableSchema<MembershipItem> SCHEMA = StaticTableSchema.builder(MembershipItem.class)
            .newItemSupplier(MembershipItem::new)
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
            .addAttribute(String.class, a -> a.name("role").getter(i -> i.role).setter((i, v) -> i.role = v))
            .addAttribute(
                    Attributes.STRING_LIST,
                    a -> a.name("permissions").getter(i -> i.permissions).setter((i, v) -> i.permissions = v))
            .addAttribute(
                    String.class,
                    a -> a.name("provType").getter(i -> i.provType).setter((i, v) -> i.provType = v))
            .addAttribute(
                    String.class,
                    a -> a.name("provDomain").getter(i -> i.provDomain).setter((i, v) -> i.provDomain = v))
            .addAttribute(
                    String.class,
                    a -> a.name("provActorType").getter(i -> i.provActorType).setter((i, v) -> i.provActorType = v))
            .addAttribute(
                    String.class,
                    a -> a.name("provActorId").getter(i -> i.provActorId).setter((i, v) -> i.provActorId = v))
            .addAttribute(
                    String.class, a -> a.name("provAt").getter(i -> i.provAt).setter((i, v) -> i.provAt = v))
            .addAttribute(
                    Long.class, a -> a.name("version").getter(i -> i.version).setter((i, v) -> i.version = v))
            .addAttribute(
                    String.class,
                    a -> a.name(MAIL_BOUNCED_AT).getter(i -> i.mailBouncedAt).setter((i, v) -> i.mailBouncedAt = v))
            .addAttribute(
                    Attributes.TEAMS, a -> a.name("teams").getter(i -> i.teams).setter((i, v) -> i.teams = v))
            .addAttribute(String.class, a -> a.name(GSI2PK)
                    .getter(i -> i.gsi2pk)
                    .setter((i, v) -> i.gsi2pk = v)
                    .tags(secondaryPartitionKey(Keys.GSI2)))
            .addAttribute(String.class, a -> a.name(GSI2SK)
                    .getter(i -> i.gsi2sk)
                    .setter((i, v) -> i.gsi2sk = v)
                    .tags(secondarySortKey(Keys.GSI2)))
            .build();

    String companyId;
    String companyName;
    String userId;
    String email;
    String role;
    List<String> permissions;
    String provType;
    String provDomain;
    String provActorType;
    String provActorId;
    String provAt;
    Long version;
    String mailBouncedAt;
    String gsi2pk;
    String gsi2sk;
    Map<String, List<String>> teams;

    /** The member's teams: team id to the flags held there. */
    static final String TEAMS = "teams";

    static MembershipItem from(Membership m) {
        MembershipItem item = new MembershipItem();
        item.setPk(Keys.company(m.companyId()));
        item.setSk(Keys.member(m.userId()));
        item.setGsi1pk(Keys.user(m.userId()));
        item.setGsi1sk(Keys.company(m.companyId()));
        item.setType(TYPE);
        item.companyId = m.companyId();
        item.companyName = m.companyName();
        item.userId = m.userId();
        item.email = m.email() == null ? null : m.email().value();
        item.role = m.role().wire();
        item.permissions = Attributes.wire(m.permissions());
        Provenance p = m.provenance();
        item.provType = p.type().wire();
        item.provDomain = p.domain() == null ? null : p.domain().value();
        item.provActorType = p.actor().type().wire();
        item.provActorId = p.actor().userId();
        item.provAt = Attributes.instant(p.at());
        item.version = m.version();
        item.mailBouncedAt = Attributes.instant(m.mailBouncedAt());
        item.gsi2pk = m.manages() ? Keys.managers(m.companyId()) : null;
        item.gsi2sk = m.manages() ? Keys.member(m.userId()) : null;
        item.teams = Attributes.storedTeams(m.teams());
        return item;
    }

    Membership toDomain() {
        Provenance provenance = new Provenance(
                WireName.parse(ProvenanceType.class, provType, "provenance"),
                provDomain == null ? null : DomainName.parse(provDomain),
                new Actor(WireName.parse(Actor.Type.class, provActorType, "actor"), provActorId),
                Attributes.instant(provAt));
        return new Membership(
                companyId,
                companyName,
                userId,
                email == null ? null : EmailAddress.parse(email),
                Role.parse(role),
                Attributes.permissions(permissions),
                provenance,
                version == null ? 1 : version,
                Attributes.instant(mailBouncedAt),
                Attributes.teams(teams));
    }

    static final String ADDRESS_TYPE = "member_address";

    /** The new membership ({@code label}, created only if absent) and its address item, in {@code tx}. */
    static Transaction add(Transaction tx, String label, Membership m) {
        tx.putNew(label, SCHEMA.itemToMap(from(m), true));
        if (m.email() != null) {
            tx.put(label + ".address", addressItem(m), null, Transaction.Bindings.NONE);
        }
        return tx;
    }

    /** The address item of a membership with an email. */
    static Map<String, AttributeValue> addressItem(Membership m) {
        Map<String, AttributeValue> address =
                new HashMap<>(Keys.memberAddress(m.companyId(), m.email().canonical()));
        address.put("type", AttributeValue.fromS(ADDRESS_TYPE));
        address.put("userId", AttributeValue.fromS(m.userId()));
        address.put("companyId", AttributeValue.fromS(m.companyId()));
        address.put("email", AttributeValue.fromS(m.email().value()));
        // Who is at a domain, in every company: what a capturing company's admins list, and whose owners hear of it.
        address.put("GSI1PK", AttributeValue.fromS(Keys.membersAt(m.email().domain())));
        address.put(
                "GSI1SK",
                AttributeValue.fromS(Keys.memberAt(
                        m.email().domain(), m.companyId(), m.email().canonical())));
        return address;
    }

    /** The address item of a membership {@code tx} deletes. */
    static Transaction removeAddress(Transaction tx, Membership m) {
        if (m.email() != null) {
            tx.delete(
                    "member.address",
                    Keys.memberAddress(m.companyId(), m.email().canonical()),
                    null,
                    Transaction.Bindings.NONE);
        }
        return tx;
    }
}
