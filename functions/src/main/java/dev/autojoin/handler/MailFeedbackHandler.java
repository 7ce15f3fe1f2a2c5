package dev.autojoin.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autojoin.app.RecordMailFeedback;
import dev.autojoin.config.Timeouts;
import dev.autojoin.config.Wiring;
import dev.autojoin.domain.EmailAddress;
import dev.autojoin.domain.MailFeedback;
import dev.autojoin.domain.MailTags;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * MailFeedbackFunction: the bounces and complaints SES publishes (configuration set event destination) to the mail
 * feedback SNS topic. SNS invokes Lambda through the Lambda API, authorized by IAM (the subscription's resource
 * policy), so there is no SNS signature to verify here, unlike an HTTP endpoint subscribed to the topic; the topic ARN
 * is still checked. A malformed record is logged, counted ({@code MailFeedbackMalformed}) and dropped, never thrown:
 * a retry would not mend it. A store that fails is thrown, so Lambda retries the delivery (every write is
 * conditional, so a retry repeats nothing) and, past its retries, keeps the event in the dead-letter queue.
 */
public final class MailFeedbackHandler implements RequestHandler<SNSEvent, Map<String, Integer>> {
    private final RecordMailFeedback recordMailFeedback;
    private final String topicArn;
    final Priming priming;

    public MailFeedbackHandler() {
        this(Wiring.fromEnvironment(Timeouts.API));
    }

    MailFeedbackHandler(Wiring wiring) {
        this.recordMailFeedback = wiring.recordMailFeedback();
        this.topicArn = wiring.env().mailFeedbackTopicArn();
        this.priming = Priming.register(this, Priming.transientBounce(topicArn));
    }

    /** How many records came, and what became of them. */
    @Override
    public Map<String, Integer> handleRequest(SNSEvent event, Context context) {
        String requestId = context.getAwsRequestId();
        int records = 0;
        int recorded = 0;
        int ignored = 0;
        int malformed = 0;
        List<SNSEvent.SNSRecord> list = event == null ? null : event.getRecords();
        if (list == null || list.isEmpty()) {
            malformed(requestId, "not an SNS event (no Records)");
            malformed++;
        } else {
            for (SNSEvent.SNSRecord record : list) {
                records++;
                MailFeedbackEvents.Parsed parsed = MailFeedbackEvents.parse(record, topicArn);
                if (parsed instanceof MailFeedbackEvents.Feedback feedback) {
                    record(requestId, feedback);
                    recorded++;
                } else if (parsed instanceof MailFeedbackEvents.Ignored other) {
                    ObjectNode line = Log.line("INFO", requestId, "mail_feedback.ignored");
                    line.put("snsMessageId", other.snsMessageId());
                    line.put("eventType", other.eventType());
                    Log.write(line);
                    ignored++;
                } else {
                    malformed(requestId, ((MailFeedbackEvents.Malformed) parsed).reason());
                    malformed++;
                }
            }
        }
        Map<String, Integer> summary = new LinkedHashMap<>();
        summary.put("records", records);
        summary.put("recorded", recorded);
        summary.put("ignored", ignored);
        summary.put("malformed", malformed);
        return summary;
    }

    private void record(String requestId, MailFeedbackEvents.Feedback parsed) {
        MailFeedback feedback = parsed.feedback();
        RecordMailFeedback.Recorded recorded;
        try {
            recorded = recordMailFeedback.record(feedback);
        } catch (RuntimeException e) {
            ObjectNode line = describe(Log.line("ERROR", requestId, "mail_feedback.failed"), parsed);
            line.put("error", e.getClass().getSimpleName());
            if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
                line.put("errorCode", aws.awsErrorDetails().errorCode());
            }
            Log.write(line);
            // Thrown on purpose: Lambda retries the delivery, then keeps it in the dead-letter queue.
            throw e;
        }
        String event = feedback.suppresses() ? "mail_feedback.recorded" : "mail_feedback.not_suppressed";
        ObjectNode line = describe(Log.line(feedback.suppresses() ? "INFO" : "WARN", requestId, event), parsed);
        line.put("suppressed", recorded.suppressed());
        line.put("invitationsBounced", recorded.invitationsBounced());
        line.put("membershipsFlagged", recorded.membershipsFlagged());
        Log.write(line);
    }

    private static ObjectNode describe(ObjectNode line, MailFeedbackEvents.Feedback parsed) {
        MailFeedback feedback = parsed.feedback();
        line.put("snsMessageId", parsed.snsMessageId());
        line.put("type", feedback.type().wire());
        if (feedback.detail() != null) {
            line.put("detail", feedback.detail());
        }
        line.put("messageId", feedback.messageId());
        ArrayNode recipients = line.putArray("recipients");
        feedback.recipients().stream().map(EmailAddress::masked).forEach(recipients::add);
        if (parsed.unreadable() > 0) {
            line.put("unreadableRecipients", parsed.unreadable());
        }
        MailTags tags = feedback.tags();
        if (tags.kind() != null) {
            line.put("kind", tags.kind());
        }
        if (tags.companyId() != null) {
            line.put("companyId", tags.companyId());
        }
        if (tags.invitationId() != null) {
            line.put("invitationId", tags.invitationId());
        }
        return line;
    }

    private static void malformed(String requestId, String reason) {
        ObjectNode line = Log.line("WARN", requestId, "mail_feedback.malformed");
        line.put("reason", reason);
        Log.write(line);
        Log.metric(requestId, Metric.MAIL_FEEDBACK_MALFORMED);
    }
}
