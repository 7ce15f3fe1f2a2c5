package dev.autojoin.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * Something the company's admins may want to hear about, written in the same transaction as the join, the request or
 * the refused invitation, and sent later as one digest per admin. For {@code INVITATION_REFUSED}, {@code email} is the
 * invited address and {@code userId} the person who signed in with it.
 */
public record JoinNotice(String companyId, Kind kind, String userId, EmailAddress email, Instant at) {
    public enum Kind implements WireName {
        JOINED,
        REQUESTED,
        /** An invitation its inviter can no longer grant (removed, or holding less) was refused at accept or sign-up. */
        INVITATION_REFUSED
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
            case REQUESTS_ONLY -> kind != Kind.JOINED; // a request and a refused invitation both wait for an admin
            case NONE -> false;
        };
    }
}
