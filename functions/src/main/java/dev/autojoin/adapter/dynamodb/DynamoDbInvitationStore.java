package dev.autojoin.adapter.dynamodb;

import com.google.common.base.Suppliers;
import dev.autojoin.app.InvitationStore;
import dev.autojoin.app.Page;
import dev.autojoin.domain.AuditEntry;
import dev.autojoin.domain.Company;
import dev.autojoin.domain.Delivery;
import dev.autojoin.domain.EmailAddress;
import dev.autojoin.domain.Invitation;
import dev.autojoin.domain.InvitationStatus;
import dev.autojoin.domain.JoinNotice;
import dev.autojoin.domain.Membership;
import dev.autojoin.domain.PendingInvitation;
import java.time.Duration;
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
        // One BatchGetItem per 100 addresses, of the members' address items (Keys.memberAddress).
        List<String> emails = List.copyOf(new HashSet<>(canonicalEmails));
        Set<String> members = new HashSet<>();
        for (int from = 0; from < emails.size(); from += BATCH_GET_LIMIT) {
            List<Map<String, AttributeValue>> keys = new ArrayList<>();
            emails.subList(from, Math.min(emails.size(), from + BATCH_GET_LIMIT))
                    .forEach(email -> keys.add(Keys.memberAddress(companyId, email)));
            for (Map<String, AttributeValue> item : table.batchGet(keys, false)) {
                members.add(item.get("SK").s().substring("ADDRESS#".length()));
            }
        }
        return members;
    }

    @Override
    public Set<String> removed(String companyId, Collection<EmailAddress> emails) {
        // One BatchGetItem per 100 mailboxes, of their removal marks (Keys.removal).
        List<String> mailboxes =
                List.copyOf(emails.stream().map(EmailAddress::mailbox).collect(java.util.stream.Collectors.toSet()));
        Set<String> removed = new HashSet<>();
        for (int from = 0; from < mailboxes.size(); from += BATCH_GET_LIMIT) {
            List<Map<String, AttributeValue>> keys = new ArrayList<>();
            mailboxes
                    .subList(from, Math.min(mailboxes.size(), from + BATCH_GET_LIMIT))
                    .forEach(mailbox -> keys.add(Keys.item(Keys.company(companyId), Keys.removal(mailbox))));
            for (Map<String, AttributeValue> item : table.batchGet(keys, false)) {
                removed.add(item.get("SK").s().substring(Keys.REMOVED_PREFIX.length()));
            }
        }
        return removed;
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

    /** Actions per invitation in {@link #createAll}: invitation, open invitations, daily count, suppression, audit. */
    private static final int ACTIONS_PER_INVITATION = 5;

    /** Invitations per transaction: DynamoDB takes 100 actions, one of them the inviter's membership check. */
    static final int INVITATIONS_PER_TRANSACTION = (100 - 1) / ACTIONS_PER_INVITATION;

    @Override
    public Map<String, Write> createAll(
            List<NewInvitation> invitations, LocalDate day, int perAddressLimit, Membership actor) {
        Map<String, Write> written = new LinkedHashMap<>();
        for (int from = 0; from < invitations.size(); from += INVITATIONS_PER_TRANSACTION) {
            List<NewInvitation> group = new ArrayList<>(
                    invitations.subList(from, Math.min(invitations.size(), from + INVITATIONS_PER_TRANSACTION)));
            // A failed condition cancels the whole group: drop the addresses it names and write the rest again.
            while (!group.isEmpty()) {
                Set<String> failed = createGroup(group, day, perAddressLimit, actor);
                if (failed.isEmpty()) {
                    group.forEach(created -> written.put(created.invitation().id(), Write.WRITTEN));
                    break;
                }
                List<NewInvitation> left = new ArrayList<>();
                for (int i = 0; i < group.size(); i++) {
                    String id = group.get(i).invitation().id();
                    if (failed.contains("suppression#" + i)) {
                        written.put(id, Write.SUPPRESSED);
                    } else if (failed.contains("address#" + i)) {
                        written.put(id, Write.ADDRESS_LIMITED);
                    } else {
                        left.add(group.get(i));
                    }
                }
                if (left.size() == group.size()) {
                    throw new IllegalStateException("new invitations collided with " + failed);
                }
                group = left;
            }
        }
        return written;
    }

    private Set<String> createGroup(List<NewInvitation> group, LocalDate day, int perAddressLimit, Membership actor) {
        Transaction transaction = new Transaction(table);
        for (int i = 0; i < group.size(); i++) {
            Invitation invitation = group.get(i).invitation();
            transaction.putNew(
                    "invitation#" + i, InvitationItem.SCHEMA.itemToMap(InvitationItem.from(invitation), true));
            PendingInvitations.set(
                    transaction,
                    "pending#" + i,
                    invitation.pending(),
                    group.get(i).expired());
            countMail(transaction, "address#" + i, invitation.email(), day, perAddressLimit);
            DynamoDbSuppressionList.notSuppressed(transaction, "suppression#" + i, invitation.email());
            transaction.audit("audit#" + i, group.get(i).invited());
        }
        return transaction.actor(actor).run();
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
                                + " #ttl = :ttl, delivery = :queued, GSI1PK = :outbox, GSI1SK = :queuedAt"
                                + " REMOVE sendFailure, sendingSince, authorityLostAt",
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
                                ":expired", status(InvitationStatus.EXPIRED),
                                ":queued", delivery(Delivery.QUEUED),
                                ":outbox", AttributeValue.fromS(Keys.OUTBOX),
                                ":queuedAt",
                                        AttributeValue.fromS(
                                                Keys.outbox(resent.at(), reissued.companyId(), reissued.id()))));
        PendingInvitations.set(transaction, "pending", reissued.pending(), List.of());
        countMail(transaction, "address", reissued.email(), day, perAddressLimit);
        DynamoDbSuppressionList.notSuppressed(transaction, "suppression", reissued.email());
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
                        "SET #status = :failed, sendFailure = :reason, delivery = :delivery"
                                + " REMOVE sendingSince, GSI1PK, GSI1SK",
                        "tokenHash = :token AND #status = :pending",
                        Transaction.Bindings.of(
                                "#status", "status",
                                ":delivery", delivery(Delivery.FAILED),
                                ":failed", status(InvitationStatus.SEND_FAILED),
                                ":pending", status(InvitationStatus.PENDING),
                                ":reason", AttributeValue.fromS(failed.sendFailure()),
                                ":token", AttributeValue.fromS(failed.tokenHash())))
                .audit(entry)
                .run();
    }

    @Override
    public boolean takeForMailing(Invitation current, String tokenHash, Instant now, Duration lease) {
        // Two single-item writes in this order, no transaction (nothing is mailed until both are in): the take, then
        // the link's token item. A sender that dies in between leaves a token hash no link has, and the next delivery
        // takes the invitation again after the lease with a new token.
        Set<String> taken = new Transaction(table)
                .update(
                        "invitation",
                        Keys.invitation(current),
                        "SET tokenHash = :new, sendingSince = :now",
                        "tokenHash = :old AND #status = :pending AND delivery = :queued"
                                + " AND (attribute_not_exists(sendingSince) OR sendingSince < :stale)",
                        Transaction.Bindings.of(
                                "#status", "status",
                                ":new", AttributeValue.fromS(tokenHash),
                                ":old", AttributeValue.fromS(current.tokenHash()),
                                ":now", Transaction.number(now.getEpochSecond()),
                                ":stale", Transaction.number(now.minus(lease).getEpochSecond()),
                                ":pending", status(InvitationStatus.PENDING),
                                ":queued", delivery(Delivery.QUEUED)))
                .run();
        if (!taken.isEmpty()) {
            return false;
        }
        Set<String> linked = new Transaction(table)
                .putNew(
                        "token",
                        InvitationTokenItem.SCHEMA.itemToMap(
                                InvitationTokenItem.of(
                                        tokenHash,
                                        current.companyId(),
                                        current.id(),
                                        InvitationItem.retainedUntil(current.expiresAt())),
                                true))
                .run();
        if (!linked.isEmpty()) {
            throw new IllegalStateException("a new link token collided with an existing one");
        }
        return true;
    }

    @Override
    public void giveBack(Invitation taken) {
        new Transaction(table)
                .update(
                        "invitation",
                        Keys.invitation(taken),
                        "REMOVE sendingSince",
                        "tokenHash = :token",
                        Transaction.Bindings.of(":token", AttributeValue.fromS(taken.tokenHash())))
                .run();
    }

    @Override
    public void recordSent(Invitation sent, Instant at) {
        // Lost to a quick accept or revoke meanwhile: the email went out all the same, nothing to record.
        new Transaction(table)
                .update(
                        "invitation",
                        Keys.invitation(sent),
                        "SET delivery = :sent, sentAt = :at REMOVE sendingSince, GSI1PK, GSI1SK",
                        "tokenHash = :token AND delivery = :queued",
                        Transaction.Bindings.of(
                                ":sent", delivery(Delivery.SENT),
                                ":queued", delivery(Delivery.QUEUED),
                                ":at", AttributeValue.fromS(at.toString()),
                                ":token", AttributeValue.fromS(sent.tokenHash())))
                .run();
    }

    @Override
    public List<Invitation> undelivered(Instant queuedBefore, int limit) {
        List<Invitation> found = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = table.client.query(q -> q.tableName(table.name)
                    .indexName(Keys.GSI1)
                    .keyConditionExpression("GSI1PK = :outbox AND GSI1SK < :before")
                    .expressionAttributeValues(Map.of(
                            ":outbox", AttributeValue.fromS(Keys.OUTBOX),
                            ":before", AttributeValue.fromS(Keys.outboxBefore(queuedBefore))))
                    .limit(limit - found.size())
                    .exclusiveStartKey(from));
            page.items()
                    .forEach(item ->
                            found.add(InvitationItem.SCHEMA.mapToItem(item).toDomain()));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null && found.size() < limit);
        return found;
    }

    @Override
    public void requeued(Invitation invitation, Instant now) {
        new Transaction(table)
                .update(
                        "invitation",
                        Keys.invitation(invitation),
                        "SET GSI1SK = :queuedAt",
                        "delivery = :queued AND attribute_exists(GSI1PK)",
                        Transaction.Bindings.of(
                                ":queued", delivery(Delivery.QUEUED),
                                ":queuedAt",
                                        AttributeValue.fromS(
                                                Keys.outbox(now, invitation.companyId(), invitation.id()))))
                .run();
    }

    @Override
    public boolean revoke(Invitation current, Invitation revoked, Membership actor, AuditEntry entry) {
        Transaction transaction = new Transaction(table)
                .update(
                        "invitation",
                        Keys.invitation(current),
                        "SET #status = :revoked, closedAt = :at, closedBy = :by"
                                + " REMOVE sendFailure, sendingSince, GSI1PK, GSI1SK",
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
            Membership inviter,
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
        Transaction transaction = new Transaction(table);
        MembershipItem.add(transaction, "membership", membership)
                .update(
                        "invitation",
                        Keys.item(Keys.company(invitation.companyId()), Keys.invitation(invitation.inviteId())),
                        "SET #status = :accepted, closedAt = :at, closedBy = :by"
                                + " REMOVE sendFailure, sendingSince, GSI1PK, GSI1SK",
                        condition,
                        Transaction.Bindings.of(pairs.toArray()));
        PendingInvitations.remove(transaction, invitation, now);
        // The inviter is as the accept read them (not demoted nor removed meanwhile): their authority is the grant's.
        transaction.check(
                "inviter",
                Keys.member(inviter),
                "#version = :version",
                Transaction.Bindings.of("#version", "version", ":version", Transaction.number(inviter.version())));
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
        if (failed.contains("inviter")) {
            return Acceptance.INVITER_CHANGED;
        }
        if (!failed.isEmpty()) {
            throw new IllegalStateException("an acceptance collided with " + failed);
        }
        return Acceptance.ACCEPTED;
    }

    @Override
    public boolean refuse(PendingInvitation invitation, JoinNotice notice, AuditEntry refused) {
        return new Transaction(table)
                .update(
                        "invitation",
                        Keys.item(Keys.company(invitation.companyId()), Keys.invitation(invitation.inviteId())),
                        "SET authorityLostAt = :at",
                        "#status IN (:pending, :failed) AND attribute_not_exists(authorityLostAt)",
                        Transaction.Bindings.of(
                                "#status", "status",
                                ":at", AttributeValue.fromS(notice.at().toString()),
                                ":pending", status(InvitationStatus.PENDING),
                                ":failed", status(InvitationStatus.SEND_FAILED)))
                .putNew("notice", NoticeItem.SCHEMA.itemToMap(NoticeItem.from(notice), true))
                .audit(refused)
                .run()
                .isEmpty();
    }

    @Override
    public boolean expire(Invitation invitation, Instant now, AuditEntry expired) {
        Transaction transaction = new Transaction(table)
                .update(
                        "invitation",
                        Keys.invitation(invitation),
                        "SET #status = :expired REMOVE sendFailure, sendingSince, GSI1PK, GSI1SK",
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
                        "SET #status = :bounced, sendFailure = :reason, closedAt = :at, delivery = :delivery"
                                + " REMOVE sendingSince, GSI1PK, GSI1SK",
                        "#status IN (:pending, :failed)",
                        Transaction.Bindings.of(
                                "#status", "status",
                                ":delivery", delivery(Delivery.BOUNCED),
                                ":bounced", status(InvitationStatus.BOUNCED),
                                ":reason", AttributeValue.fromS(reason),
                                ":at", AttributeValue.fromS(at.toString()),
                                ":pending", status(InvitationStatus.PENDING),
                                ":failed", status(InvitationStatus.SEND_FAILED)));
        PendingInvitations.remove(transaction, invitation, at);
        return transaction.audit(bounced).run().isEmpty();
    }

    /**
     * One more mail to this mailbox today ({@link EmailAddress#mailbox()}: bob+1@ counts against bob@), refused past
     * {@code limit}: the "address" item of a transaction.
     */
    private static void countMail(Transaction transaction, String label, EmailAddress email, LocalDate day, int limit) {
        transaction.update(
                label,
                Keys.item(Keys.invitee(email.mailbox()), Keys.mailsReceived(day)),
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

    private static AttributeValue status(InvitationStatus status) {
        return AttributeValue.fromS(status.wire());
    }

    private static AttributeValue delivery(Delivery delivery) {
        return AttributeValue.fromS(delivery.wire());
    }

    /** Counters live two days: today's, and yesterday's for whoever reads it at midnight. */
    private static long counterExpiry(LocalDate day) {
        return day.plusDays(2).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    }
}
