package dev.autojoin.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPostConfirmationEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autojoin.app.Deadline;
import dev.autojoin.app.JoinOnSignup;
import dev.autojoin.config.Timeouts;
import dev.autojoin.config.Wiring;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/**
 * PostSignupFunction: the Cognito Post confirmation trigger. It never fails a sign-up: whatever it misses, GET /me
 * repairs. A stream handler only because Cognito wants its event back as it sent it, fields the Java type does not
 * model included: it reads a typed copy and writes the input bytes back.
 */
public final class PostSignupHandler implements RequestStreamHandler {
    static final String CONFIRM_SIGN_UP = "PostConfirmation_ConfirmSignUp";

    private final JoinOnSignup joinOnSignup;
    final Priming priming = Priming.register(this, Priming.cognitoSignup());

    public PostSignupHandler() {
        this(Wiring.fromEnvironment(Timeouts.TRIGGER));
    }

    PostSignupHandler(Wiring wiring) {
        this.joinOnSignup = wiring.joinOnSignup();
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        byte[] raw = input.readAllBytes();
        String requestId = context.getAwsRequestId();
        try {
            onConfirmation(Json.event(raw, CognitoUserPoolPostConfirmationEvent.class), requestId, context);
        } catch (RuntimeException e) {
            // Never block the sign-up: log, count, and let GET /me repair it.
            Signups.failed(requestId, e);
        }
        // Cognito expects the event back, unchanged.
        output.write(raw);
    }

    /** {@code event} is null when the input is no Post confirmation event at all. */
    private void onConfirmation(CognitoUserPoolPostConfirmationEvent event, String requestId, Context context) {
        if (event == null || !CONFIRM_SIGN_UP.equals(event.getTriggerSource())) {
            ObjectNode line = Log.line("INFO", requestId, "signup.ignored");
            line.put("triggerSource", event == null ? null : event.getTriggerSource());
            Log.write(line);
            return;
        }
        Map<String, String> attributes =
                event.getRequest() == null ? null : event.getRequest().getUserAttributes();
        String sub = attributes == null ? null : attributes.get("sub");
        String email = attributes == null ? null : attributes.get("email");
        if (sub == null || sub.isBlank() || email == null) {
            Log.write(Log.line("WARN", requestId, "signup.incomplete_event"));
            return;
        }
        // Cognito sends attribute values as strings; anything but exactly "true" is not verified.
        boolean emailVerified = "true".equals(attributes.get("email_verified"));
        Deadline deadline = Signups.deadline(context);
        JoinOnSignup.Result result = joinOnSignup.join(sub, email, emailVerified, deadline);
        Signups.log(requestId, "cognito", sub, email, result);
    }
}
