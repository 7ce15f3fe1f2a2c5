package dev.autojoin.adapter.dynamodb;

import com.google.common.base.Suppliers;
import dev.autojoin.app.DomainStore;
import dev.autojoin.app.Page;
import dev.autojoin.domain.AuditEntry;
import dev.autojoin.domain.ConflictException;
import dev.autojoin.domain.DomainAlreadyClaimedException;
import dev.autojoin.domain.DomainClaim;
import dev.autojoin.domain.DomainName;
import dev.autojoin.domain.GoneException;
import dev.autojoin.domain.Membership;
import dev.autojoin.domain.PreconditionFailedException;
import dev.autojoin.domain.RateLimitedException;
import dev.autojoin.domain.VerificationLink;
import dev.autojoin.domain.VerificationMethod;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.BatchGetItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.GetItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.ReadBatch;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

public final class DynamoDbDomainStore implements DomainStore {
    private static final int ACCEPTED = -1;

    private final SingleTable table;
    private final Supplier<DynamoDbTable<VerificationLinkItem>> links;

    public DynamoDbDomainStore(SingleTable table) {
        this.table = table;
        this.links = Suppliers.memoize(() -> table.enhanced.table(table.name, VerificationLinkItem.SCHEMA));
    }

    @Override
    public Optional<DomainClaim> find(DomainName domain) {
        DomainClaimItem item = table.domains()
                .getItem(GetItemEnhancedRequest.builder()
                        .key(key(domain))
                        .consistentRead(true)
                        .build());
        return Optional.ofNullable(item).map(DomainClaimItem::toDomain);
    }

    @Override
    public List<DomainClaim> candidates(DomainName emailDomain) {
        List<DomainName> ancestors = emailDomain.ancestors();
        if (ancestors.isEmpty()) {
            DomainClaimItem item = table.domains().getItem(key(emailDomain));
            return item == null ? List.of() : List.of(item.toDomain());
        }
        ReadBatch.Builder<DomainClaimItem> batch = ReadBatch.builder(DomainClaimItem.class)
                .mappedTableResource(table.domains())
                .addGetItem(key(emailDomain));
        ancestors.forEach(ancestor -> batch.addGetItem(key(ancestor)));
        List<DomainClaim> found = new ArrayList<>();
        table.enhanced
                .batchGetItem(BatchGetItemEnhancedRequest.builder()
                        .readBatches(batch.build())
                        .build())
                .resultsForTable(table.domains())
                .forEach(item -> found.add(item.toDomain()));
        return found;
    }

    @Override
    public void claim(DomainClaim claim, Membership actor, AuditEntry claimed) {
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(putClaim(claim, "attribute_not_exists(PK)", Map.of()));
        writes.add(auditPut(claimed));
        int failed = transact(writes, Optional.of(actor));
        if (failed != ACCEPTED) {
            throw new DomainAlreadyClaimedException(claim.domain());
        }
    }

    @Override
    public DomainClaim update(DomainClaim changed, long expectedVersion, Membership actor, AuditEntry updated) {
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(putClaim(changed, "companyId = :company AND version = :v", holderAt(changed, expectedVersion)));
        writes.add(auditPut(updated));
        if (transact(writes, Optional.of(actor)) != ACCEPTED) {
            throw new PreconditionFailedException(
                    "version_conflict", "The domain changed while you were editing it; reload and try again.");
        }
        return changed;
    }

    @Override
    public Page<DomainClaim> forCompany(String companyId, Page.Request page) {
        // GSI1 pages: a start key needs the item's table key too, so the cursor carries both (index and table SK).
        String pk = Keys.company(companyId);
        Map<String, AttributeValue> start = null;
        if (page.cursor().isPresent()) {
            String[] at = Cursors.decode(page.cursor().get()).split("\n", -1);
            if (at.length != 2
                    || !at[0].startsWith(Keys.DOMAIN_PREFIX)
                    || !Cursors.fitsAKey(at[0])
                    || !(Keys.CLAIM.equals(at[1]) || at[1].equals(Keys.claimant(companyId)))) {
                throw Cursors.invalid();
            }
            start = new HashMap<>(Transaction.key(Keys.domain(at[0].substring(Keys.DOMAIN_PREFIX.length())), at[1]));
            start.put("GSI1PK", AttributeValue.fromS(pk));
            start.put("GSI1SK", AttributeValue.fromS(at[0]));
        }
        software.amazon.awssdk.enhanced.dynamodb.model.Page<DomainClaimItem> first = table.domains()
                .index(Keys.GSI1)
                .query(QueryEnhancedRequest.builder()
                        .queryConditional(QueryConditional.sortBeginsWith(Key.builder()
                                .partitionValue(pk)
                                .sortValue(Keys.DOMAIN_PREFIX)
                                .build()))
                        .limit(page.limit() + 1)
                        .exclusiveStartKey(start)
                        .build())
                .iterator()
                .next();
        return Cursors.page(
                first.items(),
                page.limit(),
                first.lastEvaluatedKey(),
                DomainClaimItem::toDomain,
                item -> item.getGsi1sk() + "\n" + item.getSk());
    }

