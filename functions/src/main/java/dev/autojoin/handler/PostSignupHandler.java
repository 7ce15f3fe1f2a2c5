package dev.autojoin.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autojoin.app.Deadline;
import dev.autojoin.app.JoinOnSignup;
import dev.autojoin.app.SignupWebhookVerifier;
import dev.autojoin.config.Timeouts;
import dev.autojoin.config.Wiring;
import dev.autojoin.domain.EmailAddress;
import dev.autojoin.domain.InvalidEmailException;
import dev.autojoin.domain.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * PostSignupFunction: the Cognito Post confirmation trigger, and {@code POST /hooks/signup} for other identity
 * providers. The trigger never fails a sign-up: whatever it misses, GET /me repairs.
 */
public final class PostSignupHandler implements RequestStreamHandler {
    static final String CONFIRM_SIGN_UP = "PostConfirmation_ConfirmSignUp";
    static final Set<String> ROUTES = Set.of("POST /hooks/signup");
    /**
     * Lambda stops the trigger at 4 s and Cognito waits 5 s: a write starts only while its worst case (the SDK's
     * whole-call timeout) still ends inside this budget, so a DynamoDB that reads but hangs on writes cannot stack
     * one timeout per invitation past the limit. What is left undone GET /me makes, or the person's own link.
     */
    static final Duration BUDGET = Duration.ofMillis(3_500);

    private static final Duration MARGIN = Duration.ofMillis(300);

    private final JoinOnSignup joinOnSignup;
    private final Webhook webhook;
    final Priming priming = Priming.register(this, Priming.cognitoSignup());

    public PostSignupHandler() {
        this(Wiring.fromEnvironment(Timeouts.TRIGGER));
    }

    PostSignupHandler(Wiring wiring) {
        this.joinOnSignup = wiring.joinOnSignup();
        this.webhook = new Webhook(joinOnSignup, wiring.signupWebhookVerifier());
    }

    public static Set<String> routes() {
        return ROUTES;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        byte[] raw = input.readAllBytes();
        JsonNode event;
        try {
            event = Json.MAPPER.readTree(raw);
        } catch (IOException e) {
            event = null;
        }
        if (event != null
                && event.has("requestContext")
                && event.path("requestContext").has("http")) {
            webhook.handleRequest(new java.io.ByteArrayInputStream(raw), output, context);
            return;
        }
        String requestId = context == null ? "-" : context.getAwsRequestId();
        Deadline deadline = deadline(context);
        try {
            onConfirmation(event, requestId, deadline);
        } catch (RuntimeException e) {
            // Never block the sign-up: log, count, and let GET /me repair it.
            ObjectNode line = Log.line("ERROR", requestId, "signup.failed");
            line.put("error", e.getClass().getSimpleName());
            if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
                line.put("errorCode", aws.awsErrorDetails().errorCode());
                line.put("httpStatus", aws.statusCode());
            }
            Log.write(line);
            Log.metric(requestId, "SignupFailures");
        }
        // Cognito expects the event back, unchanged.
        output.write(raw);
    }

    /** The budget, or less when Lambda has less time left (a slow INIT, say). */
    static Deadline deadline(Context context) {
        Duration budget = BUDGET;
        if (context != null && context.getRemainingTimeInMillis() > 0) {
            Duration left =
                    Duration.ofMillis(context.getRemainingTimeInMillis()).minus(MARGIN);
            budget = left.compareTo(budget) < 0 ? left : budget;
        }
        return Deadline.after(budget, Timeouts.TRIGGER.total());
    }

    private void onConfirmation(JsonNode event, String requestId, Deadline deadline) {
        if (event == null || !CONFIRM_SIGN_UP.equals(event.path("triggerSource").asText(null))) {
            ObjectNode line = Log.line("INFO", requestId, "signup.ignored");
            line.put(
                    "triggerSource",
                    event == null ? null : event.path("triggerSource").asText(null));
            Log.write(line);
            return;
        }
        JsonNode attributes = event.path("request").path("userAttributes");
        JsonNode sub = attributes.path("sub");
        JsonNode email = attributes.path("email");
        JsonNode verified = attributes.path("email_verified");
        if (!sub.isTextual() || sub.asText().isBlank() || !email.isTextual()) {
            Log.write(Log.line("WARN", requestId, "signup.incomplete_event"));
            return;
        }
        // Cognito sends attribute values as strings; anything but exactly "true" is not verified.
        boolean emailVerified = verified.isTextual() && "true".equals(verified.asText());
        JoinOnSignup.Result result = joinOnSignup.join(sub.asText(), email.asText(), emailVerified, deadline);
        log(requestId, "cognito", sub.asText(), email.asText(), result);
    }

    static void log(String requestId, String source, String sub, String rawEmail, JoinOnSignup.Result result) {
        ObjectNode line =
                Log.line("INFO", requestId, "signup." + result.outcome().name().toLowerCase());
        line.put("source", source);
        line.put("sub", sub);
        line.put("email", masked(rawEmail));
        if (result.companyId() != null) {
            line.put("companyId", result.companyId());
        }
        result.invited().forEach(m -> line.withArrayProperty("invited").add(m.companyId()));
        if (result.invitationsDeferred() > 0) {
            line.put("invitationsDeferred", result.invitationsDeferred());
        }
        Log.write(line);
        if (result.deferred()) {
            Log.metric(requestId, "SignupDeferred");
        }
    }

    static String masked(String rawEmail) {
        try {
            return EmailAddress.parse(rawEmail).masked();
        } catch (InvalidEmailException e) {
            return "(invalid)";
        }
    }

    /** POST /hooks/signup: the same use case, authenticated by an HMAC signature instead of Cognito. */
    static final class Webhook extends HttpFunction {
        Webhook(JoinOnSignup joinOnSignup, SignupWebhookVerifier verifier) {
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
                        .orElseThrow(() -> new InvalidInputException(
                                "missing_field", "emailVerified is required.", "emailVerified"));
                JoinOnSignup.Result result = joinOnSignup.join(sub, email, verified, deadline(null));
                log(request.requestId(), "webhook", sub, email, result);
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
    }
}
