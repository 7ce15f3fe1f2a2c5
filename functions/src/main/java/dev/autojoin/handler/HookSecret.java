package dev.autojoin.handler;

import dev.autojoin.domain.UnauthenticatedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A hook's shared secret, read once at INIT and again, at most once a minute, when a signature fails: a rotated
 * secret takes effect without a new version, and a flood of forged deliveries costs one read a minute. Under SnapStart
 * the value in the snapshot is only a cache: the first failure after a rotation reads it afresh.
 */
final class HookSecret {
    static final Duration REREAD_AFTER = Duration.ofMinutes(1);

    private final Supplier<String> source;
    private final Clock clock;
    private volatile String value;
    private volatile Instant readAt;

    HookSecret(Supplier<String> source, Clock clock) {
        this.source = source;
        this.clock = clock;
        this.value = source.get();
        this.readAt = clock.instant();
    }

    /**
     * Runs {@code check} (which throws {@link UnauthenticatedException} on a bad signature) with the secret; on a
     * failure with a value over a minute old, reads the secret again and, if it changed, checks once more.
     */
    void check(Consumer<String> check) {
        String current = value;
        try {
            check.accept(current);
        } catch (UnauthenticatedException rejected) {
            String fresh = reread();
            if (fresh == null || fresh.equals(current)) {
                throw rejected;
            }
            check.accept(fresh);
        }
    }

    /** The secret read again, or null when the last read is under a minute old (or reading fails: keep the old). */
    private synchronized String reread() {
        Instant now = clock.instant();
        if (now.isBefore(readAt.plus(REREAD_AFTER))) {
            return null;
        }
        readAt = now;
        try {
            value = source.get();
        } catch (RuntimeException unreadable) {
            Log.write(Log.line("WARN", "-", "hook.secret_unreadable")
                    .put("error", unreadable.getClass().getSimpleName()));
            return null;
        }
        return value;
    }
}