    @Override
    public Claims read(DomainName domain, String companyId) {
        ReadBatch batch = ReadBatch.builder(DomainClaimItem.class)
                .mappedTableResource(table.domains())
                .addGetItem(GetItemEnhancedRequest.builder()
                        .key(key(domain))
                        .consistentRead(true)
                        .build())
                .addGetItem(GetItemEnhancedRequest.builder()
                        .key(claimantKey(domain, companyId))
                        .consistentRead(true)
                        .build())
                .build();
        Optional<DomainClaim> holder = Optional.empty();
        Optional<DomainClaim> own = Optional.empty();
        for (DomainClaimItem item : table.enhanced
                .batchGetItem(
                        BatchGetItemEnhancedRequest.builder().readBatches(batch).build())
                .resultsForTable(table.domains())) {
            if (Keys.CLAIM.equals(item.getSk())) {
                holder = Optional.of(item.toDomain());
            } else if (companyId.equals(item.companyId)) {
                own = Optional.of(item.toDomain());
            }
        }
        return new Claims(holder, own);
    }

    @Override
    public Reading readAs(String userId, DomainName domain, String companyId) {
        // One BatchGetItem of three item types, decoded by type: the membership that authorizes, the two claims.
        List<Map<String, AttributeValue>> keys = List.of(
                Transaction.key(Keys.company(companyId), Keys.member(userId)),
                Transaction.key(Keys.domain(domain.value()), Keys.CLAIM),
                Transaction.key(Keys.domain(domain.value()), Keys.claimant(companyId)));
        SingleTable.Fetched fetched = table.fetch(keys, true);
        Optional<DomainClaim> holder = Optional.empty();
        Optional<DomainClaim> own = Optional.empty();
        for (DomainClaimItem claim : fetched.all(DomainClaimItem.TYPE, DomainClaimItem.SCHEMA)) {
            if (Keys.CLAIM.equals(claim.getSk())) {
                holder = Optional.of(claim.toDomain());
            } else if (companyId.equals(claim.companyId)) {
                own = Optional.of(claim.toDomain());
            }
        }
        Optional<Membership> reader =
                fetched.one(MembershipItem.TYPE, MembershipItem.SCHEMA).map(MembershipItem::toDomain);
        return new Reading(reader, new Claims(holder, own));
    }

    @Override
    public void savePending(
            DomainClaim claim,
            long expectedVersion,
            Optional<VerificationLink> link,
            int dailyLinks,
            Membership actor,
            AuditEntry audit) {
        String company = claim.companyId();
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(putClaim(
                claim, expectedVersion == 0 ? "attribute_not_exists(PK)" : "version = :v", version(expectedVersion)));
        // The company must not hold the domain meanwhile: one company, one claim per domain.
        writes.add(TransactWriteItem.builder()
                .conditionCheck(ConditionCheck.builder()
                        .tableName(table.name)
                        .key(keyMap(Keys.domain(claim.domain().value()), Keys.CLAIM))
                        .conditionExpression("attribute_not_exists(PK) OR companyId <> :company")
                        .expressionAttributeValues(Map.of(":company", AttributeValue.fromS(company)))
                        .build())
                .build());
        int quota = -2;
        int suppressed = -2;
        if (link.isPresent()) {
            writes.add(TransactWriteItem.builder()
                    .put(Put.builder()
                            .tableName(table.name)
                            .item(VerificationLinkItem.SCHEMA.itemToMap(VerificationLinkItem.from(link.get()), true))
                            .conditionExpression("attribute_not_exists(PK)")
                            .build())
                    .build());
            // A mailbox on the suppression list is never mailed: no pending claim waits for a link that cannot come.
            suppressed = writes.size();
            writes.add(TransactWriteItem.builder()
                    .conditionCheck(ConditionCheck.builder()
                            .tableName(table.name)
                            .key(DynamoDbSuppressionList.key(link.get().sentTo()))
                            .conditionExpression("attribute_not_exists(PK)")
                            .build())
                    .build());
            quota = writes.size();
            writes.add(linkQuota(company, link.get().createdAt(), dailyLinks));
        }
        writes.add(auditPut(audit));
        int failed = transact(writes, Optional.of(actor));
        if (failed == suppressed) {
            throw new ConflictException(
                    "address_suppressed",
                    "Email to " + link.get().sentTo().masked() + " bounced or was reported as unwanted, so it is no"
                            + " longer mailed; choose another mailbox at the domain, or prove the domain by DNS.");
        }
        if (failed == quota) {
            Instant now = link.get().createdAt();
            Instant tomorrow = LocalDate.ofInstant(now, ZoneOffset.UTC)
                    .plusDays(1)
                    .atStartOfDay(ZoneOffset.UTC)
                    .toInstant();
            throw new RateLimitedException(
                    "This company sent its " + dailyLinks + " verification emails for today; try again tomorrow.",
                    Duration.between(now, tomorrow));
        }
        if (failed != ACCEPTED) {
            throw changed(claim.domain());
        }
    }

