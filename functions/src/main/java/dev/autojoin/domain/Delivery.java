package dev.autojoin.domain;

/**
 * Where an invitation's email stands, beside its {@link InvitationStatus}: {@code QUEUED} from the moment the request
 * stored it until the sender function handed it to the mail service ({@code SENT}); {@code FAILED} when the mail
 * service refused it, or kept failing, with the reason in {@code sendFailure}; {@code BOUNCED} when the address is on
 * the suppression list.
 */
public enum Delivery implements WireName {
    QUEUED,
    SENT,
    FAILED,
    BOUNCED;

    public static Delivery parse(String raw) {
        return WireName.parse(Delivery.class, raw, "delivery");
    }
}
