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
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
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
    void aPlaceholderBoundTwice_isRefused_notSilentlyOverwritten() {
        Transaction.Bindings first = Transaction.Bindings.of(":v", Transaction.number(1));

        assertThatThrownBy(() -> first.with(Transaction.Bindings.of(":v", Transaction.number(2))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(":v");
        assertThat(first.with(Transaction.Bindings.of("#v", "version")).names()).containsEntry("#v", "version");
    }
}
