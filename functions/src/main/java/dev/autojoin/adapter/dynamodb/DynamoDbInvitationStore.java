package dev.autojoin.adapter.dynamodb;

import com.google.common.base.Suppliers;
import dev.autojoin.app.InvitationStore;
import dev.autojoin.app.Page;
import dev.autojoin.domain.AuditEntry;
import dev.autojoin.domain.Company;
import dev.autojoin.domain.EmailAddress;
import dev.autojoin.domain.Invitation;
import dev.autojoin.domain.InvitationStatus;
import dev.autojoin.domain.Membership;
import dev.autojoin.domain.PendingInvitation;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.model.GetItemEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Invitations in the single table: the invitation (COMPANY#id / INVITE#id), its tokens (TOKEN#sha256), the
 * invitee's open invitations (INVITEE#email / PENDING) and the daily counters (RATE#...). Writes that span them are
 * one low-level TransactWriteItems: the Enhanced Client has no counters (ADD), no REMOVE of a named attribute, and
 * cannot say which item's condition failed.
 */
public final class DynamoDbInvitationStore implements InvitationStore {
    private static final int BATCH_GET_LIMIT = 100;

    private final SingleTable table;
    private final Supplier<DynamoDbTable<InvitationItem>> invitations;
    private final Supplier<DynamoDbTable<InvitationTokenItem>> tokens;

    public DynamoDbInvitationStore(SingleTable table) {
        this.table = table;
        this.invitations = Suppliers.memoize(() -> table.enhanced.table(table.name, InvitationItem.SCHEMA));
        this.tokens = Suppliers.memoize(() -> table.enhanced.table(table.name, InvitationTokenItem.SCHEMA));
    }

    @Override
    public Map<String, List<PendingInvitation>> pendingFor(Collection<EmailAddress> emails) {
        Set<String> canonical = new HashSet<>();
        emails.forEach(email -> canonical.add(email.canonical()));
        if (canonical.size() > BATCH_GET_LIMIT) {
            throw new IllegalArgumentException("at most " + BATCH_GET_LIMIT + " addresses per read");
        }
        Map<String, List<PendingInvitation>> found = new HashMap<>();
        if (canonical.isEmpty()) {
            return found;
        }
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        canonical.forEach(email -> keys.add(Keys.pendingInvitations(email)));
        for (Map<String, AttributeValue> item : table.batchGet(keys, true)) {
            found.put(item.get("email").s(), PendingInvitations.decode(item));
        }
        return found;
    }

    @Override
    public Set<String> members(String companyId, Collection<String> canonicalEmails) {
        Set<String> members = new HashSet<>();
        for (String email : canonicalEmails) {
            // GSI3 holds one key per member's address: at most one item, keys only.
            QueryResponse found = table.client.query(q -> q.tableName(table.name)
                    .indexName(Keys.GSI3)
                    .keyConditionExpression("GSI3PK = :pk")
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(Keys.memberEmail(companyId, email))))
                    .limit(1));
            if (found.count() > 0) {
                members.add(email);
            }
        }
        return members;
    }

    @Override
    public boolean reserve(String companyId, LocalDate day, int count, int limit) {
        if (count > limit) {
            return false;
        }
        try {
            table.client.updateItem(u -> u.tableName(table.name)
                    .key(Keys.item(Keys.company(companyId), Keys.invitesSent(day)))
                    .updateExpression("ADD #count :n SET #type = :type, #ttl = :ttl")
                    .conditionExpression("attribute_not_exists(#count) OR #count <= :room")
                    .expressionAttributeNames(Map.of("#count", "count", "#type", "type", "#ttl", "expiresAt"))
                    .expressionAttributeValues(Map.of(
                            ":n", Transaction.number(count),
                            ":room", Transaction.number(limit - count),
                            ":type", AttributeValue.fromS("rate_count"),
                            ":ttl", Transaction.number(counterExpiry(day)))));
            return true;
        } catch (ConditionalCheckFailedException spent) {
            return false;
        }
    }

    @Override
    public Write create(
            Invitation invitation,
            List<PendingInvitation> expired,
            LocalDate day,
            int perAddressLimit,
            Membership actor,
            AuditEntry invited) {
        Transaction transaction = new Transaction(table)
                .putNew("invitation", InvitationItem.SCHEMA.itemToMap(InvitationItem.from(invitation), true))
                .putNew("token", tokenItem(invitation));
        PendingInvitations.set(transaction, invitation.pending(), expired);
        countMail(transaction, invitation.email(), day, perAddressLimit);
        DynamoDbSuppressionList.notSuppressed(transaction, invitation.email());
        transaction.actor(actor);
        Set<String> failed = transaction.audit(invited).run();
        if (failed.contains("suppression")) {
            return Write.SUPPRESSED;
        }
        if (failed.contains("address")) {
            return Write.ADDRESS_LIMITED;
        }
        if (!failed.isEmpty()) {
            throw new IllegalStateException("a new invitation collided with " + failed);
        }
        return Write.WRITTEN;
    }

    @Override
    public Optional<Invitation> find(String companyId, String inviteId) {
        InvitationItem item = invitations
                .get()
                .getItem(GetItemEnhancedRequest.builder()
                        .key(Keys.of(Keys.company(companyId), Keys.invitation(inviteId)))
                        .consistentRead(true)
                        .build());
        return Optional.ofNullable(item).map(InvitationItem::toDomain);
    }

    @Override
    public Reading readAs(String userId, String companyId, String inviteId, boolean withCompany) {
        // One BatchGetItem of up to three item types, decoded by type.
        List<Map<String, AttributeValue>> keys = new ArrayList<>(List.of(
                Keys.item(Keys.company(companyId), Keys.member(userId)),
                Keys.item(Keys.company(companyId), Keys.invitation(inviteId))));
        if (withCompany) {
            keys.add(Keys.item(Keys.company(companyId), Keys.PROFILE));
        }
        SingleTable.Fetched fetched = table.fetch(keys, true);
        Optional<Membership> reader =
                fetched.one(MembershipItem.TYPE, MembershipItem.SCHEMA).map(MembershipItem::toDomain);
        Optional<Invitation> invitation =
                fetched.one(InvitationItem.TYPE, InvitationItem.SCHEMA).map(InvitationItem::toDomain);
        Optional<Company> company =
                fetched.one(CompanyItem.TYPE, CompanyItem.SCHEMA).map(CompanyItem::toDomain);
        return new Reading(reader, invitation, company);
    }

    @Override
    public Optional<Invitation> findByToken(String tokenHash) {
        InvitationTokenItem token = tokens.get()
                .getItem(GetItemEnhancedRequest.builder()
                        .key(Keys.of(Keys.token(tokenHash), Keys.TOKEN))
                        .consistentRead(true)
                        .build());
        return token == null ? Optional.empty() : find(token.companyId, token.inviteId);
    }

    @Override
    public Page<Invitation> list(String companyId, Page.Request page) {
        return Cursors.query(
                invitations.get(), Keys.company(companyId), Keys.INVITE_PREFIX, page, true, InvitationItem::toDomain);
    }

    @Override
    public Write reissue(
            Invitation current,
            Invitation reissued,
            LocalDate day,
            int perAddressLimit,
            Membership actor,
            AuditEntry resent) {
        Transaction transaction = new Transaction(table)
                .update(
                        "invitation",
                        Keys.invitation(current),
                        "SET tokenHash = :new, validUntil = :valid, #status = :pending, companyName = :name,"
                                + " #ttl = :ttl REMOVE sendFailure",
                        "tokenHash = :old AND #status IN (:pending, :failed, :expired)",
                        Transaction.Bindings.of(
                                "#status", "status",
                                "#ttl", "expiresAt",
                                ":new", AttributeValue.fromS(reissued.tokenHash()),
                                ":old", AttributeValue.fromS(current.tokenHash()),
                                ":valid",
                                        Transaction.number(reissued.expiresAt().getEpochSecond()),
                                ":name", AttributeValue.fromS(reissued.companyName()),
                                ":ttl", Transaction.number(InvitationItem.retainedUntil(reissued.expiresAt())),
                                ":pending", status(InvitationStatus.PENDING),
                                ":failed", status(InvitationStatus.SEND_FAILED),
                                ":expired", status(InvitationStatus.EXPIRED)))
                .putNew("token", tokenItem(reissued));
        PendingInvitations.set(transaction, reissued.pending(), List.of());
        countMail(transaction, reissued.email(), day, perAddressLimit);
        DynamoDbSuppressionList.notSuppressed(transaction, reissued.email());
        transaction.actor(actor);
        Set<String> failed = transaction.audit(resent).run();
        if (failed.contains("invitation")) {
            return Write.STALE;
        }
        if (failed.contains("suppression")) {
            return Write.SUPPRESSED;
        }
        if (failed.contains("address")) {
            return Write.ADDRESS_LIMITED;
        }
        if (!failed.isEmpty()) {
            throw new IllegalStateException("a resent invitation collided with " + failed);
        }
        return Write.WRITTEN;
    }

    @Override
    public void recordSendFailure(Invitation failed, AuditEntry entry) {
        // Lost to a newer token or a quick accept: the failure of a link nobody can use any more does not matter.
        new Transaction(table)
                .update(
                        "invitation",
                        Keys.invitation(failed),
                        "SET #status = :failed, sendFailure = :reason",
                        "tokenHash = :token AND #status = :pending",
                        Transaction.Bindings.of(
                                "#status", "status",
                                ":failed", status(InvitationStatus.SEND_FAILED),
                                ":pending", status(InvitationStatus.PENDING),
                                ":reason", AttributeValue.fromS(failed.sendFailure()),
                                ":token", AttributeValue.fromS(failed.tokenHash())))
                .audit(entry)
                .run();
    }

    @Override
    public boolean revoke(Invitation current, Invitation revoked, Membership actor, AuditEntry entry) {
        Transaction transaction = new Transaction(table)
                .update(
                        "invitation",
                        Keys.invitation(current),
                        "SET #status = :revoked, closedAt = :at, closedBy = :by REMOVE sendFailure",
                        "#status IN (:pending, :failed, :expired)",
                        Transaction.Bindings.of(
                                "#status", "status",
                                ":revoked", status(InvitationStatus.REVOKED),
                                ":at", AttributeValue.fromS(revoked.closedAt().toString()),
                                ":by", AttributeValue.fromS(revoked.closedBy()),
                                ":pending", status(InvitationStatus.PENDING),
                                ":failed", status(InvitationStatus.SEND_FAILED),
                                ":expired", status(InvitationStatus.EXPIRED)));
        PendingInvitations.remove(transaction, current.pending(), revoked.closedAt());
        transaction.actor(actor);
        return transaction.audit(entry).run().isEmpty();
    }

    @Override
    public Acceptance accept(
            PendingInvitation invitation,
            Membership membership,
            Optional<String> tokenHash,
            Instant now,
            AuditEntry accepted) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("#status", "status");
        values.put(":accepted", status(InvitationStatus.ACCEPTED));
        values.put(":at", AttributeValue.fromS(now.toString()));
        values.put(":by", AttributeValue.fromS(membership.userId()));
        values.put(":pending", status(InvitationStatus.PENDING));
        values.put(":failed", status(InvitationStatus.SEND_FAILED));
        values.put(":now", Transaction.number(now.getEpochSecond()));
        String condition = "#status IN (:pending, :failed) AND validUntil > :now";
        if (tokenHash.isPresent()) {
            condition += " AND tokenHash = :token";
            values.put(":token", AttributeValue.fromS(tokenHash.get()));
        }
        List<Object> pairs = new ArrayList<>();
        values.forEach((name, value) -> {
            pairs.add(name);
            pairs.add(value);
        });
        Transaction transaction = new Transaction(table)
                .putNew("membership", MembershipItem.SCHEMA.itemToMap(MembershipItem.from(membership), true))
                .update(
                        "invitation",
                        Keys.item(Keys.company(invitation.companyId()), Keys.invitation(invitation.inviteId())),
                        "SET #status = :accepted, closedAt = :at, closedBy = :by REMOVE sendFailure",
                        condition,
                        Transaction.Bindings.of(pairs.toArray()));
        PendingInvitations.remove(transaction, invitation, now);
        if (membership.email() != null) {
            // An invitation is how an admin lets a removed person back: the removal mark goes with it.
            transaction.delete(
                    "removal",
                    Keys.item(
                            Keys.company(invitation.companyId()),
                            Keys.removal(membership.email().canonical())),
                    null,
                    Transaction.Bindings.NONE);
        }
        if (membership.role() == dev.autojoin.domain.Role.OWNER) {
            DynamoDbMembershipStore.ownerAdded(transaction, invitation.companyId());
        }
        Set<String> failed = transaction.audit(accepted).run();
        if (failed.contains("invitation")) {
            return Acceptance.NOT_OPEN;
        }
        if (failed.contains("membership")) {
            return Acceptance.ALREADY_MEMBER;
        }
        if (!failed.isEmpty()) {
            throw new IllegalStateException("an acceptance collided with " + failed);
        }
        return Acceptance.ACCEPTED;
    }

    @Override
    public boolean expire(Invitation invitation, Instant now, AuditEntry expired) {
        Transaction transaction = new Transaction(table)
                .update(
                        "invitation",
                        Keys.invitation(invitation),
                        "SET #status = :expired REMOVE sendFailure",
                        "#status IN (:pending, :failed) AND validUntil <= :now",
                        Transaction.Bindings.of(
                                "#status", "status",
                                ":expired", status(InvitationStatus.EXPIRED),
                                ":pending", status(InvitationStatus.PENDING),
                                ":failed", status(InvitationStatus.SEND_FAILED),
                                ":now", Transaction.number(now.getEpochSecond())));
        PendingInvitations.remove(transaction, invitation.pending(), now);
        return transaction.audit(expired).run().isEmpty();
    }

    @Override
    public void createBounced(Invitation bounced, Membership actor, AuditEntry created) {
        Transaction transaction = new Transaction(table)
                .putNew("invitation", InvitationItem.SCHEMA.itemToMap(InvitationItem.from(bounced), true));
        transaction.actor(actor);
        Set<String> failed = transaction.audit(created).run();
        if (!failed.isEmpty()) {
            throw new IllegalStateException("a bounced invitation collided with " + failed);
        }
    }

    @Override
    public boolean bounce(PendingInvitation invitation, String reason, Instant at, AuditEntry bounced) {
        Transaction transaction = new Transaction(table)
                .update(
                        "invitation",
                        Keys.item(Keys.company(invitation.companyId()), Keys.invitation(invitation.inviteId())),
                        "SET #status = :bounced, sendFailure = :reason, closedAt = :at",
                        "#status IN (:pending, :failed)",
                        Transaction.Bindings.of(
                                "#status", "status",
                                ":bounced", status(InvitationStatus.BOUNCED),
                                ":reason", AttributeValue.fromS(reason),
                                ":at", AttributeValue.fromS(at.toString()),
                                ":pending", status(InvitationStatus.PENDING),
                                ":failed", status(InvitationStatus.SEND_FAILED)));
        PendingInvitations.remove(transaction, invitation, at);
        return transaction.audit(bounced).run().isEmpty();
    }

    /** One more mail to this address today, refused past {@code limit}: the "address" item of a transaction. */
    private static void countMail(Transaction transaction, EmailAddress email, LocalDate day, int limit) {
        transaction.update(
                "address",
                Keys.item(Keys.invitee(email.canonical()), Keys.mailsReceived(day)),
                "ADD #count :one SET #type = :type, #ttl = :ttl",
                "attribute_not_exists(#count) OR #count < :limit",
                Transaction.Bindings.of(
                        "#count", "count",
                        "#type", "type",
                        "#ttl", "expiresAt",
                        ":one", Transaction.number(1),
                        ":limit", Transaction.number(limit),
                        ":type", AttributeValue.fromS("rate_count"),
                        ":ttl", Transaction.number(counterExpiry(day))));
    }

    private static Map<String, AttributeValue> tokenItem(Invitation invitation) {
        return InvitationTokenItem.SCHEMA.itemToMap(
                InvitationTokenItem.of(
                        invitation.tokenHash(),
                        invitation.companyId(),
                        invitation.id(),
                        InvitationItem.retainedUntil(invitation.expiresAt())),
                true);
    }

    private static AttributeValue status(InvitationStatus status) {
        return AttributeValue.fromS(status.wire());
    }

    /** Counters live two days: today's, and yesterday's for whoever reads it at midnight. */
    private static long counterExpiry(LocalDate day) {
        return day.plusDays(2).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    }
}
