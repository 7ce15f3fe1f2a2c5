package dev.autojoin.adapter.dynamodb;

import dev.autojoin.domain.Membership;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Writes many items fast for tests, 25 per BatchWriteItem: the emulator copies the whole table on every transaction,
 * so seeding hundreds of members one transaction at a time would be slow. Items are exactly what the stores write.
 */
public final class TableSeed {
    private TableSeed() {}

    public static void members(DynamoDbClient client, String table, List<Membership> members) {
        List<WriteRequest> puts = new ArrayList<>();
        for (Membership m : members) {
            puts.add(WriteRequest.builder()
                    .putRequest(PutRequest.builder()
                            .item(MembershipItem.SCHEMA.itemToMap(MembershipItem.from(m), true))
                            .build())
                    .build());
            if (m.email() != null) {
                // As the stores write a membership: with its address item.
                puts.add(WriteRequest.builder()
                        .putRequest(PutRequest.builder()
                                .item(MembershipItem.addressItem(m))
                                .build())
                        .build());
            }
        }
        for (int from = 0; from < puts.size(); from += 25) {
            Map<String, List<WriteRequest>> left = Map.of(table, puts.subList(from, Math.min(from + 25, puts.size())));
            while (!left.isEmpty()) {
                Map<String, List<WriteRequest>> request = left;
                BatchWriteItemResponse response = client.batchWriteItem(r -> r.requestItems(request));
                left = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
            }
        }
    }
}
