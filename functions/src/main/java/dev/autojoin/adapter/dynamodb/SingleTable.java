package dev.autojoin.adapter.dynamodb;

import java.util.List;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

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

    public SingleTable(DynamoDbClient client, String name) {
        this.name = name;
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
    }
}
