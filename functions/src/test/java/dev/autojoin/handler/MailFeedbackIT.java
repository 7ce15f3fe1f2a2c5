package dev.autojoin.handler;

import static dev.autojoin.handler.TestStack.call;
import static dev.autojoin.handler.TestStack.http;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autojoin.adapter.ses.SesEmailSender;
import dev.autojoin.config.Timeouts;
import dev.autojoin.handler.TestStack.Reply;
import dev.autojoin.handler.TestStack.User;
import dev.autojoin.testing.Emulator;
import dev.autojoin.testing.EmulatorExtension;
import dev.autojoin.testing.RequestCounter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;
import software.amazon.awssdk.services.sesv2.model.SendEmailResponse;

/**
 * SES feedback end to end against the emulator: an email goes out through SES with the configuration set and its
 * tags, SES's bounce or complaint of that very email comes back as SNS delivers it to Lambda (built from the samples
 * in events/ with the message id and tags SES was given), and the product stops mailing the address.
 */
@ExtendWith(EmulatorExtension.class)
class MailFeedbackIT {
    private static final String CONFIGURATION_SET = "autojoin-mail";
    private static final Pattern LINK = Pattern.compile("http://localhost:3000/invites/([A-Za-z0-9_-]+)");
    private static final User ALICE = User.verified("alice@acme.com");

    private static Emulator emulator;
    private static TestStack stack;
    private static RequestCounter dynamoDb;
    private static final RequestCounter SES = new RequestCounter();
    private static final List<Sent> SENT = new CopyOnWriteArrayList<>();
    private static SettingsHandler settings;
    private static HousekeepingHandler housekeeping;
    private static InvitesHandler invites;
    private static DomainsHandler domains;
    private static PostSignupHandler postSignup;
    private static MailFeedbackHandler feedback;
    private static String acme;

    /** One SendEmail as SES received it, with the message id SES gave it. */
    record Sent(SendEmailRequest request, String messageId) {
        String to() {
            return request.destination().toAddresses().get(0);
        }

        Map<String, String> tags() {
            Map<String, String> tags = new java.util.TreeMap<>();
            request.emailTags().forEach(t -> tags.put(t.name(), t.value()));
            return tags;
        }
    }

