package dev.autojoin.domain;

/** Too many requests of a kind; {@code retryAfterSeconds} says when the allowance renews. */
public class RateLimitedException extends AutojoinException {
    private final long retryAfterSeconds;

    public RateLimitedException(String detail, long retryAfterSeconds) {
        super("rate_limited", detail, null);
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
