package dev.autojoin.handler;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static dev.autojoin.handler.TestStack.call;
import static dev.autojoin.handler.TestStack.http;
import static dev.autojoin.handler.TestStack.sample;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.autojoin.handler.TestStack.Reply;
import dev.autojoin.handler.TestStack.User;
import dev.autojoin.testing.Emulator;
import dev.autojoin.testing.EmulatorExtension;
import dev.autojoin.testing.FaultProxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * SES down, throttling or refusing, with a fault-injecting proxy (WireMock) between the handlers' SES client and the
 * emulator: an invitation's email waits in the queue through its retries and goes out once SES takes it (a bulk invite
 * in full, nothing lost); one that keeps failing ends as delivery {@code failed} with its reason, then in the
 * dead-letter queue, and a resend delivers it; a domain verification email that could
 * not be sent answers 503 with Retry-After and claiming again sends a link that works. Nothing else is lost.
 */
@ExtendWith(EmulatorExtension.class)
class MailFaultsIT {
    private static final Pattern INVITE_LINK = Pattern.compile("/invites/([A-Za-z0-9_-]+)");
    private static final Pattern VERIFICATION_LINK = Pattern.compile("/domain-verifications/([A-Za-z0-9_-]+)");

    private static FaultProxy proxy;
    private static Emulator emulator;
    private static TestStack direct;
    private static TestStack throughProxy;
    private static InvitesHandler invites;
    private static DomainsHandler domains;
    private static User owner;
    private static String companyId;

    enum SesFault {
        SERVER_ERROR(() -> sesError(500, "InternalFailure")),
        THROTTLED(() -> sesError(429, "TooManyRequestsException")),
        SENDING_PAUSED(() -> sesError(400, "SendingPausedException")),
        CONNECTION_RESET(() -> aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)),
        // No answer within the client's patience (SES may or may not have sent it: a resend can mail twice).
        NO_ANSWER(() -> sesError(500, "InternalFailure").withFixedDelay(8_000));

        final Supplier<ResponseDefinitionBuilder> response;

