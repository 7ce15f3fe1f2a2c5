package dev.autojoin.adapter.dynamodb;

import dev.autojoin.app.NotificationOutbox;
import dev.autojoin.domain.JoinNotice;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** Pending notices through the sparse GSI1 partition NOTICE#pending: only unsent notices are ever read. */
public final class DynamoDbNotificationOutbox implements NotificationOutbox {
    private static final int BATCH = 25;
    private static final int BATCH_ATTEMPTS = 5;

    private final SingleTable table;

    public DynamoDbNotificationOutbox(SingleTable table) {
        this.table = table;
    }

    @Override
    public List<JoinNotice> pending(int max) {
        return first(
                max,
                table.notices()
                        .index(Keys.GSI1)
                        .query(QueryEnhancedRequest.builder()
                                .queryConditional(QueryConditional.keyEqualTo(Keys.of(Keys.NOTICES_PENDING)))
                                .limit(Math.min(max, 1000))
                                .build()));
    }

    @Override
    public boolean lease(String companyId, String run, Instant now, Instant until) {
        try {
            // expiresAt is the lease's end, and the TTL that clears a lease its run died holding.
            table.client.putItem(r -> r.tableName(table.name)
                    .item(Map.of(
                            "PK", AttributeValue.fromS(Keys.company(companyId)),
                            "SK", AttributeValue.fromS(Keys.DIGEST_LEASE),
                            "type", AttributeValue.fromS("digest_lease"),
                            "run", AttributeValue.fromS(run),
                            "expiresAt", Transaction.number(until.getEpochSecond())))
                    .conditionExpression("attribute_not_exists(PK) OR expiresAt <= :now")
                    .expressionAttributeValues(Map.of(":now", Transaction.number(now.getEpochSecond()))));
            return true;
        } catch (ConditionalCheckFailedException held) {
            return false;
        }
    }

    @Override
    public List<JoinNotice> pendingOf(String companyId, int max) {
        return first(
                max,
                table.notices()
                        .query(QueryEnhancedRequest.builder()
                                .queryConditional(QueryConditional.sortBeginsWith(
                                        Keys.of(Keys.company(companyId), Keys.NOTICE_PREFIX)))
                                .consistentRead(true)
                                .limit(Math.min(max, 1000))
                                .build()));
    }

    /** The notices of the first pages, {@code max} at most. */
    private static List<JoinNotice> first(
            int max, Iterable<software.amazon.awssdk.enhanced.dynamodb.model.Page<NoticeItem>> pages) {
        List<JoinNotice> notices = new ArrayList<>();
        for (software.amazon.awssdk.enhanced.dynamodb.model.Page<NoticeItem> page : pages) {
            for (NoticeItem item : page.items()) {
                if (notices.size() == max) {
                    return notices;
                }
                notices.add(item.toDomain());
            }
        }
        return notices;
    }

    @Override
    public void release(String companyId, String run) {
        try {
            table.client.deleteItem(r -> r.tableName(table.name)
                    .key(Keys.item(Keys.company(companyId), Keys.DIGEST_LEASE))
                    .conditionExpression("#run = :run")
                    .expressionAttributeNames(Map.of("#run", "run"))
                    .expressionAttributeValues(Map.of(":run", AttributeValue.fromS(run))));
        } catch (ConditionalCheckFailedException notOurs) {
            // Our lease ran out and another run holds it now: it is that run's to give back.
        }
    }

    @Override
    public void delete(List<JoinNotice> sent) {
        List<WriteRequest> deletes = new ArrayList<>();
        for (JoinNotice notice : sent) {
            deletes.add(WriteRequest.builder()
                    .deleteRequest(DeleteRequest.builder()
                            .key(Keys.item(Keys.company(notice.companyId()), Keys.notice(notice.at(), notice.userId())))
                            .build())
                    .build());
        }
        for (int from = 0; from < deletes.size(); from += BATCH) {
            List<WriteRequest> batch = deletes.subList(from, Math.min(from + BATCH, deletes.size()));
            Map<String, List<WriteRequest>> left = Map.of(table.name, batch);
            for (int attempt = 0; attempt < BATCH_ATTEMPTS && !left.isEmpty(); attempt++) {
                Map<String, List<WriteRequest>> request = left;
                BatchWriteItemResponse response = table.client.batchWriteItem(r -> r.requestItems(request));
                left = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
            }
            // A notice still left is sent again next run, or expires (TTL): a duplicate, never a silent loss.
        }
    }
}
