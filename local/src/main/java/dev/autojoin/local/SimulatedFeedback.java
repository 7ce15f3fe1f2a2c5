package dev.autojoin.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What SES and SNS would deliver to the mail feedback function when an email bounces for good or its recipient marks
 * it as spam: the samples {@code events/sns-ses-bounce.json} and {@code events/sns-ses-complaint.json}, aimed at one
 * recipient, with the message id and tags the email was sent with.
 */
final class SimulatedFeedback {
    enum Kind {
        BOUNCE("sns-ses-bounce.json", "bounce", "bouncedRecipients"),
        COMPLAINT("sns-ses-complaint.json", "complaint", "complainedRecipients");

        final String sample;
        final String object;
        final String recipients;

        Kind(String sample, String object, String recipients) {
            this.sample = sample;
            this.object = object;
            this.recipients = recipients;
        }
    }

    private final Path events;

    SimulatedFeedback(Path events) {
        this.events = events;
    }

    /** The topic of the samples: the local stack's functions accept it as theirs. */
    String topicArn() {
        return record(Kind.BOUNCE).path("Sns").path("TopicArn").asText();
    }

    byte[] event(Kind kind, String recipient, Instant now) {
        ObjectNode record = record(kind);
        ObjectNode sns = (ObjectNode) record.path("Sns");
        SentMailTags.Sent sent = SentMailTags.lastTo(recipient);
        try {
            ObjectNode message =
                    (ObjectNode) Replies.JSON.readTree(sns.path("Message").asText());
            ObjectNode details = (ObjectNode) message.path(kind.object);
            details.put("timestamp", now.toString());
            details.putArray(kind.recipients).addObject().put("emailAddress", recipient);
            ObjectNode mail = (ObjectNode) message.path("mail");
            mail.put("timestamp", now.toString());
            mail.put(
                    "messageId",
                    sent.messageId() != null
                            ? sent.messageId()
                            : UUID.randomUUID().toString());
            mail.putArray("destination").add(recipient);
            ObjectNode tags = (ObjectNode) mail.path("tags");
            List.of("kind", "companyId", "invitationId", "userId").forEach(tags::remove);
            sent.tags().forEach((name, value) -> tags.putArray(name).add(value));
            sns.put("Message", Replies.JSON.writeValueAsString(message));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite the sample " + kind.sample, e);
        }
        sns.put("MessageId", UUID.randomUUID().toString());
        sns.put("Timestamp", now.toString());
        ObjectNode event = Replies.JSON.createObjectNode();
        ArrayNode records = event.putArray("Records");
        records.add(record);
        try {
            return Replies.JSON.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ObjectNode record(Kind kind) {
        try {
            JsonNode sample = Replies.JSON.readTree(events.resolve(kind.sample).toFile());
            return (ObjectNode) sample.path("Records").get(0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read events/" + kind.sample, e);
        }
    }
}
