package dev.autojoin.handler;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.autojoin.handler.TestStack.call;
import static dev.autojoin.handler.TestStack.http;
import static dev.autojoin.handler.TestStack.sample;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.autojoin.adapter.ses.SesSendingQuota;
import dev.autojoin.app.InvitationQueue;
import dev.autojoin.app.SweepInvitationOutbox;
import dev.autojoin.config.Env;
import dev.autojoin.config.Timeouts;
import dev.autojoin.config.Wiring;
import dev.autojoin.handler.TestStack.Reply;
import dev.autojoin.handler.TestStack.User;
import dev.autojoin.testing.Emulator;
import dev.autojoin.testing.EmulatorExtension;
import dev.autojoin.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * The invitation mail queue end to end: the request records and queues, the sender function mails at its pace and
 * records {@code sent}; the outbox sweep puts back what never reached the queue; the sending rate is the account's
 * SES MaxSendRate when that is lower (GetAccount answered by a WireMock stub), the parameter when SES does not answer.
 */
@ExtendWith(EmulatorExtension.class)
class InvitationMailIT {
    private static final User OWNER = User.verified("olga@mailqueue.com");

    @Test
    void aBulkInvite_isQueued_thenMailedAtTheConfiguredPace_andEachLinkWorks(Emulator emulator) {
        TestStack stack = new TestStack(emulator, java.time.Clock.systemUTC(), Map.of("SES_MAX_SEND_RATE", "20"));
        String company = company(stack, "Paced");
        List<String> invitees = addresses("paced", 20);

        Reply invited = invite(stack, company, invitees);

        assertThat(invited.body().path("results").findValuesAsText("status")).containsOnly("invited");
        assertThat(listed(stack, company).findValuesAsText("delivery"))
                .hasSize(20)
                .containsOnly("queued");
        assertThat(emulator.sentThroughOurClients()).isEmpty();

        Instant start = Instant.now();
        assertThat(stack.mailInvitations()).isEqualTo(20);
        Duration took = Duration.between(start, Instant.now());

        // 20 at 20 a second: 19 intervals of 50 ms at least.
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(19 * 50));
        List<Emulator.SentEmail> sent = emulator.sentThroughOurClients();
        assertThat(sent).hasSize(20);
        assertThat(listed(stack, company).findValuesAsText("delivery")).containsOnly("sent");
        assertThat(stack.mail().rate())
                .as("moto has no GetAccount: the parameter")
                .isEqualTo(20.0);
        String token = stack.lastLinkTo(TestStack.INVITE_LINK, invitees.get(7));
        assertThat(call(
                                stack.invites,
                                sample(
                                        "http-post-invite-accept.json",
                                        Map.of("token", token),
                                        null,
                                        User.verified(invitees.get(7))))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void aMessageDeliveredTwice_mailsOnce(Emulator emulator) {
        TestStack stack = new TestStack(emulator);
        String company = company(stack, "Twice");
        String inviteId = invite(stack, company, List.of("twice@elsewhere.com"))
                .body()
                .path("results")
                .get(0)
                .path("inviteId")
                .asText();
        stack.wiring.invitationQueue().enqueue(List.of(new InvitationQueue.Message(company, inviteId)));

        try (EmittedMetrics metrics = EmittedMetrics.capture()) {
            assertThat(stack.mailInvitations()).isEqualTo(2);
            assertThat(metrics.sum(Metric.INVITATIONS_SENT))
                    .as("the second delivery finds it sent")
                    .isEqualTo(1);
        }

        assertThat(emulator.sentThroughOurClients().stream()
                        .filter(e -> e.to().contains("twice@elsewhere.com"))
                        .count())
                .isEqualTo(1);
    }

    @Test
    void invitationsWrittenButNeverQueued_areQueuedAgainByTheSweep_andMailed(Emulator emulator) {
        MutableClock clock = new MutableClock(Instant.now());
        TestStack stack = new TestStack(emulator, clock, Map.of());
        String company = company(stack, "Swept");
        InvitationQueue real = stack.wiring.invitationQueue();
        // The enqueue fails after the write: the process died between them, or SQS refused.
        InvitesHandler crashing = new InvitesHandler(stack.wiring.withInvitationQueue(List::size));
        stack.wiring.withInvitationQueue(real);
        List<String> invitees = addresses("swept", 3);

        Reply invited = invite(crashing, company, invitees);

        assertThat(invited.status()).isEqualTo(200);
        assertThat(stack.mailInvitations()).isZero();
        assertThat(listed(stack, company).findValuesAsText("delivery")).containsOnly("queued");
        HousekeepingHandler housekeeping = new HousekeepingHandler(stack.wiring);
        assertThat(TestStack.schedule(housekeeping, "eventbridge-scheduled.json")
                        .path("invitationsRequeued")
                        .asInt())
                .as("not yet: within the grace the queue may still be on it")
                .isZero();

        clock.advance(SweepInvitationOutbox.GRACE.plusSeconds(1));
        JsonNode run = TestStack.schedule(housekeeping, "eventbridge-scheduled.json");

        assertThat(run.path("invitationsRequeued").asInt()).isEqualTo(3);
        assertThat(TestStack.schedule(housekeeping, "eventbridge-scheduled.json")
                        .path("invitationsRequeued")
                        .asInt())
                .as("queued again just now: left alone")
                .isZero();
        assertThat(stack.mailInvitations()).isEqualTo(3);
        assertThat(listed(stack, company).findValuesAsText("delivery")).containsOnly("sent");
        assertThat(invitees).allSatisfy(to -> assertThat(emulator.sentThroughOurClients().stream()
                        .filter(e -> e.to().contains(to))
                        .count())
                .isEqualTo(1));
        clock.advance(SweepInvitationOutbox.GRACE.multipliedBy(2));
        assertThat(TestStack.schedule(housekeeping, "eventbridge-scheduled.json")
                        .path("invitationsRequeued")
                        .asInt())
                .as("sent: out of the outbox")
                .isZero();
    }

    @Test
    void theSendingRate_isTheAccountsMaxSendRate_whenItIsLowerThanTheParameter() {
        WireMockServer ses = new WireMockServer(options().dynamicPort());
        ses.start();
        try {
            ses.stubFor(get(urlEqualTo("/v2/email/account"))
                    .willReturn(aResponse()
                            .withStatus(200)
                            .withHeader("Content-Type", "application/json")
                            .withBody("{\"SendQuota\":{\"Max24HourSend\":50000.0,\"MaxSendRate\":14.0,"
                                    + "\"SentLast24Hours\":12.0},\"SendingEnabled\":true,"
                                    + "\"ProductionAccessEnabled\":true}")));
            SesV2Client client = SesV2Client.builder()
                    .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                    .endpointOverride(java.net.URI.create(ses.baseUrl()))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                    .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                    .build();

            assertThat(SesSendingQuota.maxSendRate(client)).isEqualTo(OptionalDouble.of(14.0));

            Env env = new Env(Map.of(
                    "TABLE_NAME", "unused",
                    "AWS_REGION", "us-east-1",
                    "AWS_ENDPOINT_URL", ses.baseUrl(),
                    "SENDER_EMAIL", "noreply@autojoin.test",
                    "APP_BASE_URL", "http://localhost:3000",
                    "SES_MAX_SEND_RATE", "50")::get);
            String id = System.getProperty("aws.accessKeyId");
            String secret = System.getProperty("aws.secretAccessKey");
            System.setProperty("aws.accessKeyId", "test");
            System.setProperty("aws.secretAccessKey", "test");
            try {
                Wiring wiring = new Wiring(
                        env,
                        java.time.Clock.systemUTC(),
                        Wiring.dynamoDb(
                                env,
                                Timeouts.API,
                                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")),
                                List.of()));
                assertThat(new InvitationMailHandler(wiring).rate())
                        .as("min(SesMaxSendRate 50, the account's 14)")
                        .isEqualTo(14.0);
            } finally {
                restore("aws.accessKeyId", id);
                restore("aws.secretAccessKey", secret);
            }
        } finally {
            ses.stop();
        }
    }

    private static void restore(String name, String value) {
        if (value == null) {
            System.clearProperty(name);
        } else {
            System.setProperty(name, value);
        }
    }

    private static String company(TestStack stack, String name) {
        return call(stack.settings, http("POST /companies", Map.of(), "{\"name\":\"" + name + "\"}", OWNER))
                .body()
                .path("id")
                .asText();
    }

    private static List<String> addresses(String prefix, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(prefix + i + "@elsewhere.com");
        }
        return out;
    }

    private static Reply invite(TestStack stack, String company, List<String> emails) {
        return invite(stack.invites, company, emails);
    }

    private static Reply invite(InvitesHandler invites, String company, List<String> emails) {
        StringBuilder body = new StringBuilder("{\"invites\":[");
        for (int i = 0; i < emails.size(); i++) {
            body.append(i == 0 ? "" : ",")
                    .append("{\"email\":\"")
                    .append(emails.get(i))
                    .append("\"}");
        }
        Reply reply = call(
                invites,
                sample(
                        "http-post-invites.json",
                        Map.of("companyId", company),
                        body.append("]}").toString(),
                        OWNER));
        assertThat(reply.status()).isEqualTo(200);
        return reply;
    }

    private static JsonNode listed(TestStack stack, String company) {
        ObjectNode list = sample("http-get-invites.json", Map.of("companyId", company), null, OWNER);
        TestStack.withQuery(list, "limit", "200");
        return call(stack.invites, list).body().path("items");
    }
}
