package dev.autojoin.adapter.dynamodb;

import dev.autojoin.domain.EmailAddress;
import dev.autojoin.domain.PendingInvitation;
import dev.autojoin.domain.Role;
import dev.autojoin.domain.TeamPermission;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * PK=INVITEE#canonical email, SK=PENDING: the address's open invitations, one map attribute per invitation
 * (named by {@link Keys#pendingInvitation}), so that sign-up reads them with the domain's claim in one request. Each
 * transaction that opens or closes an invitation sets or removes its attribute; the attribute names are dynamic, so
 * the item is read and written with the low-level client.
 */
final class PendingInvitations {
    static final String TYPE = "invitee_pending";

    private PendingInvitations() {}

    /** Adds (or replaces) {@code open} and drops {@code closed}, all of the same address: the item {@code label}. */
    static void set(Transaction transaction, String label, PendingInvitation open, List<PendingInvitation> closed) {
        StringBuilder update = new StringBuilder("SET #type = :type, #email = :email, #ttl = :ttl, #open = :entry");
        List<Object> bindings = new ArrayList<>(List.of(
                "#type", "type",
                ":type", AttributeValue.fromS(TYPE),
                "#email", "email",
                ":email", AttributeValue.fromS(open.email().canonical()),
                "#ttl", "expiresAt",
                ":ttl", Transaction.number(InvitationItem.retainedUntil(open.expiresAt())),
                "#open", Keys.pendingInvitation(open.companyId(), open.inviteId()),
                ":entry", entry(open)));
        for (int i = 0; i < closed.size(); i++) {
            update.append(i == 0 ? " REMOVE " : ", ").append("#closed").append(i);
            bindings.add("#closed" + i);
            bindings.add(Keys.pendingInvitation(
                    closed.get(i).companyId(), closed.get(i).inviteId()));
        }
        transaction.update(
                label,
                Keys.pendingInvitations(open.email().canonical()),
                update.toString(),
                null,
                Transaction.Bindings.of(bindings.toArray()));
    }

    /** Drops {@code closed}; the item keeps its type if this is the first write it ever sees. */
    static void remove(Transaction transaction, PendingInvitation closed, Instant now) {
        transaction.update(
                "pending",
                Keys.pendingInvitations(closed.email().canonical()),
                "SET #type = :type, #email = :email, #ttl = :ttl REMOVE #closed",
                null,
                Transaction.Bindings.of(
                        "#type", "type",
                        ":type", AttributeValue.fromS(TYPE),
                        "#email", "email",
                        ":email", AttributeValue.fromS(closed.email().canonical()),
                        "#ttl", "expiresAt",
                        ":ttl", Transaction.number(InvitationItem.retainedUntil(now)),
                        "#closed", Keys.pendingInvitation(closed.companyId(), closed.inviteId())));
    }

    static List<PendingInvitation> decode(Map<String, AttributeValue> item) {
        List<PendingInvitation> open = new ArrayList<>();
        item.forEach((name, value) -> {
            if (name.startsWith(Keys.INVITE_PREFIX) && value.hasM()) {
                open.add(decodeEntry(value.m()));
            }
        });
        return open;
    }

    private static AttributeValue entry(PendingInvitation invitation) {
        Map<String, AttributeValue> entry = new HashMap<>(Map.of(
                "companyId", AttributeValue.fromS(invitation.companyId()),
                "inviteId", AttributeValue.fromS(invitation.inviteId()),
                "companyName", AttributeValue.fromS(invitation.companyName()),
                "email", AttributeValue.fromS(invitation.email().value()),
                "role", AttributeValue.fromS(invitation.role().wire()),
                "permissions",
                        AttributeValue.fromL(Attributes.wire(invitation.permissions()).stream()
                                .map(AttributeValue::fromS)
                                .toList()),
                "invitedBy", AttributeValue.fromS(invitation.invitedBy()),
                "validUntil", Transaction.number(invitation.expiresAt().getEpochSecond())));
        if (!invitation.teams().isEmpty()) {
            entry.put("teams", Attributes.teamsValue(invitation.teams()));
        }
        return AttributeValue.fromM(entry);
    }

    private static Map<String, Set<TeamPermission>> teams(AttributeValue stored) {
        Map<String, List<String>> teams = new TreeMap<>();
        if (stored != null && stored.hasM()) {
            stored.m()
                    .forEach((team, flags) -> teams.put(
                            team, flags.l().stream().map(AttributeValue::s).toList()));
        }
        return Attributes.teams(teams);
    }

    private static PendingInvitation decodeEntry(Map<String, AttributeValue> m) {
        return new PendingInvitation(
                m.get("companyId").s(),
                m.get("inviteId").s(),
                m.get("companyName").s(),
                EmailAddress.parse(m.get("email").s()),
                Role.parse(m.get("role").s()),
                Attributes.permissions(
                        m.get("permissions").l().stream().map(AttributeValue::s).toList()),
                teams(m.get("teams")),
                m.get("invitedBy").s(),
                Instant.ofEpochSecond(Long.parseLong(m.get("validUntil").n())));
    }
}
