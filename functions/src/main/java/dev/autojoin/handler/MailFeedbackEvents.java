package dev.autojoin.handler;

import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.autojoin.domain.EmailAddress;
import dev.autojoin.domain.InvalidEmailException;
import dev.autojoin.domain.MailFeedback;
import dev.autojoin.domain.MailTags;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads one record of the event Lambda gets from the mail feedback topic: the SNS envelope (an {@link SNSEvent}
 * record), then, in its {@code Message}, the record SES event publishing sends through a configuration set ({@code eventType}
 * Bounce or Complaint, {@code mail}, {@code bounce} / {@code complaint}; AWS's "Contents of event data that Amazon
 * SES publishes to Amazon SNS"). Strict: anything else is refused with a reason, never guessed at. Reasons never
 * echo what the event held (it may hold addresses).
 */
final class MailFeedbackEvents {
    /** SES sends to at most 50 recipients per message; we send to one. */
    static final int MAX_RECIPIENTS = 50;

    /** The other event types a configuration set can publish: well-formed, but not ours to act on. */
    private static final Set<String> OTHER_SES_EVENTS =
            Set.of("Send", "Reject", "Delivery", "Open", "Click", "Rendering Failure", "DeliveryDelay", "Subscription");

    /** A bounce sub-type or complaint feedback type as SES names them ({@code General}, {@code abuse}...). */
    private static final Pattern DETAIL = Pattern.compile("[A-Za-z0-9 _-]{1,64}");

    sealed interface Parsed permits Feedback, Ignored, Malformed {}

    /** {@code unreadable}: recipients whose address our strict parser refused (they are left out). */
    record Feedback(String snsMessageId, MailFeedback feedback, int unreadable) implements Parsed {}

    /** A well-formed SES event of a type the destination should not even send (Delivery, Open...). */
    record Ignored(String snsMessageId, String eventType) implements Parsed {}

    record Malformed(String reason) implements Parsed {}

    private MailFeedbackEvents() {}

    static Parsed parse(SNSEvent.SNSRecord record, String topicArn) {
        if (record == null) {
            return new Malformed("record is not an object");
        }
        if (!"aws:sns".equals(record.getEventSource())) {
            return new Malformed("EventSource is not aws:sns");
        }
        SNSEvent.SNS sns = record.getSNS();
        if (sns == null) {
            return new Malformed("no Sns object");
        }
        if (!"Notification".equals(sns.getType())) {
            return new Malformed("Sns.Type is not Notification");
        }
        if (!topicArn.equals(sns.getTopicArn())) {
            return new Malformed("Sns.TopicArn is not the mail feedback topic");
        }
        String snsMessageId = blankless(sns.getMessageId());
        if (snsMessageId == null) {
            return new Malformed("no Sns.MessageId");
        }
        String message = blankless(sns.getMessage());
        if (message == null) {
            return new Malformed("no Sns.Message");
        }
        JsonNode event;
        try {
            event = Json.MAPPER.readTree(message);
        } catch (IOException e) {
            return new Malformed("Sns.Message is not JSON");
        }
        if (event == null || !event.isObject()) {
            return new Malformed("Sns.Message is not a JSON object");
        }
        String eventType = text(event, "eventType");
        if (eventType == null) {
            return new Malformed(
                    event.has("notificationType")
                            ? "an identity notification (notificationType), not a configuration set event"
                            : "no eventType");
        }
        if (OTHER_SES_EVENTS.contains(eventType)) {
            return new Ignored(snsMessageId, eventType);
        }
        JsonNode mail = event.path("mail");
        String messageId = mail.isObject() ? text(mail, "messageId") : null;
        if (messageId == null) {
            return new Malformed("no mail.messageId");
        }
        MailTags tags = tags(mail.path("tags"));
        if (tags == null) {
            return new Malformed("mail.tags is not an object of string lists");
        }
        switch (eventType) {
            case "Bounce":
                return feedback(snsMessageId, event.path("bounce"), "bouncedRecipients", messageId, tags);
            case "Complaint":
                return feedback(snsMessageId, event.path("complaint"), "complainedRecipients", messageId, tags);
            default:
                return new Malformed("unknown eventType");
        }
    }

    private static Parsed feedback(
            String snsMessageId, JsonNode details, String recipientsField, String messageId, MailTags tags) {
        boolean bounce = recipientsField.equals("bouncedRecipients");
        String object = bounce ? "bounce" : "complaint";
        if (!details.isObject()) {
            return new Malformed("no " + object + " object");
        }
        MailFeedback.Type type;
        String detail;
        if (bounce) {
            type = bounceType(details.path("bounceType").asText(""));
            if (type == null) {
                return new Malformed("bounce.bounceType is not Permanent, Transient or Undetermined");
            }
            detail = detail(details.path("bounceSubType"));
        } else {
            type = MailFeedback.Type.COMPLAINT;
            detail = detail(details.path("complaintFeedbackType"));
        }
        Instant at;
        try {
            at = Instant.parse(details.path("timestamp").asText(""));
        } catch (DateTimeParseException e) {
            return new Malformed(object + ".timestamp is not an ISO-8601 time");
        }
        JsonNode listed = details.path(recipientsField);
        if (!listed.isArray() || listed.isEmpty() || listed.size() > MAX_RECIPIENTS) {
            return new Malformed(object + "." + recipientsField + " is not a list of 1 to " + MAX_RECIPIENTS);
        }
        List<EmailAddress> recipients = new ArrayList<>();
        int unreadable = 0;
        for (JsonNode recipient : listed) {
            String address = recipient.isObject() ? text(recipient, "emailAddress") : null;
            if (address == null) {
                return new Malformed(object + "." + recipientsField + " holds an entry without emailAddress");
            }
            try {
                recipients.add(EmailAddress.parse(address));
            } catch (InvalidEmailException e) {
                unreadable++;
            }
        }
        if (recipients.isEmpty()) {
            return new Malformed("no recipient address is one we could have sent to");
        }
        String feedbackId = text(details, "feedbackId");
        return new Feedback(
                snsMessageId, new MailFeedback(type, detail, recipients, messageId, feedbackId, at, tags), unreadable);
    }

    private static MailFeedback.Type bounceType(String raw) {
        switch (raw) {
            case "Permanent":
                return MailFeedback.Type.PERMANENT_BOUNCE;
            case "Transient":
                return MailFeedback.Type.TRANSIENT_BOUNCE;
            case "Undetermined":
                return MailFeedback.Type.UNDETERMINED_BOUNCE;
            default:
                return null;
        }
    }

    /** {@code mail.tags}: every tag name maps to a list of strings (SES adds its own {@code ses:} tags). */
    private static MailTags tags(JsonNode tags) {
        if (tags.isMissingNode() || tags.isNull()) {
            return MailTags.NONE;
        }
        if (!tags.isObject()) {
            return null;
        }
        Map<String, String> first = new HashMap<>();
        for (Map.Entry<String, JsonNode> tag : tags.properties()) {
            JsonNode values = tag.getValue();
            if (!values.isArray()) {
                return null;
            }
            for (JsonNode value : values) {
                if (!value.isTextual()) {
                    return null;
                }
            }
            if (!values.isEmpty()) {
                first.put(tag.getKey(), values.get(0).asText());
            }
        }
        return MailTags.from(first);
    }

    private static String detail(JsonNode value) {
        return value.isTextual() && DETAIL.matcher(value.asText()).matches() ? value.asText() : null;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? blankless(value.asText()) : null;
    }

    private static String blankless(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
