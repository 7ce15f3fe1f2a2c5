package dev.autojoin.app;

import java.util.List;
import java.util.Optional;

/** One page of a list; {@code nextCursor} is opaque to everyone but the store that made it. */
public record Page<T>(List<T> items, Optional<String> nextCursor) {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    public Page {
        items = List.copyOf(items);
    }

    /** What a caller asked for: at most {@code limit} items after {@code cursor}. */
    public record Request(int limit, Optional<String> cursor) {
        public Request {
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new IllegalArgumentException("limit is 1 to " + MAX_LIMIT);
            }
        }

        public static Request first(int limit) {
            return new Request(limit, Optional.empty());
        }
    }
}
