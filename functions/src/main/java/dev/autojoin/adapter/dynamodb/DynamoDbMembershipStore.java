package dev.autojoin.adapter.dynamodb;

import dev.autojoin.adapter.dynamodb.Transaction.Bindings;
import dev.autojoin.app.MembershipStore;
import dev.autojoin.app.Page;
import dev.autojoin.domain.AuditEntry;
import dev.autojoin.domain.ConflictException;
import dev.autojoin.domain.DomainName;
import dev.autojoin.domain.JoinNotice;
import dev.autojoin.domain.Membership;
import dev.autojoin.domain.Role;
import dev.autojoin.domain.Suggestion;
import dev.autojoin.domain.SuggestionStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.model.GetItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.PutItemEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

public final class DynamoDbMembershipStore implements MembershipStore {
    private final SingleTable table;

    public DynamoDbMembershipStore(SingleTable table) {
        this.table = table;
    }

    @Override
    public Optional<Membership> find(String companyId, String userId) {
        // Strongly consistent: this read authorizes every company call.
        MembershipItem item = table.memberships()
                .getItem(GetItemEnhancedRequest.builder()
                        .key(Keys.of(Keys.company(companyId), Keys.member(userId)))
                        .consistentRead(true)
                        .build());
        return Optional.ofNullable(item).map(MembershipItem::toDomain);
    }

    @Override
    public Map<String, Membership> findAll(String companyId, Set<String> userIds) {
        // One strongly consistent BatchGetItem: these reads authorize the call, as find's do.
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        userIds.forEach(id -> keys.add(Keys.item(Keys.company(companyId), Keys.member(id))));
        Map<String, Membership> found = new HashMap<>();
        for (Map<String, AttributeValue> item : table.batchGet(keys, true)) {
            Membership m = MembershipItem.SCHEMA.mapToItem(item).toDomain();
            found.put(m.userId(), m);
        }
        return found;
    }