    @Override
    public void promote(
            DomainClaim verified,
            long ownVersion,
            Optional<Displacement> displacement,
            Optional<String> linkTokenHash,
            Optional<Membership> actor,
            List<AuditEntry> audits) {
        List<TransactWriteItem> writes = new ArrayList<>();
        if (displacement.isPresent()) {
            DomainClaim before = displacement.get().before();
            Map<String, AttributeValue> values = new HashMap<>();
            values.put(":holder", AttributeValue.fromS(before.companyId()));
            values.put(":v", AttributeValue.fromN(Long.toString(before.version())));
            values.put(":dns", AttributeValue.fromS(VerificationMethod.DNS.wire()));
            // Exactly the holder that was read, and only if its proof is weaker than DNS ownership.
            writes.add(putClaim(verified, "companyId = :holder AND version = :v AND #method <> :dns", values));
        } else {
            writes.add(putClaim(verified, "attribute_not_exists(PK)", Map.of()));
        }
        if (ownVersion > 0) {
            writes.add(TransactWriteItem.builder()
                    .delete(Delete.builder()
                            .tableName(table.name)
                            .key(keyMap(Keys.domain(verified.domain().value()), Keys.claimant(verified.companyId())))
                            .conditionExpression("version = :v")
                            .expressionAttributeValues(version(ownVersion))
                            .build())
                    .build());
        }
        displacement.ifPresent(d -> writes.add(putClaim(d.after(), "attribute_not_exists(PK)", Map.of())));
        int link = -2;
        if (linkTokenHash.isPresent()) {
            link = writes.size();
            writes.add(TransactWriteItem.builder()
                    .update(Update.builder()
                            .tableName(table.name)
                            .key(keyMap(Keys.verificationLink(linkTokenHash.get()), Keys.VERIFICATION_LINK))
                            .updateExpression("SET usedAt = :now")
                            .conditionExpression("attribute_exists(PK) AND attribute_not_exists(usedAt)")
                            .expressionAttributeValues(Map.of(
                                    ":now",
                                    AttributeValue.fromS(
                                            verified.verification().verifiedAt().toString())))
                            .build())
                    .build());
        }
        audits.forEach(entry -> writes.add(auditPut(entry)));
        int failed = transact(writes, actor);
        if (failed == 0) {
            throw new DomainAlreadyClaimedException(verified.domain());
        }
        if (failed == link) {
            throw new GoneException("verification_used", "This verification link was already used.");
        }
        if (failed != ACCEPTED) {
            throw changed(verified.domain());
        }
    }

    @Override
    public boolean replaceHolder(
            DomainClaim changed, long expectedVersion, Optional<Membership> actor, Optional<AuditEntry> audit) {
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(putClaim(changed, "companyId = :company AND version = :v", holderAt(changed, expectedVersion)));
        audit.ifPresent(entry -> writes.add(auditPut(entry)));
        return transact(writes, actor) == ACCEPTED;
    }

    @Override
    public boolean demote(DomainClaim holder, DomainClaim after, AuditEntry audit) {
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(deleteClaim(holder));
        writes.add(putClaim(after, "attribute_not_exists(PK)", Map.of()));
        writes.add(auditPut(audit));
        return transact(writes) == ACCEPTED;
    }

    @Override
    public void release(DomainClaim claim, Membership actor, AuditEntry audit) {
        if (transact(List.of(deleteClaim(claim), auditPut(audit)), Optional.of(actor)) != ACCEPTED) {
            throw new PreconditionFailedException(
                    "version_conflict", "The domain changed while you were releasing it; reload and try again.");
        }
    }

