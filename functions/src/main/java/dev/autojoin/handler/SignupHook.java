package dev.autojoin.handler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autojoin.app.ReceiveSignup;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code POST /hooks/signup}: any identity provider (and Auth0 through {@code integrations/auth0}), signed with
 * Standard Webhooks over our own body {@code {"sub", "email", "emailVerified"}}; {@code webhook-id} is the delivery.
 */
final class SignupHook implements Hook {
    private static final Set<String> FIELDS = Set.of("sub", "email", "emailVerified");
    private static final StandardWebhookSignature SIGNATURE = new StandardWebhookSignature("webhook-");

    private final HookSecret secret;

    SignupHook(HookSecret secret) {
        this.secret = secret;
    }

    @Override
    public String source() {
        return "signup";
    }

    @Override
    public List<ReceiveSignup.Delivery> read(Function<String, Optional<String>> header, byte[] body) {
        String[] id = new String[1];
        secret.check(value -> id[0] = SIGNATURE.verify(value, header, body));
        JsonNode json = Hook.json(body);
        for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw Hook.malformed("unknown field " + name);
            }
        }
        return List.of(Hook.delivery(
                source(), id[0], Hook.text(json, "sub"), Hook.text(json, "email"), Hook.bool(json, "emailVerified")));
    }
}
