package dev.autojoin.domain;

import java.time.Duration;

/** Too many requests of one kind; {@code retryAfter} says when to try again. */
public class RateLimitedException extends AutojoinException {
    private final Duration retryAfter;

    public RateLimitedException(String detail, Duration retryAfter) {
        super("rate_limited", detail, null);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
