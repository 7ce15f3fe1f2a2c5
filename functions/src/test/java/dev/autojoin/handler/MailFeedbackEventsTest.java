package dev.autojoin.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autojoin.domain.EmailAddress;
import dev.autojoin.domain.MailFeedback;
import dev.autojoin.domain.MailTags;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Reading SES bounce and complaint records out of SNS notifications: the samples of events/, and what is refused. */
class MailFeedbackEventsTest {
    private static final String TOPIC = sampleTopic();

    @Test
    void aPermanentBounce_namesItsRecipient_itsTime_andTheInvitationItWasFor() {
        MailFeedback feedback = feedback(parse(record("sns-ses-bounce.json")));

        assertThat(feedback.type()).isEqualTo(MailFeedback.Type.PERMANENT_BOUNCE);
        assertThat(feedback.suppresses()).isTrue();
        assertThat(feedback.detail()).isEqualTo("General");
        assertThat(feedback.recipients()).containsExactly(EmailAddress.parse("dana@example.org"));
        assertThat(feedback.at()).isEqualTo(Instant.parse("2024-03-05T10:15:02.669Z"));
        assertThat(feedback.messageId()).isEqualTo("0100018c2b9e8f3a-5d1e7c44-9b0a-4f3e-8d2a-6c1f0e9b7a55-000000");
        assertThat(feedback.feedbackId()).startsWith("0100018c2b9e9a11-");
        assertThat(feedback.tags())
                .isEqualTo(MailTags.invitation(
                        "5f0c6b1e-3d2a-4c8e-9f1b-2a7d4e6c8b90", "018c2b9e-8f3a-7d1e-9c44-9b0a4f3e8d2a"));
    }

    @Test
    void aComplaint_suppresses_andCarriesTheMembersUserId() {
        MailFeedback feedback = feedback(parse(record("sns-ses-complaint.json")));

        assertThat(feedback.type()).isEqualTo(MailFeedback.Type.COMPLAINT);
        assertThat(feedback.suppresses()).isTrue();
        assertThat(feedback.detail()).isEqualTo("abuse");
        assertThat(feedback.recipients()).containsExactly(EmailAddress.parse("bob@acme.com"));
        assertThat(feedback.tags().kind()).isEqualTo(MailTags.JOIN_DIGEST);
        assertThat(feedback.tags().userId()).isEqualTo("8b2f5c1d-4e6a-4f3b-9d7c-1a2b3c4d5e6f");
    }

    @Test
    void transientAndUndeterminedBounces_areRead_butSuppressNothing() {
        MailFeedback mailboxFull = feedback(parse(record("sns-ses-transient-bounce.json")));
        assertThat(mailboxFull.type()).isEqualTo(MailFeedback.Type.TRANSIENT_BOUNCE);
        assertThat(mailboxFull.detail()).isEqualTo("MailboxFull");
        assertThat(mailboxFull.suppresses()).isFalse();

        MailFeedback unknown =
                feedback(parse(withMessage(record("sns-ses-bounce.json"), m -> ((ObjectNode) m.path("bounce"))
                        .put("bounceType", "Undetermined"))));
        assertThat(unknown.type()).isEqualTo(MailFeedback.Type.UNDETERMINED_BOUNCE);
        assertThat(unknown.suppresses()).isFalse();
    }

    @Test
    void recipientsOurParserRefuses_areLeftOut_andCounted() {
        MailFeedbackEvents.Parsed parsed = parse(withMessage(record("sns-ses-bounce.json"), m -> {
            ArrayNode recipients = (ArrayNode) m.path("bounce").path("bouncedRecipients");
            recipients.addObject().put("emailAddress", "\"quoted local\"@example.org");
            recipients.addObject().put("emailAddress", "Erin@Example.org");
        }));

        assertThat(parsed).isInstanceOf(MailFeedbackEvents.Feedback.class);
        assertThat(((MailFeedbackEvents.Feedback) parsed).unreadable()).isEqualTo(1);
        assertThat(feedback(parsed).recipients())
                .extracting(EmailAddress::canonical)
                .containsExactly("dana@example.org", "erin@example.org");
    }

    @Test
    void aTagSesWouldNotHaveSent_isIgnored_notTrusted() {
        MailFeedback feedback = feedback(parse(withMessage(
                record("sns-ses-bounce.json"), m -> ((ObjectNode) m.path("mail").path("tags"))
                        .putArray("companyId")
                        .add("../other company"))));

        assertThat(feedback.tags().companyId()).isNull();
        assertThat(feedback.tags().invitationId()).isEqualTo("018c2b9e-8f3a-7d1e-9c44-9b0a4f3e8d2a");
    }

    @Test
    void deliveriesAndOtherEventTypes_areIgnored_notMalformed() {
        MailFeedbackEvents.Parsed parsed =
                parse(withMessage(record("sns-ses-bounce.json"), m -> m.put("eventType", "Delivery")));

        assertThat(parsed)
                .isEqualTo(new MailFeedbackEvents.Ignored("9a3f1c2e-5b7d-5e8f-a1b2-c3d4e5f6a7b8", "Delivery"));
    }