    @Override
    public List<Membership> findEach(java.util.Collection<MemberRef> refs) {
        // BatchGetItem takes 100 keys a request.
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        refs.stream()
                .distinct()
                .forEach(r -> keys.add(Keys.item(Keys.company(r.companyId()), Keys.member(r.userId()))));
        List<Membership> found = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += 100) {
            for (Map<String, AttributeValue> item :
                    table.batchGet(keys.subList(from, Math.min(keys.size(), from + 100)), true)) {
                found.add(MembershipItem.SCHEMA.mapToItem(item).toDomain());
            }
        }
        return found;
    }

    @Override
    public boolean addIfAbsent(Membership membership, AuditEntry added) {
        // The membership and its audit entry, or neither.
        return MembershipItem.add(new Transaction(table), "member", membership)
                .audit(added)
                .run()
                .isEmpty();
    }

    @Override
    public Admission admit(Membership membership, AuditEntry added, JoinNotice notice) {
        // Still one request: the membership, the check that no admin removed this email, the audit entry, the notice.
        Transaction tx = MembershipItem.add(new Transaction(table), "member", membership);
        if (membership.email() != null) {
            tx.check(
                    "removed",
                    Keys.item(
                            Keys.company(membership.companyId()),
                            Keys.removal(membership.email().canonical())),
                    "attribute_not_exists(PK)",
                    Bindings.NONE);
        }
        // GET /me decides from an index that may not show a departure yet: the suggestion item itself must agree.
        tx.check(
                "standing",
                Keys.item(Keys.company(membership.companyId()), Keys.suggestion(membership.userId())),
                "attribute_not_exists(PK) OR #status = :suggested OR #status = :offered"
                        + " OR (attribute_not_exists(#status) AND (attribute_not_exists(#requested) OR #requested = :no))",
                Bindings.of(
                        "#status",
                        "status",
                        "#requested",
                        "requested",
                        ":suggested",
                        AttributeValue.fromS(SuggestionStatus.SUGGESTED.wire()),
                        ":offered",
                        AttributeValue.fromS(SuggestionStatus.OFFERED.wire()),
                        ":no",
                        AttributeValue.fromBool(false)));
        Set<String> failed = tx.audit(added)
                .putNew("notice", NoticeItem.SCHEMA.itemToMap(NoticeItem.from(notice), true))
                .run();
        if (failed.isEmpty()) {
            return Admission.ADMITTED;
        }
        if (failed.contains("member")) {
            return Admission.ALREADY_MEMBER;
        }
        return failed.contains("removed") ? Admission.REMOVED : Admission.STANDING;
    }

    @Override
    public Page<Membership> list(String companyId, Page.Request page) {
        return Cursors.query(
                table.memberships(),
                Keys.company(companyId),
                Keys.MEMBER_PREFIX,
                page,
                false,
                MembershipItem::toDomain);
    }

    @Override
    public void change(Membership current, Membership changed, Membership actor, AuditEntry changedEntry) {
        // Into or out of the managers' index (GSI2) in the same update, with the keys MembershipItem.from computes;
        // an update, not a put, so what it does not name stays as it is.
        MembershipItem after = MembershipItem.from(changed);
        boolean manager = after.gsi2pk != null;
        Bindings managerKeys = manager
                ? Bindings.of(
                        ":gsi2pk", AttributeValue.fromS(after.gsi2pk), ":gsi2sk", AttributeValue.fromS(after.gsi2sk))
                : Bindings.NONE;
        Transaction tx = new Transaction(table)
                .update(
                        "member",
                        Keys.member(current),
                        "SET #role = :role, #permissions = :permissions, #version = :next"
                                + (manager ? ", #gsi2pk = :gsi2pk, #gsi2sk = :gsi2sk" : " REMOVE #gsi2pk, #gsi2sk"),
                        "#version = :version",
                        Bindings.of(
                                        "#role",
                                        "role",
                                        "#permissions",
                                        "permissions",
                                        "#version",
                                        "version",
                                        "#gsi2pk",
                                        MembershipItem.GSI2PK,
                                        "#gsi2sk",
                                        MembershipItem.GSI2SK,
                                        ":role",
                                        AttributeValue.fromS(changed.role().wire()),
                                        ":permissions",
                                        AttributeValue.fromL(Attributes.wire(changed.permissions()).stream()
                                                .map(AttributeValue::fromS)
                                                .toList()),
                                        ":next",
                                        Transaction.number(changed.version()),
                                        ":version",
                                        Transaction.number(current.version()))
                                .with(managerKeys));
        ownerCount(tx, current, changed.role());
        actorUnchanged(tx, current.userId(), actor);
        conflicts(tx.audit(changedEntry).run());
    }

    @Override
    public void remove(
            Membership target, Membership actor, Departure departure, Suggestion marker, AuditEntry removed) {
        Transaction tx = new Transaction(table)
                .delete(
                        "member",
                        Keys.member(target),
                        "#version = :version",
                        Bindings.of("#version", "version", ":version", Transaction.number(target.version())));
        MembershipItem.removeAddress(tx, target);
        ownerCount(tx, target, null);
        actorUnchanged(tx, target.userId(), actor);
        if (departure == Departure.REMOVED && target.email() != null) {
            tx.put(
                    "removal",
                    RemovalItem.SCHEMA.itemToMap(
                            RemovalItem.of(
                                    target.companyId(),
                                    target.email().canonical(),
                                    target.userId(),
                                    actor.userId(),
                                    removed.at()),
                            true),
                    null,
                    Bindings.NONE);
        }
        if (marker != null) {
            tx.put(
                    "suggestion",
                    SuggestionItem.SCHEMA.itemToMap(SuggestionItem.from(marker), true),
                    null,
                    Bindings.NONE);
        } else {
            tx.delete(
                    "suggestion",
                    Keys.item(Keys.company(target.companyId()), Keys.suggestion(target.userId())),
                    null,
                    Bindings.NONE);
        }
        conflicts(tx.audit(removed).run());
    }

    @Override
    public Optional<Suggestion> findSuggestion(String companyId, String userId) {
        SuggestionItem item = table.suggestions()
                .getItem(GetItemEnhancedRequest.builder()
                        .key(Keys.of(Keys.company(companyId), Keys.suggestion(userId)))
                        .consistentRead(true)
                        .build());
        return Optional.ofNullable(item).map(SuggestionItem::toDomain);
    }

    /** A new owner membership (an invitation as owner, say) counts itself in the profile's ownerCount. */
    static void ownerAdded(Transaction tx, String companyId) {
        tx.update(
                "owners",
                Keys.item(Keys.company(companyId), Keys.PROFILE),
                "SET #owners = if_not_exists(#owners, :zero) + :one",
                "attribute_exists(PK)",
                Bindings.of(
                        "#owners", CompanyItem.OWNER_COUNT,
                        ":zero", Transaction.number(0),
                        ":one", Transaction.number(1)));
    }

    /** Keeps the profile's ownerCount in step; taking an owner away needs another one to remain. */
    static void ownerCount(Transaction tx, Membership before, Role after) {
        boolean was = before.role() == Role.OWNER;
        boolean is = after == Role.OWNER;
        Map<String, AttributeValue> profile = Keys.item(Keys.company(before.companyId()), Keys.PROFILE);
        if (was && !is) {
            tx.update(
                    "owners",
                    profile,
                    "SET #owners = #owners - :one",
                    "#owners > :one",
                    Bindings.of("#owners", CompanyItem.OWNER_COUNT, ":one", Transaction.number(1)));
        } else if (!was && is) {
            tx.update(
                    "owners",
                    profile,
                    "SET #owners = if_not_exists(#owners, :zero) + :one",
                    "attribute_exists(PK)",
                    Bindings.of(
                            "#owners", CompanyItem.OWNER_COUNT,
                            ":zero", Transaction.number(0),
                            ":one", Transaction.number(1)));
        }
    }

    /** Someone acting on another member must still be as they were when authorized (not demoted meanwhile). */
    static void actorUnchanged(Transaction tx, String targetUserId, Membership actor) {
        if (!actor.userId().equals(targetUserId)) {
            tx.actor(actor);
        }
    }

    private static void conflicts(Set<String> failed) {
        if (failed.contains("owners")) {
            throw new ConflictException(
                    "last_owner", "A company keeps at least one owner: make someone else an owner first.");
        }
        if (!failed.isEmpty()) {
            throw new ConflictException(
                    "concurrent_change", "This membership changed while you were acting on it; reload and try again.");
        }
    }

    @Override
    public boolean markRemoved(Suggestion marker) {
        try {
            table.suggestions()
                    .putItem(PutItemEnhancedRequest.builder(SuggestionItem.class)
                            .item(SuggestionItem.from(marker))
                            .conditionExpression(Expression.builder()
                                    .expression("attribute_not_exists(PK) OR #status = :suggested")
                                    .putExpressionName("#status", "status")
                                    .putExpressionValue(
                                            ":suggested", AttributeValue.fromS(SuggestionStatus.SUGGESTED.wire()))
                                    .build())
                            .build());
            return true;
        } catch (ConditionalCheckFailedException alreadyThere) {
            return false;
        }
    }

    @Override
    public Suggesting suggest(Suggestion suggestion) {
        // The same ConditionCheck as admit's: a removed person is not offered a request that would be refused.
        return putSuggestion(suggestion, "attribute_not_exists(PK)", Bindings.NONE);
    }

    @Override
    public Suggesting offer(Suggestion offer) {
        // Over nothing, or over a suggestion nobody acted on; a removal mark refuses it as it refuses a suggestion.
        return putSuggestion(
                offer,
                "attribute_not_exists(PK) OR #status = :suggested",
                Bindings.of(
                        "#status", "status", ":suggested", AttributeValue.fromS(SuggestionStatus.SUGGESTED.wire())));
    }

    /** The suggestion put under {@code condition}, with the check that no admin removed the person's address. */
    private Suggesting putSuggestion(Suggestion suggestion, String condition, Bindings bindings) {
        Transaction tx = new Transaction(table)
                .put(
                        "suggestion",
                        SuggestionItem.SCHEMA.itemToMap(SuggestionItem.from(suggestion), true),
                        condition,
                        bindings);
        if (suggestion.email() != null) {
            tx.check(
                    "removed",
                    Keys.item(
                            Keys.company(suggestion.companyId()),
                            Keys.removal(suggestion.email().canonical())),
                    "attribute_not_exists(PK)",
                    Bindings.NONE);
        }
        Set<String> failed = tx.run();
        if (failed.isEmpty()) {
            return Suggesting.SUGGESTED;
        }
        return failed.contains("suggestion") ? Suggesting.ALREADY_SUGGESTED : Suggesting.REMOVED;
    }

    @Override
    public boolean keep(String companyId, String userId, Instant at) {
        Set<String> failed = new Transaction(table)
                .update(
                        "suggestion",
                        Keys.item(Keys.company(companyId), Keys.suggestion(userId)),
                        "SET #status = :kept, #at = :at",
                        "#status = :offered",
                        Bindings.of(
                                "#status",
                                "status",
                                "#at",
                                "at",
                                ":kept",
                                AttributeValue.fromS(SuggestionStatus.KEPT.wire()),
                                ":offered",
                                AttributeValue.fromS(SuggestionStatus.OFFERED.wire()),
                                ":at",
                                AttributeValue.fromS(Attributes.instant(at))))
                .run();
        return failed.isEmpty();
    }

    @Override
    public Page<MemberAt> membersAt(DomainName domain, boolean subdomains, Page.Request page) {
        // GSI1 pages: the start key needs the item's table key too, which the index sort key carries (company id and
        // canonical address), so the cursor is the index sort key alone and cannot leave the asked domain.
        String pk = Keys.membersAt(domain);
        String prefix = Keys.membersAtPrefix(domain, subdomains);
        Map<String, AttributeValue> start = null;
        if (page.cursor().isPresent()) {
            String at = Cursors.decode(page.cursor().get());
            String[] parts = at.startsWith(prefix) && Cursors.fitsAKey(at) ? memberAtParts(at) : null;
            if (parts == null) {
                throw Cursors.invalid();
            }
            start = new HashMap<>(Keys.memberAddress(parts[0], parts[1]));
            start.put("GSI1PK", AttributeValue.fromS(pk));
            start.put("GSI1SK", AttributeValue.fromS(at));
        }
        QueryResponse response = table.client.query(QueryRequest.builder()
                .tableName(table.name)
                .indexName(Keys.GSI1)
                .keyConditionExpression("GSI1PK = :pk AND begins_with(GSI1SK, :prefix)")
                .expressionAttributeValues(
                        Map.of(":pk", AttributeValue.fromS(pk), ":prefix", AttributeValue.fromS(prefix)))
                .limit(page.limit() + 1)
                .exclusiveStartKey(start)
                .build());
        List<Map<String, AttributeValue>> items = response.items();
        List<MemberAt> out = new ArrayList<>();
        for (int i = 0; i < items.size() && i < page.limit(); i++) {
            Map<String, AttributeValue> item = items.get(i);
            out.add(new MemberAt(
                    item.get("companyId").s(),
                    item.get("userId").s(),
                    dev.autojoin.domain.EmailAddress.parse(item.get("email").s())));
        }
        Optional<String> next = Optional.empty();
        if (items.size() > page.limit()) {
            next = Optional.of(
                    Cursors.encode(items.get(page.limit() - 1).get("GSI1SK").s()));
        } else if (response.hasLastEvaluatedKey()
                && !response.lastEvaluatedKey().isEmpty()
                && !items.isEmpty()) {
            next = Optional.of(
                    Cursors.encode(items.get(items.size() - 1).get("GSI1SK").s()));
        }
        return new Page<>(out, next);
    }

    /** The company id and canonical address in a member address's GSI1SK, or null when it is not one. */
    private static String[] memberAtParts(String sortKey) {
        int start = sortKey.indexOf(".#");
        int end = start < 0 ? -1 : sortKey.indexOf('#', start + 2);
        if (end < 0 || end + 1 >= sortKey.length()) {
            return null;
        }
        return new String[] {sortKey.substring(start + 2, end), sortKey.substring(end + 1)};
    }

    @Override
    public UserCompanies forUser(String userId) {
        // The Enhanced Client cannot decode a partition of mixed item types: query low-level, decode by type.
        List<Membership> memberships = new ArrayList<>();
        List<Suggestion> suggestions = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse page = table.client.query(QueryRequest.builder()
                    .tableName(table.name)
                    .indexName(Keys.GSI1)
                    .keyConditionExpression("GSI1PK = :pk")
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(Keys.user(userId))))
                    .exclusiveStartKey(start)
                    .build());
            for (Map<String, AttributeValue> item : page.items()) {
                String type = item.containsKey("type") ? item.get("type").s() : "";
                if (MembershipItem.TYPE.equals(type)) {
                    memberships.add(MembershipItem.SCHEMA.mapToItem(item).toDomain());
                } else if (SuggestionItem.TYPE.equals(type)) {
                    suggestions.add(SuggestionItem.SCHEMA.mapToItem(item).toDomain());
                }
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return new UserCompanies(memberships, suggestions);
    }

    @Override
    public boolean markMailBounced(Membership membership, Instant at, AuditEntry flagged) {
        return new Transaction(table)
                .update(
                        "member",
                        Keys.member(membership),
                        "SET #bounced = :at",
                        "attribute_exists(PK) AND attribute_not_exists(#bounced)",
                        Bindings.of(
                                "#bounced", MembershipItem.MAIL_BOUNCED_AT, ":at", AttributeValue.fromS(at.toString())))
                .audit(flagged)
                .run()
                .isEmpty();
    }
}
