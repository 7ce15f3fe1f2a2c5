package dev.autojoin.adapter.dynamodb;

import com.google.common.base.Suppliers;
import dev.autojoin.adapter.dynamodb.Transaction.Bindings;
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
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.BatchGetItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.GetItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.ReadBatch;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;

public final class DynamoDbDomainStore implements DomainStore {
    /** The label of the claim item a write changes; its failed condition is the domain answer. */
    private static final String CLAIM = "claim";

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
    public DomainClaim update(DomainClaim changed, long expectedVersion, Membership actor, AuditEntry updated) {
        return write(new Transaction(table), changed, expectedVersion, actor, updated);
    }

    @Override
    public DomainClaim configure(DomainClaim current, DomainClaim changed, Membership actor, AuditEntry updated) {
        Transaction tx = new Transaction(table);
        String domain = changed.domain().value();
        for (String team : changed.defaultTeams().keySet()) {
            if (!current.defaultTeams().containsKey(team)) {
                // Marked as this domain's default only while active: an archive racing this one wins or loses whole.
                tx.update(
                        "team",
                        Keys.team(changed.companyId(), team),
                        "ADD #defaultFor :domain",
                        "attribute_exists(PK) AND attribute_not_exists(#archivedAt)",
                        defaultFor(domain).with(Bindings.of("#archivedAt", "archivedAt")));
            }
        }
        unmark(tx, current, changed.defaultTeams().keySet());
        if (changed.captures() && !current.captures()) {
            // The owners of companies already at the domain hear of it from the schedule, never from this request.
            Map<String, AttributeValue> pending = new HashMap<>(Keys.item(Keys.domain(domain), Keys.CAPTURE));
            pending.put("type", AttributeValue.fromS("capture_pending"));
            pending.put("companyId", AttributeValue.fromS(changed.companyId()));
            pending.put("since", AttributeValue.fromS(updated.at().toString()));
            pending.put("GSI1PK", AttributeValue.fromS(Keys.CAPTURES_PENDING));
            pending.put("GSI1SK", AttributeValue.fromS(updated.at().toString() + "#" + domain));
            tx.put("capture.pending", pending, null, Bindings.NONE);
        }
        return write(tx, changed, current.version(), actor, updated);
    }

