package dev.autojoin.adapter.dynamodb;

import dev.autojoin.adapter.dynamodb.Transaction.Bindings;
import dev.autojoin.app.CompanyStore;
import dev.autojoin.domain.AuditEntry;
import dev.autojoin.domain.Company;
import dev.autojoin.domain.ConflictException;
import dev.autojoin.domain.Membership;
import dev.autojoin.domain.PreconditionFailedException;
import dev.autojoin.domain.Team;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.enhanced.dynamodb.model.GetItemEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

public final class DynamoDbCompanyStore implements CompanyStore {
    private final SingleTable table;

    public DynamoDbCompanyStore(SingleTable table) {
        this.table = table;
    }

    @Override
    public void create(Company company, Membership owner, Team firstTeam, AuditEntry created) {
        // One invariant across items (a company always has an owner and a team, every change its audit entry).
        Transaction transaction = new Transaction(table)
                .putNew("company", CompanyItem.SCHEMA.itemToMap(firstOwner(CompanyItem.from(company)), true))
                .putNew("team", TeamItem.SCHEMA.itemToMap(TeamItem.from(firstTeam), true));
        // The ids are random: a failed condition here is a bug, not a race (a lost answer is run()'s to recognise).
        Set<String> failed =
                MembershipItem.add(transaction, "member", owner).audit(created).run();
        if (!failed.isEmpty()) {
            throw new IllegalStateException("a new company collided with " + failed);
        }
    }

    @Override
    public Optional<Company> find(String companyId) {
        CompanyItem item = table.companies()
                .getItem(GetItemEnhancedRequest.builder()
                        .key(Keys.of(Keys.company(companyId), Keys.PROFILE))
                        .consistentRead(true)
                        .build());
        return Optional.ofNullable(item).map(CompanyItem::toDomain);
    }

    @Override
    public Reading readAs(String userId, String companyId) {
        // One BatchGetItem of two item types, decoded by type: the membership that authorizes, the profile.
        List<Map<String, AttributeValue>> keys = List.of(
                Keys.item(Keys.company(companyId), Keys.member(userId)),
                Keys.item(Keys.company(companyId), Keys.PROFILE));
        SingleTable.Fetched fetched = table.fetch(keys, true);
        Optional<Membership> reader =
                fetched.one(MembershipItem.TYPE, MembershipItem.SCHEMA).map(MembershipItem::toDomain);
        Optional<Company> company =
                fetched.one(CompanyItem.TYPE, CompanyItem.SCHEMA).map(CompanyItem::toDomain);
        return new Reading(reader, company);
    }

    private static CompanyItem firstOwner(CompanyItem item) {
        item.ownerCount = 1;
        item.teamCount = 1;
        return item;
    }

    @Override
    public void updateSettings(
            Company changed, long expectedVersion, Membership actor, AuditEntry updated, boolean renamed) {
        CompanyItem item = CompanyItem.from(changed);
        // An update, not a put: ownerCount belongs to the membership transactions and must not be overwritten.
        Transaction tx = new Transaction(table)
                .update(
                        "company",
                        Keys.item(Keys.company(changed.id()), Keys.PROFILE),
                        "SET #name = :name, #notify = :notify, #expiry = :expiry, #role = :role,"
                                + " #permissions = :permissions, #version = :next",
                        "#version = :version",
                        Bindings.of(
                                "#name", "name",
                                "#notify", "notify",
                                "#expiry", "invitationExpiryDays",
                                "#role", "defaultRole",
                                "#permissions", "defaultPermissions",
                                "#version", "version",
                                ":name", AttributeValue.fromS(item.name),
                                ":notify", AttributeValue.fromS(item.notify),
                                ":expiry", Transaction.number(item.invitationExpiryDays),
                                ":role", AttributeValue.fromS(item.defaultRole),
                                ":permissions",
                                        AttributeValue.fromL(item.defaultPermissions.stream()
                                                .map(AttributeValue::fromS)
                                                .toList()),
                                ":next", Transaction.number(changed.version()),
                                ":version", Transaction.number(expectedVersion)));
        tx.actor(actor);
        if (renamed) {
            tx.put(
                    "rename",
                    RenameItem.SCHEMA.itemToMap(RenameItem.of(changed.id(), changed.version()), true),
                    null,
                    Bindings.NONE);
        }
        Set<String> failed = tx.audit(updated).run();
        if (failed.contains("company")) {
            throw new PreconditionFailedException(
                    "version_conflict", "The settings changed while you were editing them; reload and try again.");
        }
        if (!failed.isEmpty()) {
            throw new ConflictException(
                    "concurrent_change", "Your membership changed while you were editing; reload and try again.");
        }
    }

