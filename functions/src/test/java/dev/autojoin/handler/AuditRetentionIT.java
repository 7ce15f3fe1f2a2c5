package dev.autojoin.handler;

import static dev.autojoin.handler.TestStack.call;
import static dev.autojoin.handler.TestStack.http;
import static org.assertj.core.api.Assertions.assertThat;

import dev.autojoin.handler.TestStack.User;
import dev.autojoin.testing.Emulator;
import dev.autojoin.testing.EmulatorExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/** Audit entries are kept for AUDIT_RETENTION_DAYS: each carries its TTL, and reads never depend on TTL having run. */
@ExtendWith(EmulatorExtension.class)
class AuditRetentionIT {

    @Test
    void everyAuditEntry_carriesItsExpiry_retentionDaysAfterItWasWritten(Emulator emulator) {
        Instant now = Instant.parse("2026-11-27T10:00:00.25Z");
        TestStack stack =
                new TestStack(emulator, Clock.fixed(now, ZoneOffset.UTC), Map.of("AUDIT_RETENTION_DAYS", "30"));
        User olga = User.verified("olga@olga-retention.com");

        String id = call(stack.settings, http("POST /companies", Map.of(), "{\"name\":\"Olga\"}", olga))
                .body()
                .path("id")
                .asText();

        List<Map<String, AttributeValue>> entries = emulator.dynamoDb()
                .query(QueryRequest.builder()
                        .tableName(EmulatorExtension.TABLE)
                        .keyConditionExpression("PK = :pk AND begins_with(SK, :audit)")
                        .expressionAttributeValues(Map.of(
                                ":pk", AttributeValue.fromS("COMPANY#" + id),
                                ":audit", AttributeValue.fromS("AUDIT#")))
                        .build())
                .items();
        assertThat(entries).isNotEmpty();
        assertThat(entries).allSatisfy(entry -> assertThat(
                        Long.parseLong(entry.get("expiresAt").n()))
                .isEqualTo(now.plus(Duration.ofDays(30)).getEpochSecond()));
    }
}
