package dev.autojoin.adapter.dynamodb;

import com.google.common.base.Suppliers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/** The one table, seen through each item type's static schema. Built once per container. */
public final class SingleTable {
    final String name;
    final DynamoDbClient client;
    final DynamoDbEnhancedClient enhanced;
    private final Supplier<DynamoDbTable<CompanyItem>> companies;
    private final Supplier<DynamoDbTable<MembershipItem>> memberships;
    private final Supplier<DynamoDbTable<SuggestionItem>> suggestions;
    private final Supplier<DynamoDbTable<DomainClaimItem>> domains;
    private final Supplier<DynamoDbTable<AuditItem>> audit;
    private final Supplier<DynamoDbTable<JoinRequestItem>> requests;
    private final Supplier<DynamoDbTable<NoticeItem>> notices;
    final Duration auditRetention;

    public SingleTable(DynamoDbClient client, String name, Duration auditRetention) {
        this.name = name;
        this.auditRetention = auditRetention;
        this.client = client;
        // No extensions: versions and conditions are explicit in each store, and each extension costs per call.
        this.enhanced = DynamoDbEnhancedClient.builder()
                .dynamoDbClient(client)
                .extensions(List.of())
                .build();
        this.companies = Suppliers.memoize(() -> enhanced.table(name, CompanyItem.SCHEMA));
        this.memberships = Suppliers.memoize(() -> enhanced.table(name, MembershipItem.SCHEMA));
        this.suggestions = Suppliers.memoize(() -> enhanced.table(name, SuggestionItem.SCHEMA));
        this.domains = Suppliers.memoize(() -> enhanced.table(name, DomainClaimItem.SCHEMA));
        this.audit = Suppliers.memoize(() -> enhanced.table(name, AuditItem.SCHEMA));
        this.requests = Suppliers.memoize(() -> enhanced.table(name, JoinRequestItem.SCHEMA));
        this.notices = Suppliers.memoize(() -> enhanced.table(name, NoticeItem.SCHEMA));
    }

    // Each item type's table is built on first use: its schema's accessors are generated classes a function that never
    // touches the type should not load at INIT (the post-signup trigger needs four of the item types).
    DynamoDbTable<CompanyItem> companies() {
        return companies.get();
    }

    DynamoDbTable<MembershipItem> memberships() {
        return memberships.get();
    }

    DynamoDbTable<SuggestionItem> suggestions() {
        return suggestions.get();
    }

    DynamoDbTable<DomainClaimItem> domains() {
        return domains.get();
    }

    DynamoDbTable<AuditItem> audit() {
        return audit.get();
    }

    DynamoDbTable<JoinRequestItem> requests() {
        return requests.get();
    }

    DynamoDbTable<NoticeItem> notices() {
        return notices.get();
    }

    /** Every item of {@code keys} that exists; keys DynamoDB left unprocessed are asked for again. */
    List<Map<String, AttributeValue>> batchGet(List<Map<String, AttributeValue>> keys, boolean consistent) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, KeysAndAttributes> request = Map.of(
                name,
                KeysAndAttributes.builder()
                        .keys(keys)
                        .consistentRead(consistent)
                        .build());
        while (!request.isEmpty()) {
            Map<String, KeysAndAttributes> asked = request;
            BatchGetItemResponse response = client.batchGetItem(r -> r.requestItems(asked));
            items.addAll(response.responses().getOrDefault(name, List.of()));
            request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
        }
        return items;
    }

    /** Items of several types read in one request, sorted by their {@code type} attribute. */
    record Fetched(List<Map<String, AttributeValue>> items) {
        List<Map<String, AttributeValue>> raw(String type) {
            return items.stream()
                    .filter(item -> item.containsKey("type")
                            && type.equals(item.get("type").s()))
                    .toList();
        }

        <I> List<I> all(String type, TableSchema<I> schema) {
            return raw(type).stream().map(schema::mapToItem).toList();
        }

        <I> Optional<I> one(String type, TableSchema<I> schema) {
            return all(type, schema).stream().findFirst();
        }
    }

    /** {@link #batchGet}, for items of several types decoded by type: a route's authorizing read and its subject. */
    Fetched fetch(List<Map<String, AttributeValue>> keys, boolean consistent) {
        return new Fetched(batchGet(keys, consistent));
    }
}
