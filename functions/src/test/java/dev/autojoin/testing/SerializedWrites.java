package dev.autojoin.testing;

import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Lets one write at a time reach the emulator, and no read while one is in flight. DynamoDB applies each write and
 * each transaction atomically; moto's server does not (concurrent TransactWriteItems can both pass their conditions,
 * or fail with "dictionary changed size during iteration", which a read beside a transaction's deep copy of the table
 * also causes). Holding writes in line from the moment one is sent until its answer arrives gives the races under
 * test DynamoDB's semantics: reads still interleave freely with each other, conditions decide, nothing is retried for
 * the emulator's sake. One lock for the whole JVM, as there is one emulator. Registered as an SDK global interceptor
 * by this test-jar ({@code software/amazon/awssdk/global/handlers/execution.interceptors}): every client in a JVM
 * that has the test harness on its classpath carries it, the tests' and the local stack's ({@code ./run}) alike, and
 * nothing deployed does.
 */
public final class SerializedWrites implements ExecutionInterceptor {
    private static final ReentrantReadWriteLock LOCK = new ReentrantReadWriteLock(true);
    private static final ExecutionAttribute<Lock> HELD = new ExecutionAttribute<>("autojoin.test.emulatorLockHeld");
    /** What {@link #HELD} says once the lock is given back (an attribute is never unset). */
    private static final Lock RELEASED = new ReentrantLock();

    private static final Set<String> WRITES =
            Set.of("TransactWriteItems", "PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem");

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        Class<?> request = context.request().getClass();
        if (!request.getPackageName().startsWith("software.amazon.awssdk.services.dynamodb")
                || held(attributes) != null) {
            return;
        }
        String operation = request.getSimpleName().replace("Request", "");
        Lock lock = WRITES.contains(operation) ? LOCK.writeLock() : LOCK.readLock();
        try {
            // Bounded: a lock left held by a request that died of an Error must fail the tests, not hang them.
            if (!lock.tryLock(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("a write to the emulator has been in flight for 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting to write to the emulator", e);
        }
        attributes.putAttribute(HELD, lock);
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        release(attributes);
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        release(attributes);
    }

    private static void release(ExecutionAttributes attributes) {
        Lock held = held(attributes);
        if (held != null) {
            attributes.putAttribute(HELD, RELEASED);
            held.unlock();
        }
    }

    private static Lock held(ExecutionAttributes attributes) {
        Lock held = attributes.getAttribute(HELD);
        return held == RELEASED ? null : held;
    }
}
