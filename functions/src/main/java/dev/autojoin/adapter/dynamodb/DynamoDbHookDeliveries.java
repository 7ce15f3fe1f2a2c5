package dev.autojoin.adapter.dynamodb;

import dev.autojoin.app.HookDeliveries;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/**
 * One item per delivery acted on (PK=HOOK#source#id, SK=HOOK), kept past every provider's retry schedule (WorkOS
 * retries for up to three days, Svix for about 28 hours), then removed by DynamoDB's TTL.
 */
public final class DynamoDbHookDeliveries implements HookDeliveries {
    static final String TYPE = "hookDelivery";
    static final Duration KEPT = Duration.ofDays(7);

    private final SingleTable table;
    private final Clock clock;

    public DynamoDbHookDeliveries(SingleTable table, Clock clock) {
        this.table = table;
        this.clock = clock;
    }

    @Override
    public boolean seen(String source, String id) {
        GetItemResponse found = table.client.getItem(g -> g.tableName(table.name)
                .key(Keys.hookDelivery(source, id))
                .consistentRead(true)
                .projectionExpression("PK"));
        return found.hasItem() && !found.item().isEmpty();
    }

    @Override
    public void record(String source, String id) {
        Map<String, AttributeValue> item = new HashMap<>(Keys.hookDelivery(source, id));
        item.put("type", AttributeValue.fromS(TYPE));
        item.put("at", AttributeValue.fromS(clock.instant().toString()));
        item.put("expiresAt", Transaction.number(clock.instant().plus(KEPT).getEpochSecond()));
        // A copy recorded it first: the condition fails and there is nothing left to do.
        new Transaction(table).putNew("delivery", item).run();
    }
}
