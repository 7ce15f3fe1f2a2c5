package dev.autojoin.handler;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static dev.autojoin.handler.TestStack.call;
import static dev.autojoin.handler.TestStack.http;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.autojoin.config.Timeouts;
import dev.autojoin.handler.TestStack.Reply;
import dev.autojoin.handler.TestStack.User;
import dev.autojoin.testing.Emulator;
import dev.autojoin.testing.EmulatorExtension;
import dev.autojoin.testing.FaultProxy;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/** A fault-injecting proxy (WireMock) between the real handlers and the emulator. */
@ExtendWith(EmulatorExtension.class)
class FaultInjectionIT {
    private static FaultProxy proxy;
    private static Emulator emulator;
    private static TestStack direct;
    private static TestStack triggerThroughProxy;
    private static TestStack apiThroughProxy;
    private static String acmeId;

    enum FaultKind {
        LATENCY(() -> proxy.passThrough().withFixedDelay(5_000)),
        CONNECTION_RESET(() -> aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)),
        EMPTY_RESPONSE(() -> aResponse().withFault(Fault.EMPTY_RESPONSE)),
        SERVER_ERROR(() -> dynamoDbError(500, "com.amazonaws.dynamodb.v20120810#InternalServerError")),
        PROVISIONED_THROUGHPUT_EXCEEDED(
                () -> dynamoDbError(400, "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException")),
        THROTTLING(() -> dynamoDbError(400, "com.amazon.coral.availability#ThrottlingException"));

        final Supplier<ResponseDefinitionBuilder> response;