        SesFault(Supplier<ResponseDefinitionBuilder> response) {
            this.response = response;
        }
    }

    @BeforeAll
    static void givenACompany_andAProxyInFrontOfTheEmulatorsSes(Emulator shared) {
        emulator = shared;
        proxy = new FaultProxy(emulator);
        direct = new TestStack(emulator);
        // The SES client as the API functions build it (timeouts, retries), pointed at the proxy.
        throughProxy = TestStack.withSesAt(emulator, proxy.url());
        invites = throughProxy.invites;
        domains = throughProxy.domains;
        owner = User.verified("olive@mailfaults.com");
        companyId = call(direct.settings, http("POST /companies", Map.of(), "{\"name\":\"MailFaults\"}", owner))
                .body()
                .path("id")
                .asText();
    }

    @AfterEach
    void healTheNetwork() {
        proxy.heal();
    }

    @AfterAll
    static void stopTheProxy() {
        proxy.close();
    }

    @ParameterizedTest
    @EnumSource(SesFault.class)
    void anInvitationSesCouldNotTake_staysQueuedThroughTheQueuesRetries_andIsMailedOnceSesTakesIt(SesFault fault) {
        String invitee = "ivan-" + name(fault) + "@elsewhere.com";
        proxy.inject(fault.response.get());
        Instant start = Instant.now();

        Reply invited = call(invites, inviteEvent(invitee));

        // The request records and queues: SES's trouble is not the request's.
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(5));
        assertThat(invited.status()).isEqualTo(200);
        assertThat(invited.body().path("results").get(0).path("status").asText())
                .isEqualTo("invited");
        assertThat(listed(invitee).path("delivery").asText()).isEqualTo("queued");

        assertThat(throughProxy.mailInvitations()).isEqualTo(1);

        // Throttled or failed: handed back to the queue, not lost, not failed (it has four more receives).
        assertThat(listed(invitee).path("delivery").asText()).isEqualTo("queued");
        assertThat(listed(invitee).path("status").asText()).isEqualTo("pending");
        assertThat(emailsTo(invitee)).isZero();
        proxy.heal();

        assertThat(mailWhenVisibleAgain()).isEqualTo(1);

        assertThat(emailsTo(invitee)).isEqualTo(1);
        assertThat(listed(invitee).path("delivery").asText()).isEqualTo("sent");
        String token = link(INVITE_LINK, invitee);
        Reply accepted = call(
                invites, http("POST /invites/{token}/accept", Map.of("token", token), null, User.verified(invitee)));
        assertThat(accepted.status()).isEqualTo(200);
    }

    @org.junit.jupiter.api.Test
    void aBulkInviteSesThrottles_isMailedInFullOnceSesTakesItAgain_nothingLost() {
        List<String> invitees = new java.util.ArrayList<>();
        StringBuilder body = new StringBuilder("{\"invites\":[");
        for (int i = 0; i < 30; i++) {
            invitees.add("bulk" + i + "@throttled.com");
            body.append(i == 0 ? "" : ",").append("{\"email\":\"bulk").append(i).append("@throttled.com\"}");
        }
        body.append("]}");
        proxy.inject(sesError(429, "TooManyRequestsException"));
        int deadBefore = throughProxy.invitationMail.deadLetters();

        Reply invited =
                call(invites, sample("http-post-invites.json", Map.of("companyId", companyId), body.toString(), owner));

        assertThat(invited.status()).isEqualTo(200);
        assertThat(invited.body().path("results").findValuesAsText("status")).containsOnly("invited");
        assertThat(throughProxy.mailInvitations()).isEqualTo(30);
        assertThat(emulator.sentEmails()).noneMatch(e -> e.to().get(0).endsWith("@throttled.com"));
        proxy.heal();

        assertThat(mailWhenVisibleAgain()).isEqualTo(30);

        List<String> mailed = emulator.sentEmails().stream()
                .map(e -> e.to().get(0))
                .filter(to -> to.endsWith("@throttled.com"))
                .toList();
        assertThat(mailed).containsExactlyInAnyOrderElementsOf(invitees);
        ObjectNode list = sample("http-get-invites.json", Map.of("companyId", companyId), null, owner);
        TestStack.withQuery(list, "limit", "200");
        List<String> deliveries = new java.util.ArrayList<>();
        call(invites, list).body().path("items").forEach(item -> {
            if (item.path("email").asText().endsWith("@throttled.com")) {
                deliveries.add(item.path("delivery").asText());
            }
        });
        assertThat(deliveries).hasSize(30).containsOnly("sent");
        assertThat(throughProxy.invitationMail.deadLetters()).isEqualTo(deadBefore);
    }

    @org.junit.jupiter.api.Test
    void anInvitationSesKeepsThrottling_endsAsAFailedDeliveryWithItsReason_thenInTheDeadLetterQueue() {
        String invitee = "ever-throttled@elsewhere.com";
        proxy.inject(sesError(429, "TooManyRequestsException"));
        int deadBefore = throughProxy.invitationMail.deadLetters();
        call(invites, inviteEvent(invitee));

        try (EmittedMetrics metrics = EmittedMetrics.capture()) {
            assertThat(throughProxy.mailInvitations()).isEqualTo(1);
            for (int receive = 2; receive <= TestStack.MAX_RECEIVES; receive++) {
                assertThat(listed(invitee).path("delivery").asText()).isEqualTo("queued");
                assertThat(mailWhenVisibleAgain()).as("receive %d", receive).isEqualTo(1);
            }
            assertThat(metrics.sum(Metric.INVITATIONS_FAILED))
                    .as("counted once, at its last attempt")
                    .isEqualTo(1);
            assertThat(metrics.sum(Metric.INVITATIONS_SENT)).isZero();
        }

        JsonNode failed = listed(invitee);
        assertThat(failed.path("delivery").asText()).isEqualTo("failed");
        assertThat(failed.path("status").asText()).isEqualTo("send_failed");
        assertThat(failed.path("sendFailure").asText()).isEqualTo("ses_refused:TooManyRequestsException");
        assertThat(mailWhenVisibleAgain())
                .as("past maxReceiveCount the queue moves it")
                .isZero();
        assertThat(throughProxy.invitationMail.deadLetters()).isEqualTo(deadBefore + 1);
        proxy.heal();

        Reply resent = call(
                invites,
                sample(
                        "http-post-invite-resend.json",
                        Map.of(
                                "companyId",
                                companyId,
                                "inviteId",
                                failed.path("id").asText()),
                        null,
                        owner));

        assertThat(resent.status()).isEqualTo(200);
        assertThat(resent.body().path("delivery").asText()).isEqualTo("queued");
        assertThat(throughProxy.mailInvitations()).isEqualTo(1);
        assertThat(emailsTo(invitee)).isEqualTo(1);
        assertThat(listed(invitee).path("delivery").asText()).isEqualTo("sent");
    }

    /** After the queue's visibility timeout (1 s in the tests) what failed is handed over again. */
    private static int mailWhenVisibleAgain() {
        try {
            Thread.sleep(1_200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return throughProxy.mailInvitations();
    }

    @ParameterizedTest
    @EnumSource(SesFault.class)
    void aVerificationEmailSesCouldNotTake_answers503_andClaimingAgainSendsALinkThatWorks(SesFault fault) {
        String domain = name(fault) + "-mailfaults.com";
        String mailbox = "it@" + domain;
        String body = "{\"domain\":\"" + domain + "\",\"method\":\"email\",\"verificationEmail\":\"" + mailbox + "\"}";
        proxy.inject(fault.response.get());
        Instant start = Instant.now();

        Reply refused = claim(body);

        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(16));
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.headers()).containsKey("retry-after");
        assertThat(refused.headers().get("content-type")).startsWith("application/problem+json");
        assertThat(emailsTo(mailbox)).isZero();
        // A new claim whose link never went out is withdrawn: nothing pending forever, nothing to wait out.
        assertThat(call(
                                domains,
                                http("GET /companies/{companyId}/domains", Map.of("companyId", companyId), null, owner))
                        .body()
                        .path("items")
                        .findValuesAsText("domain"))
                .doesNotContain(domain);
        proxy.heal();

        Reply again = claim(body);

        assertThat(again.status()).isEqualTo(201);
        assertThat(again.body().path("status").asText()).isEqualTo("pending");
        assertThat(emailsTo(mailbox)).isEqualTo(1);
        ObjectNode confirm = http(
                "POST /domain-verifications/{token}", Map.of("token", link(VERIFICATION_LINK, mailbox)), null, null);
        ((ObjectNode) confirm.path("headers")).put("accept", "application/json");
        Reply confirmed = call(domains, confirm);
        assertThat(confirmed.status()).isEqualTo(200);
        assertThat(confirmed.body().path("status").asText()).isEqualTo("verified");
    }

    private static Reply claim(String body) {
        return call(domains, http("POST /companies/{companyId}/domains", Map.of("companyId", companyId), body, owner));
    }

    private static ObjectNode inviteEvent(String email) {
        return sample(
                "http-post-invites.json",
                Map.of("companyId", companyId),
                "{\"invites\":[{\"email\":\"" + email + "\"}]}",
                owner);
    }

    private static JsonNode listed(String email) {
        ObjectNode list = sample("http-get-invites.json", Map.of("companyId", companyId), null, owner);
        TestStack.withQuery(list, "limit", "200");
        for (JsonNode item : call(invites, list).body().path("items")) {
            if (item.path("email").asText().equals(email)) {
                return item;
            }
        }
        throw new AssertionError("no invitation for " + email);
    }

    private static long emailsTo(String address) {
        return emulator.sentEmails().stream()
                .filter(e -> e.to().contains(address))
                .count();
    }

    /** The token of the link in the last email to {@code address} (moto keeps the HTML part of a foreign send). */
    private static String link(Pattern pattern, String address) {
        List<Emulator.SentEmail> sent = emulator.sentEmails().stream()
                .filter(e -> e.to().contains(address))
                .toList();
        Emulator.SentEmail last = sent.get(sent.size() - 1);
        String text = (last.text() == null ? "" : last.text()) + (last.html() == null ? "" : last.html());
        Matcher matcher = pattern.matcher(text);
        assertThat(matcher.find()).as("a link in " + text).isTrue();
        return matcher.group(1);
    }

    private static String name(SesFault fault) {
        return fault.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static ResponseDefinitionBuilder sesError(int status, String type) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withHeader("x-amzn-ErrorType", type)
                .withBody("{\"message\":\"injected by the test\"}");
    }
}
