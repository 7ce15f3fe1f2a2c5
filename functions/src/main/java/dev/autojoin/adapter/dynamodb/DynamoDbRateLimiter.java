package dev.autojoin.adapter.dynamodb;

import dev.autojoin.app.RateLimiter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Fixed-window counters, one item per key and window ({@code PK=RATE#scope#sha256(key)}, {@code SK=window start}),
 * expiring a day after their window. Keys are hashed: a client's IP address is never stored.
 */
public final class DynamoDbRateLimiter implements RateLimiter {
    private final SingleTable table;
    private final Clock clock;

    public DynamoDbRateLimiter(SingleTable table, Clock clock) {
        this.table = table;
        this.clock = clock;
    }

    @Override
    public boolean tryAcquire(String scope, String key, int limit, Duration window) {
        long now = clock.instant().getEpochSecond();
        long start = now - Math.floorMod(now, window.toSeconds());
        try {
            table.client.updateItem(UpdateItemRequest.builder()
                    .tableName(table.name)
                    .key(Map.of(
                            "PK", AttributeValue.fromS(Keys.rate(scope, sha256(key))),
                            "SK", AttributeValue.fromS(Long.toString(start))))
                    .updateExpression("ADD hits :one SET #type = :type, expiresAt = :expires")
                    .conditionExpression("attribute_not_exists(hits) OR hits < :limit")
                    .expressionAttributeNames(Map.of("#type", "type"))
                    .expressionAttributeValues(Map.of(
                            ":one", AttributeValue.fromN("1"),
                            ":limit", AttributeValue.fromN(Integer.toString(limit)),
                            ":type", AttributeValue.fromS("rate"),
                            ":expires", AttributeValue.fromN(Long.toString(start + window.toSeconds() + 86_400))))
                    .build());
            return true;
        } catch (ConditionalCheckFailedException full) {
            return false;
        }
    }

    private static String sha256(String key) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
