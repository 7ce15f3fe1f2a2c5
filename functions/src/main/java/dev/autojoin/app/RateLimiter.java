package dev.autojoin.app;

import java.time.Duration;

public interface RateLimiter {
    /**
     * Counts one hit for {@code key} in the current fixed window of length {@code window}; false, and nothing
     * counted, when the window already holds {@code limit} hits. One conditional write.
     */
    boolean tryAcquire(String scope, String key, int limit, Duration window);
}
