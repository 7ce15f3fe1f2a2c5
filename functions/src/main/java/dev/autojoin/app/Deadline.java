package dev.autojoin.app;

import java.time.Duration;

/**
 * The time a caller with a hard limit (the sign-up trigger, inside Cognito's 5 s) may still spend: a further call to
 * DynamoDB starts only when its worst case still fits. Measured on the monotonic clock, not the product's clock, which
 * tests and the local stack move by days.
 */
public final class Deadline {
    /** No limit: API routes answer within their own timeouts. */
    public static final Deadline NONE = new Deadline(0, Duration.ZERO, false);

    private final long endNanos;
    private final long worstCallNanos;
    private final boolean bounded;

    private Deadline(long endNanos, Duration worstCall, boolean bounded) {
        this.endNanos = endNanos;
        this.worstCallNanos = worstCall.toNanos();
        this.bounded = bounded;
    }

    /** {@code budget} from now, for calls that each take at most {@code worstCall} (timeouts and retries included). */
    public static Deadline after(Duration budget, Duration worstCall) {
        return new Deadline(System.nanoTime() + budget.toNanos(), worstCall, true);
    }

    /** Whether one more call, at its worst, still ends before the deadline. */
    public boolean allowsAnotherCall() {
        return !bounded || endNanos - System.nanoTime() - worstCallNanos >= 0;
    }
}
