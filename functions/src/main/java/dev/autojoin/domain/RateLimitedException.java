package dev.autojoin.domain;

import java.time.Duration;

/** Too many requests of one kind; {@code retryAfter} says when the allowance renews. */
public class RateLimitedException extends AutojoinException {
    private final Duration retryAfter;

    public RateLimitedException(String detail, Duration retryAfter) {
        super("rate_limited", detail, null);
        this.retryAfter = retryAfter.isNegative() || retryAfter.isZero() ? Duration.ofSeconds(1) : retryAfter;
    }

    public RateLimitedException(String detail, long retryAfterSeconds) {
        this(detail, Duration.ofSeconds(Math.max(1, retryAfterSeconds)));
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    public long retryAfterSeconds() {
        return Math.max(1, retryAfter.toSeconds());
    }
}
