package dev.autojoin.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Makes a race happen on purpose: once {@link #expect} is armed, each of the {@code parties} callers is held at its
 * TransactWriteItems until all have made every read before it, the worst interleaving. The writes then reach the
 * emulator one at a time through {@link SerializedWrites}, which every test client carries: that is what DynamoDB
 * does with concurrent transactions on the same items (they are serializable), and what moto does not.
 */
public final class Rendezvous implements ExecutionInterceptor {
    private final String operation;
    private volatile CyclicBarrier barrier;

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

    public void disarm() {
        barrier = null;
    }

    /** Runs {@code racers} on {@code threads}, held together at the operation; their answers in the same order. */
    @SafeVarargs
    public final <T> List<T> race(ExecutorService threads, Callable<T>... racers) throws Exception {
        expect(racers.length);
        try {
            List<Future<T>> running = new ArrayList<>();
            for (Callable<T> racer : racers) {
                running.add(threads.submit(racer));
            }
            List<T> answers = new ArrayList<>();
            for (Future<T> answer : running) {
                answers.add(answer.get());
            }
            return answers;
        } finally {
            disarm();
        }
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        CyclicBarrier armed = barrier;
        if (armed != null && operation.equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
            meet(armed, "not every racer reached its " + operation);
        }
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
}