    @Override
    public List<String> renamesPending() {
        List<String> companies = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse page = table.client.query(QueryRequest.builder()
                    .tableName(table.name)
                    .indexName(Keys.GSI1)
                    .keyConditionExpression("GSI1PK = :pk")
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(Keys.RENAMES_PENDING)))
                    .exclusiveStartKey(start)
                    .build());
            page.items().forEach(item -> companies.add(item.get("companyId").s()));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return companies;
    }

    @Override
    public boolean propagateName(String companyId, Duration budget) {
        long until = System.nanoTime() + budget.toNanos();
        Map<String, AttributeValue> profileKey = Keys.item(Keys.company(companyId), Keys.PROFILE);
        Map<String, AttributeValue> markerKey = Keys.item(Keys.company(companyId), Keys.RENAME);
        Map<String, AttributeValue> marker = table.client
                .getItem(r -> r.tableName(table.name).key(markerKey).consistentRead(true))
                .item();
        String name = null;
        while (true) {
            Map<String, AttributeValue> profile = table.client
                    .getItem(r -> r.tableName(table.name).key(profileKey).consistentRead(true))
                    .item();
            String current = profile == null || !profile.containsKey("name")
                    ? null
                    : profile.get("name").s();
            if (current == null || current.equals(name)) {
                break;
            }
            // Copies hold the name read last; if a rename lands meanwhile, one more pass copies that one.
            name = current;
            if (!copyName(companyId, name, until)) {
                return false;
            }
        }
        if (marker != null && !marker.isEmpty()) {
            try {
                table.client.deleteItem(r -> r.tableName(table.name)
                        .key(markerKey)
                        .conditionExpression("#version = :version")
                        .expressionAttributeNames(Map.of("#version", "version"))
                        .expressionAttributeValues(Map.of(":version", marker.get("version"))));
            } catch (ConditionalCheckFailedException newerRename) {
                return false;
            }
        }
        return true;
    }

    /** Memberships and suggestions in the company's partition, then its domain claims (GSI1); false out of time. */
    private boolean copyName(String companyId, String name, long until) {
        Map<String, AttributeValue> copy = Map.of(":name", AttributeValue.fromS(name));
        for (String prefix : List.of(Keys.MEMBER_PREFIX, Keys.SUGGEST_PREFIX)) {
            QueryRequest.Builder query = QueryRequest.builder()
                    .tableName(table.name)
                    .keyConditionExpression("PK = :pk AND begins_with(SK, :prefix)")
                    .expressionAttributeValues(Map.of(
                            ":pk", AttributeValue.fromS(Keys.company(companyId)),
                            ":prefix", AttributeValue.fromS(prefix)))
                    .projectionExpression("PK, SK, companyName")
                    .consistentRead(true);
            if (!copyName(query, name, "SET companyName = :name", "attribute_exists(PK)", Map.of(), copy, until)) {
                return false;
            }
        }
        QueryRequest.Builder claims = QueryRequest.builder()
                .tableName(table.name)
                .indexName(Keys.GSI1)
                .keyConditionExpression("GSI1PK = :pk AND begins_with(GSI1SK, :prefix)")
                .expressionAttributeValues(Map.of(
                        ":pk", AttributeValue.fromS(Keys.company(companyId)),
                        ":prefix", AttributeValue.fromS(Keys.DOMAIN_PREFIX)))
                .projectionExpression("PK, SK, companyName");
        return copyName(
                claims,
                name,
                // A claim's version moves too, so a domain edit read before the rename cannot write the old name back.
                "SET companyName = :name, #version = #version + :one",
                "companyId = :company",
                Map.of("#version", "version"),
                Map.of(
                        ":name", AttributeValue.fromS(name),
                        ":one", Transaction.number(1),
                        ":company", AttributeValue.fromS(companyId)),
                until);
    }

    private boolean copyName(
            QueryRequest.Builder query,
            String name,
            String update,
            String condition,
            Map<String, String> names,
            Map<String, AttributeValue> values,
            long until) {
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse page =
                    table.client.query(query.exclusiveStartKey(start).build());
            for (Map<String, AttributeValue> item : page.items()) {
                AttributeValue held = item.get("companyName");
                if (held != null && name.equals(held.s())) {
                    continue;
                }
                if (System.nanoTime() > until) {
                    return false;
                }
                try {
                    table.client.updateItem(r -> r.tableName(table.name)
                            .key(Map.of("PK", item.get("PK"), "SK", item.get("SK")))
                            .updateExpression(update)
                            .conditionExpression(condition)
                            .expressionAttributeNames(names.isEmpty() ? null : names)
                            .expressionAttributeValues(values));
                } catch (ConditionalCheckFailedException goneOrMoved) {
                    // Deleted, or (a claim) moved to another company since the query: nothing to copy to.
                }
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return true;
    }
}
