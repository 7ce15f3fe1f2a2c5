package dev.autojoin.domain;

/**
 * Where an invitation stands. {@code EXPIRED} is stored only once an accept found it expired; until then an open
 * invitation past its expiry reads as expired ({@link Invitation#statusAt}). {@code BOUNCED}: mail to the address
 * bounced for good or was marked as spam, so the invitation is closed and the address is no longer mailed.
 */
public enum InvitationStatus implements WireName {
    PENDING,
    SEND_FAILED,
    ACCEPTED,
    REVOKED,
    EXPIRED,
    BOUNCED;

    public static InvitationStatus parse(String raw) {
        return WireName.parse(InvitationStatus.class, raw, "status");
    }

    /** Still waiting for the invitee: its link may be accepted (until it expires) and it may be resent. */
    public boolean open() {
        return this == PENDING || this == SEND_FAILED;
    }
}
