package dev.autojoin.testing;

import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Makes a race happen on purpose: once {@link #expect} is armed, each of the {@code parties} callers is held at its
 * TransactWriteItems until all have made every read before it; then the transactions run one after the other.
 * That is exactly what DynamoDB does with concurrent transactions on the same items (they are serializable), and
 * what moto does not: it applies concurrent transactions without isolation. While armed, every other write waits its
 * turn as well: moto undoes a failed transaction by restoring the whole table, which would drop a write that landed
 * meanwhile (DynamoDB touches nothing outside the transaction's items).
 */
public final class Rendezvous implements ExecutionInterceptor {
    private static final Set<String> WRITES =
            Set.of("TransactWriteItems", "PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem");
    private final String operation;
    private volatile CyclicBarrier barrier;
    private final ReentrantLock oneAtATime = new ReentrantLock(true);

    public Rendezvous() {
        this("TransactWriteItems");
    }

    /** Holds the racers at another DynamoDB operation instead (e.g. the BatchWriteItem a digest run ends with). */
    public Rendezvous(String operation) {
        this.operation = operation;
    }

    public void expect(int parties) {
        barrier = new CyclicBarrier(parties);
    }

    /** No meeting point, only the writes one at a time: for races left to their natural timing. */
    public void serializeWrites() {
        expect(1);
    }

    public void disarm() {
        barrier = null;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        CyclicBarrier armed = barrier;
        String called = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        if (armed == null) {
            return;
        }
        if (!operation.equals(called)) {
            if (WRITES.contains(called)) {
                oneAtATime.lock();
            }
            return;
        }
        meet(armed, "not every racer reached its " + operation);
        oneAtATime.lock();
    }

    /** Waits (10 s at most) until every party of {@code barrier} is there; fails with {@code otherwise}. */
    public static void meet(CyclicBarrier barrier, String otherwise) {
        try {
            barrier.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (BrokenBarrierException | TimeoutException e) {
            throw new IllegalStateException(otherwise, e);
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        release();
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        release();
    }

    private void release() {
        if (oneAtATime.isHeldByCurrentThread()) {
            oneAtATime.unlock();
        }
    }
}
