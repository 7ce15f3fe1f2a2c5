package dev.autojoin.adapter.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autojoin.domain.Actor;
import dev.autojoin.domain.ConflictException;
import dev.autojoin.domain.Membership;
import dev.autojoin.domain.Provenance;
import dev.autojoin.domain.ProvenanceType;
import dev.autojoin.domain.Role;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionConflictException;

/** How a cancelled transaction is read: which conditions failed, and when trying again is safe. */
class TransactionTest {

    /** Answers each TransactWriteItems with the next cancellation reasons, or success once they run out. */
    private static class Cancelling implements DynamoDbClient {
        final List<List<String>> answers;
        final List<TransactWriteItemsRequest> calls = new ArrayList<>();

        Cancelling(List<List<String>> answers) {
            this.answers = new ArrayList<>(answers);
        }

        @Override
        public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request) {
            calls.add(request);
            if (answers.isEmpty()) {
                return TransactWriteItemsResponse.builder().build();
            }
            throw TransactionCanceledException.builder()
                    .cancellationReasons(answers.remove(0).stream()
                            .map(code -> CancellationReason.builder().code(code).build())
                            .toList())
                    .build();
        }

        @Override
        public String serviceName() {
            return "dynamodb";
        }

        @Override
        public void close() {}
    }

    /** Records each PutItem and answers it with the next failure, or success (also once they run out). */
    private static DynamoDbClient putsAnswering(List<PutItemRequest> puts, List<Optional<RuntimeException>> failures) {
        return new Cancelling(List.of()) {
            @Override
            public PutItemResponse putItem(PutItemRequest request) {
                puts.add(request);
                if (puts.size() <= failures.size()
                        && failures.get(puts.size() - 1).isPresent()) {
                    throw failures.get(puts.size() - 1).get();
                }
                return PutItemResponse.builder().build();
            }
        };
    }

    private static Transaction twoItems(DynamoDbClient client) {
        SingleTable table = new SingleTable(client, "t", Duration.ofDays(1));
        return new Transaction(table)
                .check("member", Keys.item("COMPANY#c", "MEMBER#a"), "attribute_exists(PK)", Transaction.Bindings.NONE)
                .put(
                        "invitation",
                        Keys.item("COMPANY#c", "INVITE#i"),
                        "attribute_not_exists(PK)",
                        Transaction.Bindings.NONE);
    }

    @Test
    void aConflictWithAnotherTransactionInFlight_isTriedAgain_untilItIsWritten() {
        Cancelling client =
                new Cancelling(List.of(List.of("TransactionConflict", "None"), List.of("None", "TransactionConflict")));

        assertThat(twoItems(client).run()).isEmpty();
        assertThat(client.calls).hasSize(3);
    }

    @Test
    void aConflictThatOutlastsTheTries_isAConflictForTheCaller() {
        List<List<String>> always = new ArrayList<>();
        for (int i = 0; i < Transaction.CONFLICT_ATTEMPTS; i++) {
            always.add(List.of("TransactionConflict", "None"));
        }
        Cancelling client = new Cancelling(always);

        assertThatThrownBy(() -> twoItems(client).run())
                .isInstanceOfSatisfying(
                        ConflictException.class, e -> assertThat(e.code()).isEqualTo("concurrent_change"));
        assertThat(client.calls).hasSize(Transaction.CONFLICT_ATTEMPTS);
    }

    @Test
    void aFailedCondition_isNeverTriedAgain_andNamesItsItem() {
        Cancelling client = new Cancelling(List.of(List.of("ConditionalCheckFailed", "None")));

        assertThat(twoItems(client).run()).containsExactly("member");
        assertThat(client.calls).hasSize(1);
    }

    @Test
    void theActingAdminChangedMeanwhile_isAConcurrentChange_neverALabelToMapElsewhere() {
        Cancelling client = new Cancelling(List.of(List.of("None", "None", "ConditionalCheckFailed")));
        Membership admin = new Membership(
                "c",
                "Acme",
                "a",
                null,
                Role.ADMIN,
                Set.of(),
                new Provenance(ProvenanceType.CREATED, null, Actor.user("a"), Instant.EPOCH),
                3);

        Transaction tx = twoItems(client).actor(admin);

        assertThatThrownBy(tx::run).isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.code())
                .isEqualTo("concurrent_change"));
        assertThat(client.calls).hasSize(1);
    }

    @Test
    void oneItem_isOneConditionalWrite_notATransaction() {
        List<PutItemRequest> puts = new ArrayList<>();
        DynamoDbClient client = putsAnswering(
                puts,
                List.of(
                        Optional.empty(),
                        Optional.of(ConditionalCheckFailedException.builder().build())));
        SingleTable table = new SingleTable(client, "t", Duration.ofDays(1));

        assertThat(new Transaction(table)
                        .putNew("company", Keys.item("COMPANY#c", "PROFILE"))
                        .run())
                .isEmpty();
        assertThat(new Transaction(table)
                        .putNew("company", Keys.item("COMPANY#c", "PROFILE"))
                        .run())
                .containsExactly("company");
        assertThat(puts).hasSize(2);
        assertThat(puts.get(0).conditionExpression()).isEqualTo("attribute_not_exists(PK)");
        assertThat(puts.get(0).expressionAttributeValues()).isEmpty();
    }

    @Test
    void oneItemInAnotherTransactionInFlight_isTriedAgain() {
        List<PutItemRequest> puts = new ArrayList<>();
        DynamoDbClient client = putsAnswering(
                puts, List.of(Optional.of(TransactionConflictException.builder().build())));
        SingleTable table = new SingleTable(client, "t", Duration.ofDays(1));

        assertThat(new Transaction(table)
                        .putNew("company", Keys.item("COMPANY#c", "PROFILE"))
                        .run())
                .isEmpty();
        assertThat(puts).hasSize(2);
    }

    @Test
    void everyUpdate_stampsItsWriteId_intoItsSetClause_orASetClauseOfItsOwn() {
        assertThat(Transaction.stamp("SET a = :a REMOVE b")).isEqualTo("SET #writeId = :writeId, a = :a REMOVE b");
        assertThat(Transaction.stamp("ADD #count :n SET #type = :type"))
                .isEqualTo("ADD #count :n SET #writeId = :writeId, #type = :type");
        assertThat(Transaction.stamp("ADD ownerCount :one")).isEqualTo("SET #writeId = :writeId ADD ownerCount :one");
        assertThat(Transaction.stamp("REMOVE RESET_AT")).isEqualTo("SET #writeId = :writeId REMOVE RESET_AT");
    }

    /** A put whose first answer was lost: the retry (numAttempts 2) fails its condition; {@code stored} is read. */
    private static Set<String> lostAnswer(boolean storedIsOurs, int attempts, List<GetItemRequest> reads) {
        List<PutItemRequest> puts = new ArrayList<>();
        DynamoDbClient client = new Cancelling(List.of()) {
            @Override
            public PutItemResponse putItem(PutItemRequest request) {
                puts.add(request);
                throw ConditionalCheckFailedException.builder()
                        .numAttempts(attempts)
                        .build();
            }

            @Override
            public GetItemResponse getItem(GetItemRequest request) {
                reads.add(request);
                AttributeValue id = storedIsOurs
                        ? puts.get(0).item().get(Transaction.WRITE_ID)
                        : AttributeValue.fromS("someone else's write");
                return GetItemResponse.builder()
                        .item(Map.of(Transaction.WRITE_ID, id))
                        .build();
            }
        };
        SingleTable table = new SingleTable(client, "t", Duration.ofDays(1));
        return new Transaction(table)
                .putNew("company", Keys.item("COMPANY#c", "PROFILE"))
                .run();
    }

    @Test
    void aRetryThatMeetsItsOwnCommittedWrite_isASuccess() {
        List<GetItemRequest> reads = new ArrayList<>();

        assertThat(lostAnswer(true, 2, reads)).isEmpty();
        assertThat(reads).hasSize(1);
        assertThat(reads.get(0).key()).isEqualTo(Keys.item("COMPANY#c", "PROFILE"));
        assertThat(reads.get(0).consistentRead()).isTrue();
    }

    @Test
    void aRetryThatMeetsSomeoneElsesWrite_isAFailedCondition() {
        assertThat(lostAnswer(false, 2, new ArrayList<>())).containsExactly("company");
    }

    @Test
    void aFailedConditionAtTheFirstAttempt_costsNoRead() {
        List<GetItemRequest> reads = new ArrayList<>();

        assertThat(lostAnswer(true, 1, reads)).containsExactly("company");
        assertThat(reads).isEmpty();
    }

    @Test
    void aRetriedTransaction_isRecognisedByItsNewItem_theAuditEntryOrTheFirstPut() {
        List<GetItemRequest> reads = new ArrayList<>();
        List<TransactWriteItemsRequest> sent = new ArrayList<>();
        DynamoDbClient client = new Cancelling(List.of()) {
            @Override
            public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request) {
                sent.add(request);
                throw TransactionCanceledException.builder()
                        .cancellationReasons(
                                CancellationReason.builder().code("None").build(),
                                CancellationReason.builder()
                                        .code("ConditionalCheckFailed")
                                        .build())
                        .numAttempts(2)
                        .build();
            }

            @Override
            public GetItemResponse getItem(GetItemRequest request) {
                reads.add(request);
                return GetItemResponse.builder()
                        .item(Map.of(
                                Transaction.WRITE_ID,
                                sent.get(0).transactItems().get(1).put().item().get(Transaction.WRITE_ID)))
                        .build();
            }
        };
        SingleTable table = new SingleTable(client, "t", Duration.ofDays(1));
        Transaction tx = new Transaction(table)
                .update(
                        "company",
                        Keys.item("COMPANY#c", "PROFILE"),
                        "SET #n = :n",
                        "attribute_exists(PK)",
                        Transaction.Bindings.of("#n", "name", ":n", AttributeValue.fromS("Acme")))
                .putNew("invitation", Keys.item("COMPANY#c", "INVITE#i"));

        assertThat(tx.run()).isEmpty();
        assertThat(reads).hasSize(1);
        assertThat(reads.get(0).key())
                .as("the new item, not the updated one")
                .isEqualTo(Keys.item("COMPANY#c", "INVITE#i"));
        assertThat(sent.get(0).transactItems().get(0).update().updateExpression())
                .isEqualTo("SET #writeId = :writeId, #n = :n");
        assertThat(sent.get(0)
                        .transactItems()
                        .get(0)
                        .update()
                        .expressionAttributeValues()
                        .get(":writeId"))
                .isEqualTo(sent.get(0).transactItems().get(1).put().item().get(Transaction.WRITE_ID));
    }

    @Test
    void aPlaceholderBoundTwice_isRefused_notSilentlyOverwritten() {
        Transaction.Bindings first = Transaction.Bindings.of(":v", Transaction.number(1));

        assertThatThrownBy(() -> first.with(Transaction.Bindings.of(":v", Transaction.number(2))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(":v");
        assertThat(first.with(Transaction.Bindings.of("#v", "version")).names()).containsEntry("#v", "version");
    }
}
