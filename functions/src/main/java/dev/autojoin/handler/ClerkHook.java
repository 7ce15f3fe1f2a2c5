package dev.autojoin.handler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autojoin.app.ReceiveSignup;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code POST /hooks/clerk}: Clerk's {@code user.created} and {@code user.updated} through Svix. The email is the
 * user's primary address, verified when its {@code verification.status} is {@code "verified"}; the user id is the
 * {@code user_...} that Clerk's session tokens carry as {@code sub}. Any other event type is accepted and ignored.
 */
final class ClerkHook implements Hook {
    private static final Set<String> TYPES = Set.of("user.created", "user.updated");
    private static final StandardWebhookSignature SIGNATURE = new StandardWebhookSignature("svix-");

    private final HookSecret secret;

    ClerkHook(HookSecret secret) {
        this.secret = secret;
    }

    @Override
    public String source() {
        return "clerk";
    }

    @Override
    public List<ReceiveSignup.Delivery> read(Function<String, Optional<String>> header, byte[] body) {
        String[] id = new String[1];
        secret.check(value -> id[0] = SIGNATURE.verify(value, header, body));
        JsonNode event = Hook.json(body);
        if (!TYPES.contains(Hook.text(event, "type"))) {
            return List.of();
        }
        String sub = Hook.text(event, "data.id");
        Optional<String> primary = Hook.optionalText(event, "data.primary_email_address_id");
        JsonNode addresses = Hook.at(event, "data.email_addresses");
        if (primary.isEmpty() || addresses == null || !addresses.isArray()) {
            return List.of(); // a user without an email address (a phone sign-up): nothing to join by
        }
        for (JsonNode address : addresses) {
            if (primary.get().equals(address.path("id").asText(null))) {
                String email = Hook.text(address, "email_address");
                boolean verified = "verified"
                        .equals(address.path("verification").path("status").asText(null));
                return List.of(Hook.delivery(source(), id[0], sub, email, verified));
            }
        }
        throw Hook.malformed("data.primary_email_address_id names no entry of data.email_addresses");
    }
}
