package dev.autojoin.handler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autojoin.app.ReceiveSignup;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code POST /hooks/keycloak}: Keycloak user events sent by the keycloak-events extension's HTTP sender, signed
 * {@code X-Keycloak-Signature: <hex HMAC-SHA256 of the body>} (no timestamp: a replay is caught by the event's id).
 * {@code REGISTER} carries no verified flag and joins nobody; {@code VERIFY_EMAIL} is the user proving their address,
 * and joins them.
 */
final class KeycloakHook implements Hook {
    private final HookSecret secret;

    KeycloakHook(HookSecret secret) {
        this.secret = secret;
    }

    @Override
    public String source() {
        return "keycloak";
    }

    @Override
    public List<ReceiveSignup.Delivery> read(Function<String, Optional<String>> header, byte[] body) {
        String signature =
                header.apply("x-keycloak-signature").orElseThrow(() -> Hook.rejected("no X-Keycloak-Signature"));
        secret.check(value -> {
            if (!Hook.hexMatches(Hook.hmacSha256(value.getBytes(StandardCharsets.UTF_8), body), signature)) {
                throw Hook.rejected("the signature does not match");
            }
        });
        JsonNode event = Hook.json(body);
        String type = Hook.text(event, "type");
        boolean verified;
        if (type.equals("access.VERIFY_EMAIL") || type.equals("VERIFY_EMAIL")) {
            verified = true;
        } else if (type.equals("access.REGISTER") || type.equals("REGISTER")) {
            verified = false;
        } else {
            return List.of();
        }
        // keycloak-events adds its own "uid" beside Keycloak's event "id", and its user id sits in "authDetails".
        String id = Hook.optionalText(event, "uid").orElseGet(() -> Hook.text(event, "id"));
        String sub = Hook.optionalText(event, "userId").orElseGet(() -> Hook.text(event, "authDetails.userId"));
        return List.of(Hook.delivery(source(), id, sub, Hook.text(event, "details.email"), verified));
    }
}
