package dev.autojoin.testing;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts SDK calls per {@code Service.Operation} (e.g. {@code DynamoDb.GetItem}): each API call once, however often it
 * is retried, and, separately, every HTTP attempt. Thread-safe; pass it to {@code Emulator.dynamoDb(counter)}.
 */
public final class RequestCounter implements ExecutionInterceptor {

    private final ConcurrentMap<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        increment(calls, attributes);
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        increment(attempts, attributes);
    }

    /** API calls so far, retries not included. */
    public int total() {
        return sum(calls, "");
    }

    /** Calls of {@code operation}: either {@code "GetItem"} (any service) or {@code "DynamoDb.GetItem"}. */
    public int count(String operation) {
        return sum(calls, operation);
    }

    /** HTTP attempts so far, retries included. */
    public int attempts() {
        return sum(attempts, "");
    }

    public int attempts(String operation) {
        return sum(attempts, operation);
    }

    /** Calls per {@code Service.Operation}, sorted by key. */
    public Map<String, Integer> snapshot() {
        Map<String, Integer> copy = new TreeMap<>();
        calls.forEach((key, count) -> copy.put(key, count.get()));
        return copy;
    }

    public void reset() {
        calls.clear();
        attempts.clear();
    }

    @Override
    public String toString() {
        return "RequestCounter" + snapshot();
    }

    private static void increment(ConcurrentMap<String, AtomicInteger> counts, ExecutionAttributes attributes) {
        String key = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + "."
                + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        counts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    }

    private static int sum(Map<String, AtomicInteger> counts, String operation) {
        return counts.entrySet().stream()
                .filter(e -> operation.isEmpty()
                        || e.getKey().equals(operation)
                        || e.getKey().endsWith("." + operation))
                .mapToInt(e -> e.getValue().get())
                .sum();
    }
}