    @Override
    public List<DomainClaim> dueForRecheck(Instant now, int limit) {
        List<DomainClaim> due = new ArrayList<>();
        // Everything with nextCheckAt <= now sorts before the next second; the oldest come first.
        table
                .domains()
                .index(Keys.GSI2)
                .query(QueryEnhancedRequest.builder()
                        .queryConditional(QueryConditional.sortLessThan(Key.builder()
                                .partitionValue(Keys.RECHECK)
                                .sortValue(Keys.recheckBefore(now.getEpochSecond() + 1))
                                .build()))
                        .limit(limit)
                        .build())
                .stream()
                .findFirst()
                .ifPresent(page -> page.items().forEach(item -> due.add(item.toDomain())));
        return due;
    }

    @Override
    public int countDueAfter(DomainClaim last, Instant now, int atMost) {
        DomainClaimItem after = DomainClaimItem.from(last);
        Map<String, AttributeValue> start = Map.of(
                "PK", AttributeValue.fromS(after.getPk()),
                "SK", AttributeValue.fromS(after.getSk()),
                "GSI2PK", AttributeValue.fromS(after.gsi2pk),
                "GSI2SK", AttributeValue.fromS(after.gsi2sk));
        int counted = 0;
        // Counting returns no items, but DynamoDB still reads (and bills) each one, 1 MB per page: hence atMost.
        while (counted < atMost) {
            QueryResponse page = table.client.query(QueryRequest.builder()
                    .tableName(table.name)
                    .indexName(Keys.GSI2)
                    .keyConditionExpression("GSI2PK = :due AND GSI2SK < :before")
                    .expressionAttributeValues(Map.of(
                            ":due", AttributeValue.fromS(Keys.RECHECK),
                            ":before", AttributeValue.fromS(Keys.recheckBefore(now.getEpochSecond() + 1))))
                    .exclusiveStartKey(start)
                    .select(Select.COUNT)
                    .limit(atMost - counted)
                    .build());
            counted += page.count();
            if (!page.hasLastEvaluatedKey() || page.lastEvaluatedKey().isEmpty()) {
                break;
            }
            start = page.lastEvaluatedKey();
        }
        return Math.min(counted, atMost);
    }

    @Override
    public Optional<VerificationLink> findLink(String tokenHash) {
        VerificationLinkItem item = links.get()
                .getItem(GetItemEnhancedRequest.builder()
                        .key(Key.builder()
                                .partitionValue(Keys.verificationLink(tokenHash))
                                .sortValue(Keys.VERIFICATION_LINK)
                                .build())
                        .consistentRead(true)
                        .build());
        return Optional.ofNullable(item).map(VerificationLinkItem::toDomain);
    }

    /**
     * One TransactWriteItems ({@link #ACCEPTED}, or the index of the first write whose condition failed); a single
     * put is one conditional PutItem instead, at half the cost.
     */
    private int transact(List<TransactWriteItem> writes) {
        if (writes.size() == 1 && writes.get(0).put() != null) {
            Put put = writes.get(0).put();
            try {
                table.client.putItem(PutItemRequest.builder()
                        .tableName(put.tableName())
                        .item(put.item())
                        .conditionExpression(put.conditionExpression())
                        .expressionAttributeNames(
                                put.expressionAttributeNames().isEmpty() ? null : put.expressionAttributeNames())
                        .expressionAttributeValues(
                                put.expressionAttributeValues().isEmpty() ? null : put.expressionAttributeValues())
                        .build());
                return ACCEPTED;
            } catch (ConditionalCheckFailedException e) {
                return 0;
            }
        }
        try {
            table.client.transactWriteItems(
                    TransactWriteItemsRequest.builder().transactItems(writes).build());
            return ACCEPTED;
        } catch (TransactionCanceledException e) {
            if (!e.hasCancellationReasons()) {
                throw e;
            }
            List<CancellationReason> reasons = e.cancellationReasons();
            for (int i = 0; i < reasons.size(); i++) {
                String code = reasons.get(i).code();
                if ("ConditionalCheckFailed".equals(code)) {
                    return i;
                }
                if ("TransactionConflict".equals(code)) {
                    // Another transaction on the same items at the same moment: the caller lost the race.
                    return i;
                }
            }
            throw e;
        }
    }

