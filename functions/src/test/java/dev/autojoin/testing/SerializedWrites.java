package dev.autojoin.testing;

import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Lets one write at a time reach the emulator. Registered as an SDK global interceptor by this test-jar
 * ({@code software/amazon/awssdk/global/handlers/execution.interceptors}): every client in a JVM that has the test
 * harness on its classpath carries it, the tests' and the local stack's ({@code ./run}) alike, and nothing deployed
 * does. DynamoDB applies each write and each transaction atomically; moto's
 * server does not (concurrent TransactWriteItems can both pass their conditions, or fail with "dictionary changed size
 * during iteration"). Holding writes in line from the moment one is sent until its answer arrives gives the races
 * under test DynamoDB's semantics: readers still interleave freely, conditions decide, nothing is retried for the
 * emulator's sake. One lock for the whole test JVM, as there is one emulator.
 */
public final class SerializedWrites implements ExecutionInterceptor {
    private static final ReentrantLock LOCK = new ReentrantLock(true);
    private static final ExecutionAttribute<Boolean> HELD = new ExecutionAttribute<>("autojoin.test.writeLockHeld");
    private static final Set<String> WRITES =
            Set.of("TransactWriteItems", "PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem");

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        String operation = context.request().getClass().getSimpleName().replace("Request", "");
        if (WRITES.contains(operation) && !Boolean.TRUE.equals(attributes.getAttribute(HELD))) {
            try {
                // Bounded: a lock left held by a request that died of an Error must fail the tests, not hang them.
                if (!LOCK.tryLock(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("a write to the emulator has been in flight for 60 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting to write to the emulator", e);
            }
            attributes.putAttribute(HELD, true);
        }
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
        if (Boolean.TRUE.equals(attributes.getAttribute(HELD))) {
            attributes.putAttribute(HELD, false);
            LOCK.unlock();
        }
    }
}
