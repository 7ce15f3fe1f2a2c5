package dev.autojoin.adapter.dynamodb;

import dev.autojoin.domain.AuditEntry;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactPutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactWriteItemsEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** The one table, seen through each item type's static schema. Built once per container. */
public final class SingleTable {
    static final Expression NOT_EXISTS =
            Expression.builder().expression("attribute_not_exists(PK)").build();

    final String name;
    final DynamoDbClient client;
    final DynamoDbEnhancedClient enhanced;
    final DynamoDbTable<CompanyItem> companies;
    final DynamoDbTable<MembershipItem> memberships;
    final DynamoDbTable<SuggestionItem> suggestions;
    final DynamoDbTable<DomainClaimItem> domains;
    final DynamoDbTable<AuditItem> audit;
    final DynamoDbTable<JoinRequestItem> requests;
    final DynamoDbTable<NoticeItem> notices;
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
        this.companies = enhanced.table(name, CompanyItem.SCHEMA);
        this.memberships = enhanced.table(name, MembershipItem.SCHEMA);
        this.suggestions = enhanced.table(name, SuggestionItem.SCHEMA);
        this.domains = enhanced.table(name, DomainClaimItem.SCHEMA);
        this.audit = enhanced.table(name, AuditItem.SCHEMA);
        this.requests = enhanced.table(name, JoinRequestItem.SCHEMA);
        this.notices = enhanced.table(name, NoticeItem.SCHEMA);
    }

    /** The audit entry's put, to add to the transaction of the change it describes. */
    TransactPutItemEnhancedRequest<AuditItem> auditPut(AuditEntry entry) {
        return TransactPutItemEnhancedRequest.builder(AuditItem.class)
                .item(AuditItem.from(entry, auditRetention))
                .conditionExpression(NOT_EXISTS)
                .build();
    }

    /** Runs a transaction; false when one of its conditions failed, so nothing was written. */
    boolean transact(TransactWriteItemsEnhancedRequest request) {
        try {
            enhanced.transactWriteItems(request);
            return true;
        } catch (TransactionCanceledException e) {
            if (e.hasCancellationReasons()
                    && e.cancellationReasons().stream().anyMatch(r -> "ConditionalCheckFailed".equals(r.code()))) {
                return false;
            }
            throw e;
        }
    }
}