    /**
     * {@link #transact(List)} with, when an admin acts, a ConditionCheck last that their membership is still at the
     * version authorization read (not demoted nor removed meanwhile): if it fails, nothing was written and the answer
     * is 409 {@code concurrent_change}; any other failure is the index of {@code writes} as before.
     */
    private int transact(List<TransactWriteItem> writes, Optional<Membership> actor) {
        if (actor.isEmpty()) {
            return transact(writes);
        }
        List<TransactWriteItem> all = new ArrayList<>(writes);
        all.add(TransactWriteItem.builder()
                .conditionCheck(ConditionCheck.builder()
                        .tableName(table.name)
                        .key(DynamoDbMembershipStore.memberKey(actor.get()))
                        .conditionExpression("#version = :version")
                        .expressionAttributeNames(Map.of("#version", "version"))
                        .expressionAttributeValues(Map.of(
                                ":version", Transaction.number(actor.get().version())))
                        .build())
                .build());
        int failed = transact(all);
        if (failed == writes.size()) {
            throw new ConflictException(
                    "concurrent_change",
                    "Your membership changed while you were acting on this domain; reload and try again.");
        }
        return failed;
    }

    private TransactWriteItem putClaim(DomainClaim claim, String condition, Map<String, AttributeValue> values) {
        Put.Builder put = Put.builder()
                .tableName(table.name)
                .item(DomainClaimItem.SCHEMA.itemToMap(DomainClaimItem.from(claim), true))
                .conditionExpression(condition);
        if (!values.isEmpty()) {
            put.expressionAttributeValues(values);
        }
        if (condition.contains("#method")) {
            put.expressionAttributeNames(Map.of("#method", "method"));
        }
        return TransactWriteItem.builder().put(put.build()).build();
    }

    private TransactWriteItem deleteClaim(DomainClaim claim) {
        return TransactWriteItem.builder()
                .delete(Delete.builder()
                        .tableName(table.name)
                        .key(keyMap(Keys.domain(claim.domain().value()), DomainClaimItem.sortKey(claim)))
                        .conditionExpression("companyId = :company AND version = :v")
                        .expressionAttributeValues(holderAt(claim, claim.version()))
                        .build())
                .build();
    }

    /** Counts a link against the company's allowance for the UTC day; the counter item expires two days later. */
    private TransactWriteItem linkQuota(String companyId, Instant at, int dailyLinks) {
        LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
        return TransactWriteItem.builder()
                .update(Update.builder()
                        .tableName(table.name)
                        .key(keyMap(Keys.company(companyId), Keys.verificationLinksSent(day)))
                        .updateExpression("SET #type = :type, expiresAt = :expires ADD sent :one")
                        .conditionExpression("attribute_not_exists(sent) OR sent < :max")
                        .expressionAttributeNames(Map.of("#type", "type"))
                        .expressionAttributeValues(Map.of(
                                ":type", AttributeValue.fromS("domain_verification_quota"),
                                ":expires",
                                        AttributeValue.fromN(Long.toString(day.plusDays(2)
                                                .atStartOfDay(ZoneOffset.UTC)
                                                .toEpochSecond())),
                                ":one", AttributeValue.fromN("1"),
                                ":max", AttributeValue.fromN(Integer.toString(dailyLinks))))
                        .build())
                .build();
    }

    private TransactWriteItem auditPut(AuditEntry entry) {
        return TransactWriteItem.builder()
                .put(Put.builder()
                        .tableName(table.name)
                        .item(AuditItem.SCHEMA.itemToMap(AuditItem.from(entry, table.auditRetention), true))
                        .conditionExpression("attribute_not_exists(PK)")
                        .build())
                .build();
    }

    private static Map<String, AttributeValue> holderAt(DomainClaim claim, long version) {
        return Map.of(
                ":company", AttributeValue.fromS(claim.companyId()),
                ":v", AttributeValue.fromN(Long.toString(version)));
    }

    private static Map<String, AttributeValue> version(long expected) {
        return expected == 0 ? Map.of() : Map.of(":v", AttributeValue.fromN(Long.toString(expected)));
    }

    private static Map<String, AttributeValue> keyMap(String pk, String sk) {
        return Map.of("PK", AttributeValue.fromS(pk), "SK", AttributeValue.fromS(sk));
    }

    private static ConflictException changed(DomainName domain) {
        return new ConflictException(
                "domain_changed", "The claim on " + domain + " changed at the same moment; reload and try again.");
    }

    private static Key claimantKey(DomainName domain, String companyId) {
        return Key.builder()
                .partitionValue(Keys.domain(domain.value()))
                .sortValue(Keys.claimant(companyId))
                .build();
    }

    private static Key key(DomainName domain) {
        return Key.builder()
                .partitionValue(Keys.domain(domain.value()))
                .sortValue(Keys.CLAIM)
                .build();
    }
}