        FaultKind(Supplier<ResponseDefinitionBuilder> response) {
            this.response = response;
        }
    }

    @BeforeAll
    static void givenAcmeInAutoJoin_andAProxyInFrontOfTheEmulator(Emulator shared) {
        emulator = shared;
        proxy = new FaultProxy(emulator);
        direct = new TestStack(emulator);
        triggerThroughProxy = new TestStack(emulator, proxy.url(), Timeouts.TRIGGER);
        apiThroughProxy = new TestStack(emulator, proxy.url(), Timeouts.API);
        acmeId = PostSignupHandlerIT.companyWithDomain(
                direct, "Acme", User.verified("alice@acme.com"), "acme.com", "auto_join");
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
    @EnumSource(FaultKind.class)
    void theTrigger_answersCognitoInTime_leavesNothingHalfWritten_andMeRepairsOnceTheFaultClears(FaultKind fault) {
        proxy.inject(fault.response.get());
        User bob = User.verified("bob-" + fault.name().toLowerCase().replace('_', '-') + "@acme.com");
        byte[] event = TestStack.cognitoSignup(bob.sub(), bob.email(), "true");
        Instant start = Instant.now();

        byte[] out = TestStack.invoke(triggerThroughProxy.postSignup, event);

        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(4));
        assertThat(out).isEqualTo(event);
        if (fault != FaultKind.LATENCY) {
            // The request never reached the table: neither the membership nor its audit entry exists.
            assertThat(membership(bob)).isEmpty();
            assertThat(auditEntriesAbout(bob)).isZero();
        }
        proxy.heal();

        Reply me = call(direct.settings, http("GET /me", Map.of(), null, bob));

        assertThat(me.body().path("companies")).hasSize(1);
        assertThat(me.body().path("companies").get(0).path("id").asText()).isEqualTo(acmeId);
        assertThat(membership(bob)).isNotEmpty();
        assertThat(auditEntriesAbout(bob)).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(FaultKind.class)
    void apiRoutes_answer503WithRetryAfter_neverHang(FaultKind fault) {
        proxy.inject(fault.response.get());
        User carol = User.verified("carol@carol-co.com");
        Instant start = Instant.now();

        Reply created =
                call(apiThroughProxy.settings, http("POST /companies", Map.of(), "{\"name\":\"CarolCo\"}", carol));
        Reply me = call(apiThroughProxy.settings, http("GET /me", Map.of(), null, carol));

        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(16));
        for (Reply reply : new Reply[] {created, me}) {
            assertThat(reply.status()).isEqualTo(503);
            assertThat(reply.headers()).containsKey("retry-after");
            assertThat(reply.headers().get("content-type")).startsWith("application/problem+json");
            assertThat(reply.body().path("code").asText()).isEqualTo("service_unavailable");
        }
    }

    @org.junit.jupiter.api.Test
    void whenOnlyWritesFail_theReadHappens_theWriteDoesNot_andMeRepairsLater() {
        proxy.inject(
                any(anyUrl()).withHeader("X-Amz-Target", containing("TransactWriteItems")),
                dynamoDbError(500, "com.amazonaws.dynamodb.v20120810#InternalServerError"));
        User dan = User.verified("dan@acme.com");
        byte[] event = TestStack.cognitoSignup(dan.sub(), dan.email(), "true");

        assertThat(TestStack.invoke(triggerThroughProxy.postSignup, event)).isEqualTo(event);
        assertThat(membership(dan)).isEmpty();
        proxy.heal();

        assertThat(call(direct.settings, http("GET /me", Map.of(), null, dan))
                        .body()
                        .path("companies"))
                .hasSize(1);
    }

    @org.junit.jupiter.api.Test
    void slowWrites_cannotStackPastTheTriggersLimit_theRestIsLeftForMe_andTheInvitationLinks() {
        // Each write answers in 700 ms, under the SDK's 900 ms attempt timeout: one after another, five invitations
        // and the auto-join would take 4.2 s and Lambda would kill the trigger at 4 s.
        User erin = User.verified("erin@acme.com");
        TestStack inviting =
                new TestStack(emulator, java.time.Clock.systemUTC(), Map.of("INVITES_PER_ADDRESS_PER_DAY", "10"));
        Map<String, User> inviters = new java.util.LinkedHashMap<>();
        for (int i = 1; i <= 5; i++) {
            User owner = User.verified("owner" + i + "@inviter" + i + ".com");
            String id = call(
                            direct.settings,
                            http("POST /companies", Map.of(), "{\"name\":\"Inviter" + i + "\"}", owner))
                    .body()
                    .path("id")
                    .asText();
            Reply invited = call(
                    inviting.invites,
                    http(
                            "POST /companies/{companyId}/invites",
                            Map.of("companyId", id),
                            "{\"invites\":[{\"email\":\"erin@acme.com\",\"role\":\"member\",\"permissions\":[]}]}",
                            owner));
            assertThat(invited.body().path("results").get(0).path("status").asText())
                    .isEqualTo("invited");
            inviters.put(id, owner);
        }
        proxy.inject(
                any(anyUrl()).withHeader("X-Amz-Target", containing("TransactWriteItems")),
                proxy.passThrough().withFixedDelay(700));
        byte[] event = TestStack.cognitoSignup(erin.sub(), erin.email(), "true");
        Instant start = Instant.now();

        assertThat(TestStack.invoke(triggerThroughProxy.postSignup, event)).isEqualTo(event);

        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(4));
        proxy.heal();
        Reply me = call(direct.settings, http("GET /me", Map.of(), null, erin));
        java.util.List<String> joined = new java.util.ArrayList<>();
        me.body().path("companies").forEach(c -> joined.add(c.path("id").asText()));
        // GET /me made the auto-join if the trigger had no time left for it; it never accepts invitations.
        assertThat(joined).contains(acmeId);
        assertThat(joined).hasSizeLessThan(6);
        inviters.forEach((id, owner) -> {
            if (!joined.contains(id)) {
                Reply list = call(
                        direct.invites,
                        http("GET /companies/{companyId}/invites", Map.of("companyId", id), null, owner));
                assertThat(list.body().path("items").get(0).path("status").asText())
                        .isEqualTo("pending");
            }
        });
    }

    private static ResponseDefinitionBuilder dynamoDbError(int status, String type) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/x-amz-json-1.0")
                .withHeader("x-amzn-ErrorType", type.substring(type.indexOf('#') + 1))
                .withBody("{\"__type\":\"" + type + "\",\"message\":\"injected by the test\"}");
    }

    private static Map<String, AttributeValue> membership(User user) {
        return emulator.dynamoDb()
                .getItem(GetItemRequest.builder()
                        .tableName(EmulatorExtension.TABLE)
                        .key(Map.of(
                                "PK", AttributeValue.fromS("COMPANY#" + acmeId),
                                "SK", AttributeValue.fromS("MEMBER#" + user.sub())))
                        .consistentRead(true)
                        .build())
                .item();
    }

    private static long auditEntriesAbout(User user) {
        return emulator
                .dynamoDb()
                .query(QueryRequest.builder()
                        .tableName(EmulatorExtension.TABLE)
                        .keyConditionExpression("PK = :pk AND begins_with(SK, :audit)")
                        .expressionAttributeValues(Map.of(
                                ":pk", AttributeValue.fromS("COMPANY#" + acmeId),
                                ":audit", AttributeValue.fromS("AUDIT#")))
                        .build())
                .items()
                .stream()
                .filter(item -> item.get("target").s().equals("member:" + user.sub()))
                .count();
    }
}
