package dev.autojoin.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autojoin.app.Deadline;
import dev.autojoin.app.JoinOnSignup;
import dev.autojoin.app.ReceiveSignup;
import dev.autojoin.config.Timeouts;
import dev.autojoin.domain.EmailAddress;
import dev.autojoin.domain.InvalidEmailException;
import java.time.Duration;
import java.util.Locale;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** What the sign-up handlers (Cognito's trigger and the providers' hooks) share: the time budget and the log line. */
final class Signups {
    /**
     * Lambda stops the trigger at 4 s and Cognito waits 5 s: a write starts only while its worst case (the SDK's
     * whole-call timeout) still ends inside this budget, so a DynamoDB that reads but hangs on writes cannot stack
     * one timeout per invitation past the limit. What is left undone GET /me makes, or the person's own link.
     */
    static final Duration BUDGET = Duration.ofMillis(3_500);

    private static final Duration MARGIN = Duration.ofMillis(300);

    private Signups() {}

    /** The budget, or less when Lambda has less time left (a slow INIT, say). */
    static Deadline deadline(Context context) {
        return deadline(context, BUDGET);
    }

    /** As {@link #deadline(Context)}, for a caller that waits less than Cognito (Okta: 3 s). */
    static Deadline deadline(Context context, Duration budget) {
        if (context.getRemainingTimeInMillis() > 0) {
            Duration left =
                    Duration.ofMillis(context.getRemainingTimeInMillis()).minus(MARGIN);
            budget = left.compareTo(budget) < 0 ? left : budget;
        }
        return Deadline.after(budget, Timeouts.TRIGGER.total());
    }

    /** A hook's delivery: its sign-up's line, or {@code signup.duplicate} for a delivery acted on before. */
    static void log(String requestId, ReceiveSignup.Delivery delivery, ReceiveSignup.Received received) {
        if (received.duplicate()) {
            ObjectNode line = Log.line("INFO", requestId, "signup.duplicate");
            line.put("source", delivery.source());
            line.put("deliveryId", delivery.id());
            Log.write(line);
        } else {
            log(requestId, delivery.source(), delivery.sub(), delivery.email(), received.result());
        }
    }

    static void log(String requestId, String source, String sub, String rawEmail, JoinOnSignup.Result result) {
        String outcome = result.outcome().name().toLowerCase(Locale.ROOT);
        ObjectNode line = Log.line("INFO", requestId, "signup." + outcome);
        line.put("outcome", outcome);
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
        Log.metric(requestId, Metric.SIGNUPS, outcome);
        if (result.deferred()) {
            Log.metric(requestId, Metric.SIGNUP_DEFERRED);
        }
    }

    /** A sign-up the hook or trigger could not process (a store down, a conflict past its tries): GET /me repairs it. */
    static void failed(String requestId, RuntimeException e) {
        ObjectNode line = Log.line("ERROR", requestId, "signup.failed");
        line.put("outcome", "failed");
        line.put("error", e.getClass().getSimpleName());
        if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
            line.put("errorCode", aws.awsErrorDetails().errorCode());
            line.put("httpStatus", aws.statusCode());
        }
        Log.write(line);
        Log.metric(requestId, Metric.SIGNUPS, "failed");
        Log.metric(requestId, Metric.SIGNUP_FAILURES);
    }

    private static String masked(String rawEmail) {
        try {
            return EmailAddress.parse(rawEmail).masked();
        } catch (InvalidEmailException e) {
            return "(invalid)";
        }
    }
}
