package dev.autojoin.config;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The local stack's clock: real time plus an offset that {@code POST /_local/clock} moves forward, so expiry and
 * re-verification can be tried by hand. Used only when AUTOJOIN_ADJUSTABLE_CLOCK=true, which no deployment sets.
 */
public final class AdjustableClock extends Clock {
    private static final AtomicLong OFFSET_MILLIS = new AtomicLong();
    static final AdjustableClock INSTANCE = new AdjustableClock();

    private AdjustableClock() {}

    public static void advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("time only moves forward");
        }
        OFFSET_MILLIS.addAndGet(by.toMillis());
    }

    /** The clock itself, for the parts of the local stack that stand in for AWS (the HTTP API's request time). */
    public static Clock clock() {
        return INSTANCE;
    }

    /** What the functions see as now. */
    public static Instant now() {
        return INSTANCE.instant();
    }

    public static Duration offset() {
        return Duration.ofMillis(OFFSET_MILLIS.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.offset(Clock.system(zone), offset());
    }

    @Override
    public Instant instant() {
        return Instant.now().plusMillis(OFFSET_MILLIS.get());
    }
}
