package dev.autojoin.handler;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autojoin.app.JoinOnSignup;
import dev.autojoin.app.SignupWebhookVerifier;
import dev.autojoin.config.Timeouts;
import dev.autojoin.config.Wiring;
import dev.autojoin.domain.ConflictException;
import dev.autojoin.domain.DependencyUnavailableException;
import dev.autojoin.domain.InvalidInputException;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * SignupWebhookFunction: {@code POST /hooks/signup}, post-signup for identity providers other than Cognito,
 * authenticated by an HMAC signature instead of Cognito.
 */
public final class SignupWebhookHandler extends HttpFunction {
    static final Set<String> ROUTES = Set.of("POST /hooks/signup");

    public SignupWebhookHandler() {
        this(Wiring.fromEnvironment(Timeouts.TRIGGER));
    }

    SignupWebhookHandler(Wiring wiring) {
        JoinOnSignup joinOnSignup = wiring.joinOnSignup();
        SignupWebhookVerifier verifier = wiring.signupWebhookVerifier();
        route("POST /hooks/signup", request -> {
            byte[] body = request.bodyBytes();
            verifier.verify(
                    request.header("x-autojoin-timestamp").orElse(null),
                    request.header("x-autojoin-signature").orElse(null),
                    body);
            JsonBody json = JsonBody.of(request, Set.of("sub", "email", "emailVerified"));
            String sub = json.requiredString("sub");
            if (sub.isBlank() || sub.length() > 128) {
                throw new InvalidInputException("invalid_field", "sub must be 1 to 128 characters.", "sub");
            }
            String email = json.requiredString("email");
            boolean verified = json.optionalBoolean("emailVerified")
                    .orElseThrow(() ->
                            new InvalidInputException("missing_field", "emailVerified is required.", "emailVerified"));
            JoinOnSignup.Result result;
            try {
                result = joinOnSignup.join(sub, email, verified, Signups.deadline(request.context()));
            } catch (ConflictException | SdkException stillFailing) {
                // Counted like the trigger's; 503, so the identity provider delivers it again (writes are idempotent).
                Signups.failed(request.requestId(), stillFailing);
                throw new DependencyUnavailableException(
                        "The sign-up could not be recorded just now; deliver it again.", stillFailing);
            }
            Signups.log(request.requestId(), "webhook", sub, email, result);
            ObjectNode out = Json.object();
            out.put("outcome", result.outcome().name().toLowerCase());
            if (result.companyId() != null) {
                out.put("companyId", result.companyId());
            }
            result.invited().forEach(m -> out.withArrayProperty("invited").add(m.companyId()));
            return ApiResponse.json(200, out);
        });
        requireRoutes(ROUTES);
    }

    public static Set<String> routes() {
        return ROUTES;
    }
}
