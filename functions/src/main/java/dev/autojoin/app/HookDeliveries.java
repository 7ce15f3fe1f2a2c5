package dev.autojoin.app;

/**
 * The identity providers' deliveries already acted on, by the provider's own delivery id (Svix's {@code svix-id},
 * {@code webhook-id}, an Okta event's {@code uuid}...): a redelivery is answered without acting again.
 */
public interface HookDeliveries {
    /** Whether {@code source}'s delivery {@code id} was recorded (a strongly consistent read). */
    boolean seen(String source, String id);

    /** Records it; recording one twice (two copies in flight at once) is harmless. */
    void record(String source, String id);
}
