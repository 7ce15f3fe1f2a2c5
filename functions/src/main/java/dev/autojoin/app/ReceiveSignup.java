package dev.autojoin.app;

/**
 * A sign-up an identity provider delivered to one of its hooks: at most once per delivery id. A hook is an
 * accelerator, never the authority: only an email the provider marks verified joins, and GET /me repairs whatever a
 * hook missed.
 */
public final class ReceiveSignup {
    /** Longer than any provider's delivery id (Svix's are 27 characters, a UUID 36); keeps its key well inside 1 kB. */
    public static final int MAX_ID_LENGTH = 200;

    /**
     * One sign-up as a provider delivered it: {@code source} names the provider ({@code clerk}, {@code okta}...),
     * {@code id} is its delivery id, {@code sub} the user id its tokens carry.
     */
    public record Delivery(String source, String id, String sub, String email, boolean emailVerified) {}

    /** What became of a delivery: {@code duplicate} when an earlier copy was acted on, and {@code result} is null. */
    public record Received(boolean duplicate, JoinOnSignup.Result result) {}

    private final JoinOnSignup joinOnSignup;
    private final HookDeliveries deliveries;

    public ReceiveSignup(JoinOnSignup joinOnSignup, HookDeliveries deliveries) {
        this.joinOnSignup = joinOnSignup;
        this.deliveries = deliveries;
    }

    /**
     * An unverified email costs nothing (no read, no write). Otherwise one read of the delivery id, the sign-up's own
     * work, then the delivery's record: a failure before the record leaves the provider's redelivery to finish it.
     */
    public Received receive(Delivery delivery, Deadline deadline) {
        if (!delivery.emailVerified()) {
            return new Received(false, joinOnSignup.join(delivery.sub(), delivery.email(), false, deadline));
        }
        if (deliveries.seen(delivery.source(), delivery.id())) {
            return new Received(true, null);
        }
        JoinOnSignup.Result result = joinOnSignup.join(delivery.sub(), delivery.email(), true, deadline);
        deliveries.record(delivery.source(), delivery.id());
        return new Received(false, result);
    }
}
