package dev.autojoin.testing;

import static dev.autojoin.testing.EmulatorExtension.SENDER;
import static dev.autojoin.testing.EmulatorExtension.TABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.sesv2.SesV2Client;

@ExtendWith(EmulatorExtension.class)
class EmulatorIT {

    private final Emulator emulator;
    private final DynamoDbClient dynamoDb;

    EmulatorIT(Emulator emulator) {
        this.emulator = emulator;
        this.dynamoDb = emulator.dynamoDb();
    }

    @Test
    void table_hasTheKeysGsiAndTtlOfTemplateYaml() {
        TableDescription table = dynamoDb.describeTable(b -> b.tableName(TABLE)).table();

        assertThat(table.keySchema())
                .extracting(k -> k.attributeName() + ":" + k.keyTypeAsString())
                .containsExactly("PK:HASH", "SK:RANGE");
        assertThat(table.billingModeSummary().billingModeAsString()).isEqualTo("PAY_PER_REQUEST");
        assertThat(table.globalSecondaryIndexes())
                .extracting(gsi -> gsi.indexName())
                .containsExactlyInAnyOrder("GSI1", "GSI2");
        table.globalSecondaryIndexes().forEach(gsi -> {
            String name = gsi.indexName();
            assertThat(gsi.keySchema())
                    .extracting(k -> k.attributeName() + ":" + k.keyTypeAsString())
                    .containsExactlyElementsOf(List.of(name + "PK:HASH", name + "SK:RANGE"));
            assertThat(gsi.projection().projectionType()).isEqualTo(ProjectionType.ALL);
            assertThat(gsi.indexStatus()).isEqualTo(IndexStatus.ACTIVE);
        });
        var ttl = dynamoDb.describeTimeToLive(b -> b.tableName(TABLE)).timeToLiveDescription();
        assertThat(ttl.attributeName()).isEqualTo("expiresAt");
        assertThat(ttl.timeToLiveStatus()).isEqualTo(TimeToLiveStatus.ENABLED);
    }

    @Test
    void conditionalCreate_failsTheSecondTime() {
        Map<String, AttributeValue> item = item("DOMAIN#acme.com", "DOMAIN");
        dynamoDb.putItem(b -> b.tableName(TABLE).item(item).conditionExpression("attribute_not_exists(PK)"));

        assertThatThrownBy(() -> dynamoDb.putItem(
                        b -> b.tableName(TABLE).item(item).conditionExpression("attribute_not_exists(PK)")))
                .isInstanceOf(ConditionalCheckFailedException.class);
    }

    @Test
    void transactWriteItems_writesEveryItem() {
        dynamoDb.transactWriteItems(b -> b.transactItems(
                TransactWriteItem.builder()
                        .put(p -> p.tableName(TABLE)
                                .item(item("COMPANY#c1", "MEMBER#u1"))
                                .conditionExpression("attribute_not_exists(PK)"))
                        .build(),
                TransactWriteItem.builder()
                        .put(p -> p.tableName(TABLE).item(item("USER#u1", "COMPANY#c1")))
                        .build()));

        assertThat(dynamoDb.getItem(b -> b.tableName(TABLE).key(key("COMPANY#c1", "MEMBER#u1")))
                        .hasItem())
                .isTrue();
        assertThat(dynamoDb.getItem(b -> b.tableName(TABLE).key(key("USER#u1", "COMPANY#c1")))
                        .hasItem())
                .isTrue();
    }

    @Test
    void requestCounter_countsOneGetItemAsOne() {
        RequestCounter counter = new RequestCounter();
        try (DynamoDbClient counted = emulator.dynamoDb(counter)) {
            counted.getItem(b -> b.tableName(TABLE).key(key("TOKEN#nope", "TOKEN")));
        }

        assertThat(counter.total()).isEqualTo(1);
        assertThat(counter.count("GetItem")).isEqualTo(1);
        assertThat(counter.snapshot()).containsOnlyKeys("DynamoDb.GetItem");
        assertThat(counter.attempts()).isEqualTo(1);
    }

