package dev.autojoin.testing;

import dev.autojoin.handler.InvocationContext;
import java.time.Duration;
import java.util.UUID;

/** The Lambda context a test invokes a handler with: the product's own {@link InvocationContext}, a fresh request id. */
public final class TestContext {
    public static final int DEFAULT_REMAINING_MILLIS = 15_000;

    private TestContext() {}

    public static InvocationContext fresh() {
        return withRemaining(DEFAULT_REMAINING_MILLIS);
    }

    /** An invocation with only {@code remainingMillis} left. */
    public static InvocationContext withRemaining(int remainingMillis) {
        return new InvocationContext(
                UUID.randomUUID().toString(), "test", "us-east-1", Duration.ofMillis(remainingMillis), 1024);
    }
}
