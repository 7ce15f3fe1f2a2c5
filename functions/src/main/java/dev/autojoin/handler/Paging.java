package dev.autojoin.handler;

import dev.autojoin.app.Page;
import dev.autojoin.domain.InvalidInputException;

/** {@code ?limit=} (default 50, 1 to 200) and the opaque {@code ?cursor=} of every list. */
final class Paging {
    private Paging() {}

    static Page.Request of(ApiRequest request) {
        int limit = Page.DEFAULT_LIMIT;
        String raw = request.query("limit").orElse(null);
        if (raw != null) {
            try {
                limit = Integer.parseInt(raw);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > Page.MAX_LIMIT) {
                throw new InvalidInputException(
                        "invalid_limit", "limit is a whole number from 1 to " + Page.MAX_LIMIT + ".", "limit");
            }
        }
        return new Page.Request(limit, request.query("cursor").filter(c -> !c.isEmpty()));
    }
}