    @Test
    void sendEmail_withTextAndHtml_showsUpInSentEmails() {
        String subject = "You are invited " + UUID.randomUUID(); // unique: a foreign emulator keeps old mail
        emulator.ses().sendEmail(b -> b.fromEmailAddress(SENDER)
                .destination(d -> d.toAddresses("bob@acme.com"))
                .content(c -> c.simple(m -> m.subject(s -> s.data(subject))
                        .body(body -> body.text(t -> t.data("Join acme: https://x.test/a"))
                                .html(h -> h.data("<p>Join <b>acme</b></p>"))))));

        assertThat(emulator.sentEmails())
                .filteredOn(mail -> mail.subject().equals(subject))
                .singleElement()
                .satisfies(mail -> {
                    assertThat(mail.from()).isEqualTo(SENDER);
                    assertThat(mail.to()).containsExactly("bob@acme.com");
                    assertThat(mail.text()).isEqualTo("Join acme: https://x.test/a");
                    assertThat(mail.html()).isEqualTo("<p>Join <b>acme</b></p>");
                    assertThat(mail.sentAt()).isNotNull();
                });
    }

    @Test
    void sendEmail_withRawMime_isDecoded() {
        String carol = "carol+" + UUID.randomUUID() + "@acme.com";
        String mime = String.join(
                "\r\n",
                "From: " + SENDER,
                "To: " + carol,
                "Subject: =?UTF-8?B?V2lsbGtvbW1lbiBiZWkgQWNtZSDinJM=?=",
                "MIME-Version: 1.0",
                "Content-Type: multipart/alternative; boundary=\"b1\"",
                "",
                "--b1",
                "Content-Type: text/plain; charset=UTF-8",
                "Content-Transfer-Encoding: quoted-printable",
                "",
                "Gr=C3=BC=C3=9Fe",
                "--b1",
                "Content-Type: text/html; charset=UTF-8",
                "",
                "<p>hi</p>",
                "--b1--",
                "");
        try (SesV2Client ses = emulator.ses(new RequestCounter())) {
            ses.sendEmail(b -> b.fromEmailAddress(SENDER)
                    .destination(d -> d.toAddresses(carol))
                    .content(c -> c.raw(r -> r.data(SdkBytes.fromString(mime, StandardCharsets.UTF_8)))));
        }

        assertThat(emulator.sentEmails())
                .filteredOn(mail -> mail.to().contains(carol))
                .singleElement()
                .satisfies(mail -> {
                    assertThat(mail.subject()).isEqualTo("Willkommen bei Acme ✓");
                    assertThat(mail.text()).isEqualTo("Grüße");
                    assertThat(mail.html()).isEqualTo("<p>hi</p>");
                });
    }

    @Test
    void resetAll_emptiesTheTable() {
        dynamoDb.putItem(b -> b.tableName(TABLE).item(item("COMPANY#gone", "PROFILE")));

        emulator.resetAll(TABLE);

        assertThat(dynamoDb.scan(b -> b.tableName(TABLE)).items()).isEmpty();
    }

    @Test
    void resetAll_emptiesTheOutbox_ofTheMotoItStarted() {
        assumeTrue(System.getenv("AWS_ENDPOINT_URL") == null, "a foreign emulator keeps its sent mail");
        emulator.ses().sendEmail(b -> b.fromEmailAddress(SENDER)
                .destination(d -> d.toAddresses("dave@acme.com"))
                .content(c -> c.simple(
                        m -> m.subject(s -> s.data("before reset")).body(body -> body.text(t -> t.data("x"))))));

        emulator.resetAll(TABLE);

        assertThat(emulator.sentEmails()).isEmpty();
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of("PK", AttributeValue.fromS(pk), "SK", AttributeValue.fromS(sk));
    }

    private static Map<String, AttributeValue> item(String pk, String sk) {
        return Map.of(
                "PK", AttributeValue.fromS(pk),
                "SK", AttributeValue.fromS(sk),
                "type", AttributeValue.fromS("TEST"),
                "tags", AttributeValue.fromSs(List.of("a")));
    }
}
