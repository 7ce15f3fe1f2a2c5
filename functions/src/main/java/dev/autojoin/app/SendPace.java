package dev.autojoin.app;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Spaces sends {@code 1 / perSecond} apart, however fast the queue hands them over: one container's share of the
 * mail service's sending rate. Kept by the handler across invocations, like a warm container.
 */
public final class SendPace {
    /** How the pace waits: the thread sleeps in production, tests move a clock. */
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final Duration interval;
    private final Clock clock;
    private final Sleeper sleeper;
    private Instant next = Instant.MIN;

    public SendPace(double perSecond, Clock clock, Sleeper sleeper) {
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("a sending rate is above 0 per second, not " + perSecond);
        }
        this.interval = Duration.ofNanos((long) Math.ceil(1_000_000_000d / perSecond));
        this.clock = clock;
        this.sleeper = sleeper;
    }

    public static SendPace sleeping(double perSecond, Clock clock) {
        return new SendPace(
                perSecond, clock, duration -> Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000));
    }

    public Duration interval() {
        return interval;
    }

    /** Returns when the next send may go. */
    public synchronized void await() {
        Instant now = clock.instant();
        if (now.isBefore(next)) {
            try {
                sleeper.sleep(Duration.between(now, next));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while pacing sends", e);
            }
            now = next;
        }
        next = now.plus(interval);
    }
}
