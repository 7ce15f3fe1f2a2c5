package dev.autojoin.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * Something the company's admins may want to hear about, written in the same transaction as the join or request and
 * sent later as one digest per admin.
 */
public record JoinNotice(String companyId, Kind kind, String userId, EmailAddress email, Instant at) {
    public enum Kind implements WireName {
        JOINED,
        REQUESTED
    }

    public JoinNotice {
        Objects.requireNonNull(companyId, "companyId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(at, "at");
    }

    /** Whether admins who chose {@code notify} want to hear about this. */
    public boolean wantedBy(Notify notify) {
        return switch (notify) {
            case EVERY_JOIN -> true;
            case REQUESTS_ONLY -> kind == Kind.REQUESTED;
            case NONE -> false;
        };
    }
}
