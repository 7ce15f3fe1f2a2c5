package dev.autojoin.adapter.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autojoin.domain.ConflictException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** How a cancelled transaction is read: which conditions failed, and when trying again is safe. */
class TransactionTest {

    /** Answers each TransactWriteItems with the next cancellation reasons, or success once they run out. */
    private static final class Cancelling implements DynamoDbClient {
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

    private static Transaction twoItems(DynamoDbClient client) {
        SingleTable table = new SingleTable(client, "t", Duration.ofDays(1));
        return new Transaction(table)
                .check(
                        "actor",
                        Transaction.key("COMPANY#c", "MEMBER#a"),
                        "attribute_exists(PK)",
                        Transaction.Bindings.NONE)
                .put(
                        "invitation",
                        Transaction.key("COMPANY#c", "INVITE#i"),
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

        assertThat(twoItems(client).run()).containsExactly("actor");
        assertThat(client.calls).hasSize(1);
    }
}
