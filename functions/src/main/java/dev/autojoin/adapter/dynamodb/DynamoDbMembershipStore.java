package dev.autojoin.adapter.dynamodb;

import dev.autojoin.app.MembershipStore;
import dev.autojoin.domain.AuditEntry;
import dev.autojoin.domain.Membership;
import dev.autojoin.domain.Suggestion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.GetItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.PutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactPutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactWriteItemsEnhancedRequest;
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
        MembershipItem item = table.memberships.getItem(GetItemEnhancedRequest.builder()
                .key(Key.builder()
                        .partitionValue(Keys.company(companyId))
                        .sortValue(Keys.member(userId))
                        .build())
                .consistentRead(true)
                .build());
        return Optional.ofNullable(item).map(MembershipItem::toDomain);
    }

    @Override
    public boolean addIfAbsent(Membership membership, AuditEntry added) {
        // The membership and its audit entry, or neither: one TransactWriteItems request.
        return table.transact(TransactWriteItemsEnhancedRequest.builder()
                .addPutItem(
                        table.memberships,
                        TransactPutItemEnhancedRequest.builder(MembershipItem.class)
                                .item(MembershipItem.from(membership))
                                .conditionExpression(SingleTable.NOT_EXISTS)
                                .build())
                .addPutItem(table.audit, table.auditPut(added))
                .build());
    }

    @Override
    public boolean suggestIfAbsent(Suggestion suggestion) {
        try {
            table.suggestions.putItem(PutItemEnhancedRequest.builder(SuggestionItem.class)
                    .item(SuggestionItem.from(suggestion))
                    .conditionExpression(SingleTable.NOT_EXISTS)
                    .build());
            return true;
        } catch (ConditionalCheckFailedException alreadyThere) {
            return false;
        }
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
}