    @BeforeAll
    static void givenAcme_withAutoJoin_andEveryEmailCaptured(Emulator shared) {
        emulator = shared;
        stack = new TestStack(
                emulator, Clock.systemUTC(), Map.of("MAIL_FEEDBACK_TOPIC_ARN", MailFeedbackEventsTest.sampleTopic()));
        dynamoDb = stack.requests;
        ExecutionInterceptor capture = new ExecutionInterceptor() {
            @Override
            public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof SendEmailRequest request
                        && context.response() instanceof SendEmailResponse response) {
                    SENT.add(new Sent(request, response.messageId()));
                }
            }
        };
        // Handlers built after the sender is swapped, so every email goes through the counted, captured client.
        stack.wiring.withEmailSender(new SesEmailSender(
                emulator.ses(SES, capture), EmulatorExtension.SENDER, Optional.of(CONFIGURATION_SET)));
        settings = new SettingsHandler(stack.wiring);
        housekeeping = new HousekeepingHandler(stack.wiring);
        invites = new InvitesHandler(stack.wiring);
        domains = new DomainsHandler(stack.wiring);
        postSignup = new PostSignupHandler(stack.wiring);
        feedback = new MailFeedbackHandler(stack.wiring);
        acme = call(settings, http("POST /companies", Map.of(), "{\"name\":\"Acme\"}", ALICE))
                .body()
                .path("id")
                .asText();
        Reply claimed = call(
                domains,
                http(
                        "POST /companies/{companyId}/domains",
                        Map.of("companyId", acme),
                        "{\"domain\":\"acme.com\",\"method\":\"email\"}",
                        ALICE));
        assertThat(claimed.status()).as("claim: %s", claimed.body()).isIn(200, 201);
        Reply enrolled = call(
                domains,
                http(
                        "PATCH /companies/{companyId}/domains/{domain}",
                        Map.of("companyId", acme, "domain", "acme.com"),
                        "{\"enrollment\":\"auto_join\"}",
                        ALICE));
        assertThat(enrolled.status()).isEqualTo(200);
    }

    @BeforeEach
    void countFromHere() {
        dynamoDb.reset();
        SES.reset();
    }

    @Test
    void aPermanentBounce_marksTheInvitationBounced_andTheAddressIsNeverMailedAgain() {
        Reply invited = invite("dana@example.org");
        String inviteId = invited.body().path("results").get(0).path("inviteId").asText();
        Sent sent = lastSentTo("dana@example.org");
        assertThat(sent.request().configurationSetName()).isEqualTo(CONFIGURATION_SET);
        assertThat(sent.tags()).isEqualTo(Map.of("kind", "invitation", "companyId", acme, "invitationId", inviteId));
        String token = token(mailedEmails().stream()
                .filter(e -> e.to().contains("dana@example.org"))
                .reduce((first, second) -> second)
                .orElseThrow()
                .text());
        dynamoDb.reset();

        JsonNode out = deliver(feedbackTo("sns-ses-bounce.json", sent));

        assertThat(out.path("recorded").asInt()).isEqualTo(1);
        assertThat(dynamoDb.snapshot())
                .as("the suppression, the address's open invitations, the invitation's transaction")
                .isEqualTo(Map.of("DynamoDb.PutItem", 1, "DynamoDb.BatchGetItem", 1, "DynamoDb.TransactWriteItems", 1));
        JsonNode listed = invitation(inviteId);
        assertThat(listed.path("status").asText()).isEqualTo("bounced");
        assertThat(listed.path("bounceReason").asText()).isEqualTo("bounce");
        assertThat(auditActions()).contains("invitation.bounced");
        TestStack.Page page = TestStack.open(
                invites, TestStack.sample("http-get-invite-page.json", Map.of("token", token), null, null));
        assertThat(page.status()).isEqualTo(410);
        assertThat(page.text()).contains("Invitation withdrawn");

        SES.reset();
        Reply again = invite("Dana@example.org");

        assertThat(SES.count("SendEmail")).as("no email to a bounced address").isZero();
        JsonNode result = again.body().path("results").get(0);
        assertThat(result.path("status").asText()).isEqualTo("bounced");
        assertThat(result.path("code").asText()).isEqualTo("address_suppressed");
        assertThat(invitation(result.path("inviteId").asText()).path("status").asText())
                .isEqualTo("bounced");
        assertThat(invitation(result.path("inviteId").asText())
                        .path("bounceReason")
                        .asText())
                .isEqualTo("suppressed");
        Reply resent = resend(inviteId);
        assertThat(resent.status()).isEqualTo(409);
        assertThat(resent.body().path("code").asText()).isEqualTo("invitation_bounced");
        assertThat(SES.count("SendEmail")).isZero();
    }

    @Test
    void theSameNotificationDeliveredTwice_writesNothingTheSecondTime() {
        invite("erin@example.org");
        byte[] event = feedbackTo("sns-ses-bounce.json", lastSentTo("erin@example.org"));
        deliver(event);
        int audit = auditActions().size();
        dynamoDb.reset();

        JsonNode out = deliver(event);

        assertThat(out.path("recorded").asInt()).isEqualTo(1);
        assertThat(dynamoDb.count("TransactWriteItems")).isZero();
        assertThat(dynamoDb.snapshot())
                .as("the suppression put fails its condition; no open invitation is left")
                .isEqualTo(Map.of("DynamoDb.PutItem", 1, "DynamoDb.BatchGetItem", 1));
        assertThat(auditActions()).hasSize(audit);
    }

    @Test
    void aTransientBounce_changesNothing() {
        Reply invited = invite("fay@example.org");
        String inviteId = invited.body().path("results").get(0).path("inviteId").asText();
        byte[] event = feedbackTo("sns-ses-transient-bounce.json", lastSentTo("fay@example.org"));
        dynamoDb.reset();

        JsonNode out = deliver(event);

        assertThat(out.path("recorded").asInt()).isEqualTo(1);
        assertThat(dynamoDb.total()).isZero();
        assertThat(invitation(inviteId).path("status").asText()).isEqualTo("pending");
        SES.reset();
        assertThat(resend(inviteId).status()).isEqualTo(200);
        stack.mailInvitations();
        assertThat(SES.count("SendEmail")).isEqualTo(1);
    }

    @Test
    void aComplaintAboutAnAutoJoinedAdminsDigest_isShownToTheAdmins_andTheirDigestsStop() {
        User bob = signUp("bob@acme.com");
        Reply promoted = call(
                settings,
                http(
                        "PATCH /companies/{companyId}/members/{userId}",
                        Map.of("companyId", acme, "userId", bob.sub()),
                        "{\"role\":\"admin\"}",
                        ALICE));
        assertThat(promoted.status()).isEqualTo(200);
        signUp("carol@acme.com");
        runSchedule();
        Sent digest = lastSentTo("bob@acme.com");
        assertThat(digest.tags()).isEqualTo(Map.of("kind", "join_digest", "companyId", acme, "userId", bob.sub()));
        dynamoDb.reset();

        deliver(feedbackTo("sns-ses-complaint.json", digest));

        assertThat(dynamoDb.snapshot())
                .as("suppression, open invitations, the user's memberships (GSI1), the membership's transaction")
                .isEqualTo(Map.of(
                        "DynamoDb.PutItem", 1,
                        "DynamoDb.BatchGetItem", 1,
                        "DynamoDb.Query", 1,
                        "DynamoDb.TransactWriteItems", 1));
        JsonNode members = call(
                        settings, http("GET /companies/{companyId}/members", Map.of("companyId", acme), null, ALICE))
                .body()
                .path("items");
        JsonNode bobListed = member(members, bob.sub());
        assertThat(bobListed.path("mailBounced").asBoolean()).isTrue();
        assertThat(bobListed.path("mailBouncedAt").asText()).isNotBlank();
        assertThat(member(members, ALICE.sub()).path("mailBounced").asBoolean()).isFalse();
        JsonNode flagged = auditEntries().stream()
                .filter(e -> e.path("action").asText().equals("member.mail_bounced"))
                .findFirst()
                .orElseThrow();
        assertThat(flagged.path("target").asText()).isEqualTo("member:" + bob.sub());
        assertThat(flagged.path("actor").path("type").asText()).isEqualTo("system");
        assertThat(flagged.path("after").path("reason").asText()).isEqualTo("complaint");

        signUp("dave@acme.com");
        SES.reset();
        JsonNode run = runSchedule();

        assertThat(SES.count("SendEmail")).as("Alice's digest only").isEqualTo(1);
        assertThat(lastSentTo("alice@acme.com").tags()).containsEntry("userId", ALICE.sub());
        assertThat(run.path("emailFailures").asInt())
                .as("a suppressed address is not a failure")
                .isZero();
    }

    @Test
    void aDomainVerificationLink_isNotMailedToASuppressedMailbox() {
        deliver(feedbackTo("sns-ses-bounce.json", "it@acme-labs.com", "0100000000000000-test-000000", Map.of()));
        SES.reset();
        dynamoDb.reset();

        Reply claimed = call(
                domains,
                http(
                        "POST /companies/{companyId}/domains",
                        Map.of("companyId", acme),
                        "{\"domain\":\"acme-labs.com\",\"method\":\"email\",\"verificationEmail\":\"it@acme-labs.com\"}",
                        ALICE));

        assertThat(claimed.status()).as("%s", claimed.body()).isEqualTo(409);
        assertThat(claimed.body().path("code").asText()).isEqualTo("address_suppressed");
        assertThat(SES.count("SendEmail")).isZero();
        assertThat(dynamoDb.count("TransactWriteItems"))
                .as("one, cancelled: nothing written")
                .isEqualTo(1);
        JsonNode listed = call(
                        domains, http("GET /companies/{companyId}/domains", Map.of("companyId", acme), null, ALICE))
                .body()
                .path("items");
        assertThat(listed.findValuesAsText("domain")).doesNotContain("acme-labs.com");
    }

    @Test
    void malformedNotifications_areLoggedCountedAndDropped_neverThrown_andWriteNothing() {
        byte[] good = feedbackTo("sns-ses-bounce.json", "gil@example.org", "0100000000000001-test-000000", Map.of());
        ObjectNode otherTopic = (ObjectNode) TestStack.read(good);
        ((ObjectNode) otherTopic.path("Records").get(0).path("Sns"))
                .put("TopicArn", "arn:aws:sns:us-east-1:999999999999:someone-elses-topic");
        ObjectNode notJson = (ObjectNode) TestStack.read(good);
        ((ObjectNode) notJson.path("Records").get(0).path("Sns")).put("Message", "gil@example.org bounced");
        ObjectNode delivery = MailFeedbackEventsTest.withMessage(
                (ObjectNode) TestStack.read(good).path("Records").get(0), m -> m.put("eventType", "Delivery"));
        // Input that is no JSON never reaches the handler: the runtime fails to decode it into an SNSEvent.
        List<byte[]> events = List.of(
                "{}".getBytes(StandardCharsets.UTF_8),
                "{\"Records\":[]}".getBytes(StandardCharsets.UTF_8),
                TestStack.bytes(otherTopic),
                TestStack.bytes(notJson),
                ("{\"Records\":[" + delivery + "]}").getBytes(StandardCharsets.UTF_8));
        PrintStream console = System.out;
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        int malformed = 0;
        int ignored = 0;
        System.setOut(new PrintStream(logs, true, StandardCharsets.UTF_8));
        try {
            for (byte[] event : events) {
                JsonNode out = TestStack.deliver(feedback, event);
                malformed += out.path("malformed").asInt();
                ignored += out.path("ignored").asInt();
                assertThat(out.path("recorded").asInt()).isZero();
            }
        } finally {
            System.setOut(console);
        }

        assertThat(malformed).isEqualTo(4);
        assertThat(ignored).as("a Delivery: well-formed, not ours to act on").isEqualTo(1);
        assertThat(dynamoDb.total()).isZero();
        String logged = logs.toString(StandardCharsets.UTF_8);
        assertThat(logged.split("\"event\":\"mail_feedback.malformed\"", -1)).hasSize(5);
        assertThat(logged.split("\"MailFeedbackMalformed\":1", -1)).hasSize(5);
        assertThat(logged)
                .contains("Sns.TopicArn is not the mail feedback topic")
                .doesNotContain("gil@example.org");
    }

    @Test
    void whenTheTableDoesNotAnswer_theDeliveryFails_soLambdaRetriesIt() {
        TestStack unreachable = new TestStack(
                emulator,
                "http://127.0.0.1:9",
                Timeouts.TRIGGER,
                Clock.systemUTC(),
                Map.of("MAIL_FEEDBACK_TOPIC_ARN", MailFeedbackEventsTest.sampleTopic()),
                List.of());
        MailFeedbackHandler cut = new MailFeedbackHandler(unreachable.wiring);
        byte[] event = feedbackTo("sns-ses-bounce.json", "hal@example.org", "0100000000000002-test-000000", Map.of());

        assertThatThrownBy(() -> TestStack.deliver(cut, event)).isInstanceOf(RuntimeException.class);
    }

    // --- helpers ---

    private static Reply invite(String email) {
        Reply invited = call(
                invites,
                http(
                        "POST /companies/{companyId}/invites",
                        Map.of("companyId", acme),
                        "{\"invites\":[{\"email\":\"" + email + "\"}]}",
                        ALICE));
        assertThat(invited.status()).as("invite: %s", invited.body()).isEqualTo(200);
        return invited;
    }

    private static Reply resend(String inviteId) {
        return call(
                invites,
                http(
                        "POST /companies/{companyId}/invites/{inviteId}/resend",
                        Map.of("companyId", acme, "inviteId", inviteId),
                        null,
                        ALICE));
    }

    private static User signUp(String email) {
        User user = new User(UUID.randomUUID().toString(), email, true);
        TestStack.invoke(postSignup, TestStack.cognitoSignup(user.sub(), email, "true"));
        return user;
    }

    private static JsonNode runSchedule() {
        return TestStack.schedule(housekeeping, "eventbridge-scheduled.json");
    }

    private static Sent lastSentTo(String email) {
        stack.mailInvitations();
        List<Sent> to = SENT.stream().filter(s -> s.to().equals(email)).toList();
        assertThat(to).as("emails to %s", email).isNotEmpty();
        return to.get(to.size() - 1);
    }

    /** The sample's SNS notification about {@code sent}: SES names its recipient, message id and tags. */
    private static byte[] feedbackTo(String sample, Sent sent) {
        return feedbackTo(sample, sent.to(), sent.messageId(), sent.tags());
    }

    private static byte[] feedbackTo(String sample, String recipient, String messageId, Map<String, String> tags) {
        ObjectNode record = MailFeedbackEventsTest.withMessage(MailFeedbackEventsTest.record(sample), message -> {
            JsonNode details = message.has("bounce") ? message.path("bounce") : message.path("complaint");
            String field = message.has("bounce") ? "bouncedRecipients" : "complainedRecipients";
            ((ObjectNode) details.path(field).get(0)).put("emailAddress", recipient);
            ObjectNode mail = (ObjectNode) message.path("mail");
            mail.put("messageId", messageId);
            mail.putArray("destination").add(recipient);
            ObjectNode sesTags = (ObjectNode) mail.path("tags");
            List.of("kind", "companyId", "invitationId", "userId").forEach(sesTags::remove);
            tags.forEach((name, value) -> sesTags.putArray(name).add(value));
        });
        // A new notification: SNS gives each its own id (a redelivery keeps it).
        ((ObjectNode) record.path("Sns")).put("MessageId", UUID.randomUUID().toString());
        ObjectNode event = Json.object();
        event.putArray("Records").add(record);
        return TestStack.bytes(event);
    }

    private static JsonNode deliver(byte[] event) {
        JsonNode out = TestStack.deliver(feedback, event);
        assertThat(out.path("malformed").asInt()).as("%s", out).isZero();
        return out;
    }

    private static JsonNode invitation(String id) {
        Reply listed =
                call(invites, http("GET /companies/{companyId}/invites", Map.of("companyId", acme), null, ALICE));
        for (JsonNode item : listed.body().path("items")) {
            if (item.path("id").asText().equals(id)) {
                return item;
            }
        }
        throw new AssertionError("no invitation " + id + " in " + listed.body());
    }

    private static JsonNode member(JsonNode members, String sub) {
        for (JsonNode item : members) {
            if (item.path("userId").asText().equals(sub)) {
                return item;
            }
        }
        throw new AssertionError("no member " + sub + " in " + members);
    }

    private static List<JsonNode> auditEntries() {
        ObjectNode request = http("GET /companies/{companyId}/audit", Map.of("companyId", acme), null, ALICE);
        ArrayNode items = (ArrayNode) call(settings, TestStack.withQuery(request, "limit", "200"))
                .body()
                .path("items");
        List<JsonNode> entries = new java.util.ArrayList<>();
        items.forEach(entries::add);
        return entries;
    }

    private static List<String> auditActions() {
        return auditEntries().stream().map(e -> e.path("action").asText()).toList();
    }

    private static String token(String text) {
        Matcher link = LINK.matcher(text);
        assertThat(link.find()).as("a link in %s", text).isTrue();
        return link.group(1);
    }

    /** What SES took, once the sender function has drained the invitation mail queue. */
    private static java.util.List<Emulator.SentEmail> mailedEmails() {
        stack.mailInvitations();
        return emulator.sentEmails();
    }

    private static java.util.List<Emulator.SentEmail> mailedThroughOurClients() {
        stack.mailInvitations();
        return emulator.sentThroughOurClients();
    }
}
