package dev.autojoin.testing;

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
 * what moto does not: it applies concurrent transactions without isolation.
 */
public final class Rendezvous implements ExecutionInterceptor {
    private volatile CyclicBarrier barrier;
    private final ReentrantLock oneAtATime = new ReentrantLock(true);

    public void expect(int parties) {
        barrier = new CyclicBarrier(parties);
    }

    public void disarm() {
        barrier = null;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        CyclicBarrier armed = barrier;
        if (armed == null
                || !"TransactWriteItems".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
            return;
        }
        try {
            armed.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (BrokenBarrierException | TimeoutException e) {
            throw new IllegalStateException("not every racer reached its transaction", e);
        }
        oneAtATime.lock();
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
