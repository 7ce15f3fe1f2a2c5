package dev.autojoin.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Answers a TransactWriteItems the way DynamoDB does when another transaction holds one of its items, which moto never
 * does: {@code TransactionCanceledException} with {@code TransactionConflict} for the first item and {@code None} for
 * the others, before the request leaves (so, as on DynamoDB, nothing of it is written). Armed per test step: on the
 * first transaction only, or on every one. Put it on the DynamoDB client before {@link SerializedWrites}.
 */
public final class ConflictInjector implements ExecutionInterceptor {
    public enum Mode {
        OFF,
        FIRST_TRY,
        EVERY_TRY
    }

    private volatile Mode mode = Mode.OFF;
    private final AtomicInteger injected = new AtomicInteger();

    /** From now on, until {@link #disarm()}: conflicts as {@code mode} says; the count starts again at 0. */
    public void arm(Mode mode) {
        injected.set(0);
        this.mode = mode;
    }

    public void disarm() {
        mode = Mode.OFF;
    }

    /** Transactions answered with a conflict since {@link #arm}. */
    public int injected() {
        return injected.get();
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (!(context.request() instanceof TransactWriteItemsRequest transaction)) {
            return;
        }
        Mode now = mode;
        if (now == Mode.OFF || (now == Mode.FIRST_TRY && injected.get() > 0)) {
            return;
        }
        injected.incrementAndGet();
        List<CancellationReason> reasons = new ArrayList<>();
        for (int i = 0; i < transaction.transactItems().size(); i++) {
            reasons.add(
                    i == 0
                            ? CancellationReason.builder()
                                    .code("TransactionConflict")
                                    .message("Transaction is ongoing for the item")
                                    .build()
                            : CancellationReason.builder().code("None").build());
        }
        throw TransactionCanceledException.builder()
                .message("Transaction cancelled, please refer cancellation reasons for specific reasons"
                        + " [TransactionConflict]")
                .cancellationReasons(reasons)
                .statusCode(400)
                .build();
    }
}