    @Test
    void anEnvelopeThatIsNotAnSnsNotificationOfOurTopic_isMalformed() {
        assertMalformed(envelope(r -> r.put("EventSource", "aws:sqs")), "EventSource is not aws:sns");
        assertMalformed(envelope(r -> r.remove("Sns")), "no Sns object");
        assertMalformed(sns(s -> s.put("Type", "SubscriptionConfirmation")), "Sns.Type is not Notification");
        assertMalformed(
                sns(s -> s.put("TopicArn", "arn:aws:sns:us-east-1:123456789012:someone-elses")),
                "Sns.TopicArn is not the mail feedback topic");
        assertMalformed(sns(s -> s.remove("MessageId")), "no Sns.MessageId");
        assertMalformed(sns(s -> s.putNull("Message")), "no Sns.Message");
        assertMalformed(sns(s -> s.put("Message", "{\"eventType\":")), "Sns.Message is not JSON");
        assertMalformed(sns(s -> s.put("Message", "[1,2]")), "Sns.Message is not a JSON object");
        assertThat(parse(Json.MAPPER.createArrayNode()))
                .isEqualTo(new MailFeedbackEvents.Malformed("record is not an object"));
    }

    @Test
    void aMessageThatIsNotAnSesBounceOrComplaint_isMalformed() {
        assertMalformed(message(m -> m.remove("eventType")), "no eventType");
        assertMalformed(
                message(m -> {
                    m.remove("eventType");
                    m.put("notificationType", "Bounce");
                }),
                "an identity notification (notificationType), not a configuration set event");
        assertMalformed(message(m -> m.put("eventType", "Bounce!")), "unknown eventType");
        assertMalformed(message(m -> ((ObjectNode) m.path("mail")).remove("messageId")), "no mail.messageId");
        assertMalformed(
                message(m -> ((ObjectNode) m.path("mail")).put("tags", "kind=invitation")),
                "mail.tags is not an object of string lists");
        assertMalformed(
                message(m -> ((ObjectNode) m.path("mail").path("tags")).put("kind", "invitation")),
                "mail.tags is not an object of string lists");
        assertMalformed(message(m -> m.remove("bounce")), "no bounce object");
        assertMalformed(
                message(m -> ((ObjectNode) m.path("bounce")).put("bounceType", "permanent")),
                "bounce.bounceType is not Permanent, Transient or Undetermined");
        assertMalformed(
                message(m -> ((ObjectNode) m.path("bounce")).put("timestamp", "yesterday")),
                "bounce.timestamp is not an ISO-8601 time");
        assertMalformed(
                message(m -> ((ObjectNode) m.path("bounce")).putArray("bouncedRecipients")),
                "bounce.bouncedRecipients is not a list of 1 to 50");
        assertMalformed(
                message(m -> {
                    ArrayNode many = ((ObjectNode) m.path("bounce")).putArray("bouncedRecipients");
                    for (int i = 0; i < 51; i++) {
                        many.addObject().put("emailAddress", "r" + i + "@example.org");
                    }
                }),
                "bounce.bouncedRecipients is not a list of 1 to 50");
        assertMalformed(
                message(m -> ((ArrayNode) m.path("bounce").path("bouncedRecipients")).add("dana@example.org")),
                "bounce.bouncedRecipients holds an entry without emailAddress");
        assertMalformed(
                message(m -> ((ObjectNode)
                                m.path("bounce").path("bouncedRecipients").get(0))
                        .put("emailAddress", "not an address")),
                "no recipient address is one we could have sent to");
    }

    @Test
    void aComplaintWithoutRecipients_isMalformed() {
        JsonNode complaint = withMessage(record("sns-ses-complaint.json"), m -> ((ObjectNode) m.path("complaint"))
                .remove("complainedRecipients"));

        assertThat(parse(complaint))
                .isEqualTo(new MailFeedbackEvents.Malformed("complaint.complainedRecipients is not a list of 1 to 50"));
    }

    // --- helpers ---

    private static void assertMalformed(JsonNode record, String reason) {
        assertThat(parse(record)).isEqualTo(new MailFeedbackEvents.Malformed(reason));
    }

    /** The record edited as JSON, decoded as the Lambda runtime decodes an SNS delivery, then parsed. */
    private static MailFeedbackEvents.Parsed parse(JsonNode record) {
        ObjectNode event = Json.object();
        event.putArray("Records").add(record);
        return MailFeedbackEvents.parse(
                TestStack.snsEvent(TestStack.bytes(event)).getRecords().get(0), TOPIC);
    }

    private static MailFeedback feedback(MailFeedbackEvents.Parsed parsed) {
        assertThat(parsed).isInstanceOf(MailFeedbackEvents.Feedback.class);
        return ((MailFeedbackEvents.Feedback) parsed).feedback();
    }

    static ObjectNode record(String sample) {
        return (ObjectNode)
                TestStack.read(TestStack.event(sample)).path("Records").get(0);
    }

    private static JsonNode envelope(Consumer<ObjectNode> change) {
        ObjectNode record = record("sns-ses-bounce.json");
        change.accept(record);
        return record;
    }

    private static JsonNode sns(Consumer<ObjectNode> change) {
        return envelope(r -> change.accept((ObjectNode) r.path("Sns")));
    }

    private static JsonNode message(Consumer<ObjectNode> change) {
        return withMessage(record("sns-ses-bounce.json"), change);
    }

    /** The record with its SES message (a JSON string inside the SNS envelope) changed. */
    static ObjectNode withMessage(ObjectNode record, Consumer<ObjectNode> change) {
        ObjectNode sns = (ObjectNode) record.path("Sns");
        try {
            ObjectNode message =
                    (ObjectNode) Json.MAPPER.readTree(sns.path("Message").asText());
            change.accept(message);
            sns.put("Message", Json.MAPPER.writeValueAsString(message));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return record;
    }

    static String sampleTopic() {
        return record("sns-ses-bounce.json").path("Sns").path("TopicArn").asText();
    }
}
