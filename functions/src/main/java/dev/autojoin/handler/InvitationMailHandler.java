package dev.autojoin.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autojoin.app.MailInvitation;
import dev.autojoin.config.Timeouts;
import dev.autojoin.config.Wiring;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * InvitationMailFunction: drains the invitation mail queue (SQS event source), one email per message, paced at the
 * sending rate: {@code SES_MAX_SEND_RATE}, never above the account's SES MaxSendRate read here at INIT. Answers the
 * messages to try again (throttled, SES or DynamoDB unavailable) as a partial batch failure; the queue hands them
 * back after its visibility timeout, and after its maxReceiveCount puts them in the dead-letter queue.
 */
public final class InvitationMailHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private final MailInvitation mail;
    private final int maxReceives;
    private final double rate;

    public InvitationMailHandler() {
        this(Wiring.fromEnvironment(Timeouts.API));
    }

    InvitationMailHandler(Wiring wiring) {
        double configured = wiring.env().sesMaxSendRate();
        OptionalDouble account = wiring.sesAccountMaxSendRate();
        this.rate = account.isPresent() ? Math.min(configured, account.getAsDouble()) : configured;
        ObjectNode line = Log.line("INFO", "init", account.isPresent() ? "mail.rate" : "mail.rate_fallback");
        line.put("configured", configured);
        if (account.isPresent()) {
            line.put("accountMaxSendRate", account.getAsDouble());
        } else {
            line.put("reason", "SES GetAccount did not answer: sending at SES_MAX_SEND_RATE");
        }
        line.put("rate", rate);
        Log.write(line);
        this.mail = wiring.mailInvitation(rate);
        this.maxReceives = wiring.env().invitationMailMaxReceives();
    }

    /** Emails per second, all containers together: what this container paces its share of. */
    double rate() {
        return rate;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        boolean backingOff = false;
        for (SQSEvent.SQSMessage message : event.getRecords()) {
            if (backingOff && receiveCount(message) < maxReceives) {
                // SES (or the table) just throttled or failed: the rest of the batch comes back with the queue's
                // backoff instead of meeting the same answer now. A message at its last receive is still tried, so
                // that its failure is recorded before it goes to the dead-letter queue.
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
                continue;
            }
            MailInvitation.Outcome outcome;
            try {
                outcome = mail(message);
            } catch (RuntimeException unavailable) {
                // DynamoDB or the clock of a store call: the message comes back.
                ObjectNode line = Log.line("WARN", context.getAwsRequestId(), "mail.unavailable");
                line.put("messageId", message.getMessageId());
                line.put("error", unavailable.getClass().getSimpleName());
                Log.write(line);
                outcome = MailInvitation.Outcome.RETRY;
            }
            if (outcome == MailInvitation.Outcome.RETRY || outcome == MailInvitation.Outcome.FAILED) {
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
                backingOff = true;
            }
            ObjectNode line = Log.line(level(outcome), context.getAwsRequestId(), "mail.invitation");
            line.put("messageId", message.getMessageId());
            line.put("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT));
            line.put("receiveCount", receiveCount(message));
            Log.write(line);
            if (outcome == MailInvitation.Outcome.SENT) {
                Log.metric(context.getAwsRequestId(), Metric.INVITATIONS_SENT);
            } else if (outcome == MailInvitation.Outcome.REFUSED || outcome == MailInvitation.Outcome.FAILED) {
                Log.metric(context.getAwsRequestId(), Metric.INVITATIONS_FAILED);
            }
        }
        return new SQSBatchResponse(failures);
    }

    private MailInvitation.Outcome mail(SQSEvent.SQSMessage message) {
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(message.getBody());
        } catch (java.io.IOException | RuntimeException unreadable) {
            body = null;
        }
        if (body == null
                || !body.path("companyId").isTextual()
                || !body.path("inviteId").isTextual()) {
            return MailInvitation.Outcome.SKIPPED; // not ours to retry: nothing else reads this queue's messages
        }
        return mail.mail(
                body.path("companyId").asText(), body.path("inviteId").asText(), receiveCount(message) >= maxReceives);
    }

    private static int receiveCount(SQSEvent.SQSMessage message) {
        String count =
                message.getAttributes() == null ? null : message.getAttributes().get("ApproximateReceiveCount");
        try {
            return count == null ? 1 : Integer.parseInt(count);
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static String level(MailInvitation.Outcome outcome) {
        switch (outcome) {
            case SENT:
            case SKIPPED:
                return "INFO";
            case RETRY:
                return "WARN";
            default:
                return "ERROR";
        }
    }
}