    @Override
    public List<CaptureToTell> capturesToTell(int limit) {
        QueryResponse page = table.client.query(QueryRequest.builder()
                .tableName(table.name)
                .indexName(Keys.GSI1)
                .keyConditionExpression("GSI1PK = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(Keys.CAPTURES_PENDING)))
                .limit(limit)
                .build());
        List<CaptureToTell> out = new ArrayList<>();
        for (Map<String, AttributeValue> item : page.items()) {
            out.add(new CaptureToTell(
                    DomainName.parse(item.get("PK").s().substring(Keys.DOMAIN_PREFIX.length())),
                    Instant.parse(item.get("since").s())));
        }
        return out;
    }

    @Override
    public void captureTold(CaptureToTell capture) {
        try {
            table.client.deleteItem(r -> r.tableName(table.name)
                    .key(Keys.item(Keys.domain(capture.domain().value()), Keys.CAPTURE))
                    .conditionExpression("#since = :since")
                    .expressionAttributeNames(Map.of("#since", "since"))
                    .expressionAttributeValues(Map.of(
                            ":since", AttributeValue.fromS(capture.since().toString()))));
        } catch (software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException e) {
            // Capture went off and on again meanwhile: that later capture is told on the next run.
        }
    }

    @Override
    public boolean shadowTold(String companyId, DomainName domain) {
        return table.client
                .getItem(r -> r.tableName(table.name)
                        .key(Keys.item(Keys.company(companyId), Keys.shadowTold(domain.value())))
                        .consistentRead(true))
                .hasItem();
    }

    @Override
    public void markShadowTold(String companyId, DomainName domain, String capturingCompanyId, Instant at) {
        Map<String, AttributeValue> item =
                new HashMap<>(Keys.item(Keys.company(companyId), Keys.shadowTold(domain.value())));
        item.put("type", AttributeValue.fromS("shadow_told"));
        item.put("capturedBy", AttributeValue.fromS(capturingCompanyId));
        item.put("at", AttributeValue.fromS(at.toString()));
        table.client.putItem(r -> r.tableName(table.name).item(item));
    }

    private static Bindings defaultFor(String domain) {
        return Bindings.of("#defaultFor", TeamItem.DEFAULT_FOR, ":domain", AttributeValue.fromSs(List.of(domain)));
    }

    /** Takes {@code claim}'s domain off the default teams it names but {@code kept} does not. */
    private static void unmark(Transaction tx, DomainClaim claim, Set<String> kept) {
        for (String team : claim.defaultTeams().keySet()) {
            if (!kept.contains(team)) {
                tx.update(
                        "team.unmarked",
                        Keys.team(claim.companyId(), team),
                        "DELETE #defaultFor :domain",
                        "attribute_exists(PK)",
                        defaultFor(claim.domain().value()));
            }
        }
    }

    private DomainClaim write(
            Transaction tx, DomainClaim changed, long expectedVersion, Membership actor, AuditEntry updated) {
        Set<String> failed = tx.put(
                        CLAIM,
                        claimItem(changed),
                        "companyId = :company AND version = :v",
                        holderAt(changed, expectedVersion))
                .audit(updated)
                .actor(actor)
                .run();
        if (failed.contains("team")) {
            throw dev.autojoin.domain.Team.archivedTeam();
        }
        if (!failed.isEmpty()) {
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
            start = new HashMap<>(Keys.item(Keys.domain(at[0].substring(Keys.DOMAIN_PREFIX.length())), at[1]));
            start.put("GSI1PK", AttributeValue.fromS(pk));
            start.put("GSI1SK", AttributeValue.fromS(at[0]));
        }
        software.amazon.awssdk.enhanced.dynamodb.model.Page<DomainClaimItem> first = table.domains()
                .index(Keys.GSI1)
                .query(QueryEnhancedRequest.builder()
                        .queryConditional(QueryConditional.sortBeginsWith(Keys.of(pk, Keys.DOMAIN_PREFIX)))
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
                Keys.item(Keys.company(companyId), Keys.member(userId)),
                Keys.item(Keys.domain(domain.value()), Keys.CLAIM),
                Keys.item(Keys.domain(domain.value()), Keys.claimant(companyId)));
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
        Transaction tx = new Transaction(table)
                .put(
                        CLAIM,
                        claimItem(claim),
                        expectedVersion == 0 ? "attribute_not_exists(PK)" : "version = :v",
                        expectedVersion == 0 ? Bindings.NONE : Bindings.of(":v", Transaction.number(expectedVersion)))
                // The company must not hold the domain meanwhile: one company, one claim per domain.
                .check(
                        "holder",
                        Keys.item(Keys.domain(claim.domain().value()), Keys.CLAIM),
                        "attribute_not_exists(PK) OR companyId <> :company",
                        Bindings.of(":company", AttributeValue.fromS(company)));
        if (link.isPresent()) {
            tx.putNew("link", VerificationLinkItem.SCHEMA.itemToMap(VerificationLinkItem.from(link.get()), true));
            // A mailbox on the suppression list is never mailed: no pending claim waits for a link that cannot come.
            DynamoDbSuppressionList.notSuppressed(tx, link.get().sentTo());
            linkQuota(tx, company, link.get().createdAt(), dailyLinks);
        }
        Set<String> failed = tx.audit(audit).actor(actor).run();
        if (failed.contains("suppression")) {
            throw new ConflictException(
                    "address_suppressed",
                    "Email to " + link.get().sentTo().masked() + " bounced or was reported as unwanted, so it is no"
                            + " longer mailed; choose another mailbox at the domain, or prove the domain by DNS.");
        }
        if (failed.contains("quota")) {
            Instant now = link.get().createdAt();
            Instant tomorrow = LocalDate.ofInstant(now, ZoneOffset.UTC)
                    .plusDays(1)
                    .atStartOfDay(ZoneOffset.UTC)
                    .toInstant();
            throw new RateLimitedException(
                    "This company sent its " + dailyLinks + " verification emails for today; try again tomorrow.",
                    Duration.between(now, tomorrow));
        }
        if (!failed.isEmpty()) {
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
        Transaction tx = new Transaction(table);
        if (displacement.isPresent()) {
            DomainClaim before = displacement.get().before();
            // Exactly the holder that was read, and only if its proof is weaker than DNS ownership.
            tx.put(
                    CLAIM,
                    claimItem(verified),
                    "companyId = :company AND version = :v AND #method <> :dns",
                    holderAt(before, before.version())
                            .with(Bindings.of(
                                    "#method", "method", ":dns", AttributeValue.fromS(VerificationMethod.DNS.wire()))));
        } else {
            tx.putNew(CLAIM, claimItem(verified));
        }
        if (ownVersion > 0) {
            tx.delete(
                    "own",
                    Keys.item(Keys.domain(verified.domain().value()), Keys.claimant(verified.companyId())),
                    "version = :v",
                    Bindings.of(":v", Transaction.number(ownVersion)));
        }
        displacement.ifPresent(d -> tx.putNew("displaced", claimItem(d.after())));
        linkTokenHash.ifPresent(hash -> tx.update(
                "link",
                Keys.item(Keys.verificationLink(hash), Keys.VERIFICATION_LINK),
                "SET usedAt = :now",
                "attribute_exists(PK) AND attribute_not_exists(usedAt)",
                Bindings.of(
                        ":now",
                        AttributeValue.fromS(
                                verified.verification().verifiedAt().toString()))));
        audits.forEach(tx::audit);
        actor.ifPresent(a -> tx.actor(a));
        Set<String> failed = tx.run();
        if (failed.contains(CLAIM)) {
            throw new DomainAlreadyClaimedException(verified.domain());
        }
        if (failed.contains("link")) {
            throw new GoneException("verification_used", "This verification link was already used.");
        }
        if (!failed.isEmpty()) {
            throw changed(verified.domain());
        }
    }

    @Override
    public boolean replaceHolder(
            DomainClaim changed, long expectedVersion, Optional<Membership> actor, Optional<AuditEntry> audit) {
        Transaction tx = new Transaction(table)
                .put(
                        CLAIM,
                        claimItem(changed),
                        "companyId = :company AND version = :v",
                        holderAt(changed, expectedVersion));
        audit.ifPresent(tx::audit);
        actor.ifPresent(a -> tx.actor(a));
        return tx.run().isEmpty();
    }

    @Override
    public boolean demote(DomainClaim holder, DomainClaim after, AuditEntry audit) {
        return deleteClaim(new Transaction(table), holder)
                .putNew("displaced", claimItem(after))
                .audit(audit)
                .run()
                .isEmpty();
    }

    @Override
    public void release(DomainClaim claim, Membership actor, AuditEntry audit) {
        Transaction tx = new Transaction(table);
        unmark(tx, claim, Set.of());
        Set<String> failed = deleteClaim(tx, claim).audit(audit).actor(actor).run();
        if (!failed.isEmpty()) {
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
                        .queryConditional(QueryConditional.sortLessThan(
                                Keys.of(Keys.RECHECK, Keys.recheckBefore(now.getEpochSecond() + 1))))
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
                        .key(Keys.of(Keys.verificationLink(tokenHash), Keys.VERIFICATION_LINK))
                        .consistentRead(true)
                        .build());
        return Optional.ofNullable(item).map(VerificationLinkItem::toDomain);
    }

    private static Map<String, AttributeValue> claimItem(DomainClaim claim) {
        return DomainClaimItem.SCHEMA.itemToMap(DomainClaimItem.from(claim), true);
    }

    private static Transaction deleteClaim(Transaction tx, DomainClaim claim) {
        return tx.delete(
                CLAIM,
                Keys.item(Keys.domain(claim.domain().value()), DomainClaimItem.sortKey(claim)),
                "companyId = :company AND version = :v",
                holderAt(claim, claim.version()));
    }

    /** Counts a link against the company's allowance for the UTC day; the counter item expires two days later. */
    private static void linkQuota(Transaction tx, String companyId, Instant at, int dailyLinks) {
        LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
        tx.update(
                "quota",
                Keys.item(Keys.company(companyId), Keys.verificationLinksSent(day)),
                "SET #type = :type, expiresAt = :expires ADD sent :one",
                "attribute_not_exists(sent) OR sent < :max",
                Bindings.of(
                        "#type", "type",
                        ":type", AttributeValue.fromS("domain_verification_quota"),
                        ":expires",
                                Transaction.number(day.plusDays(2)
                                        .atStartOfDay(ZoneOffset.UTC)
                                        .toEpochSecond()),
                        ":one", Transaction.number(1),
                        ":max", Transaction.number(dailyLinks)));
    }

    private static Bindings holderAt(DomainClaim claim, long version) {
        return Bindings.of(":company", AttributeValue.fromS(claim.companyId()), ":v", Transaction.number(version));
    }

    private static ConflictException changed(DomainName domain) {
        return new ConflictException(
                "domain_changed", "The claim on " + domain + " changed at the same moment; reload and try again.");
    }

    private static Key claimantKey(DomainName domain, String companyId) {
        return Keys.of(Keys.domain(domain.value()), Keys.claimant(companyId));
    }

    private static Key key(DomainName domain) {
        return Keys.of(Keys.domain(domain.value()), Keys.CLAIM);
    }
}
