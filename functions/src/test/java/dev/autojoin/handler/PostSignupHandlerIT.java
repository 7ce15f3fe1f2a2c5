package dev.autojoin.handler;

import static dev.autojoin.handler.TestStack.call;
import static dev.autojoin.handler.TestStack.http;
import static org.assertj.core.api.Assertions.assertThat;

import dev.autojoin.config.Timeouts;
import dev.autojoin.handler.TestStack.User;
import dev.autojoin.testing.Emulator;
import dev.autojoin.testing.EmulatorExtension;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(EmulatorExtension.class)
class PostSignupHandlerIT {
    private static TestStack stack;
    private static String acmeId;
    private static String globexId;
    private static final User ALICE = User.verified("alice@acme.com");

    @BeforeAll
    static void givenAcmeInAutoJoinAndGlobexInSuggest(Emulator emulator) {
        stack = new TestStack(emulator, Timeouts.TRIGGER);
        acmeId = companyWithDomain(stack, "Acme", ALICE, "acme.com", "auto_join");
        globexId = companyWithDomain(stack, "Globex", User.verified("hank@globex.com"), "globex.com", "suggest");
    }

    static String companyWithDomain(TestStack stack, String name, User admin, String domain, String enrollment) {
        TestStack.Reply company =
                call(stack.settings, http("POST /companies", Map.of(), "{\"name\":\"" + name + "\"}", admin));
        assertThat(company.status()).isEqualTo(201);
        String id = company.body().path("id").asText();
        TestStack.Reply claim = call(
                stack.domains,
                http(
                        "POST /companies/{companyId}/domains",
                        Map.of("companyId", id),
                        "{\"domain\":\"" + domain + "\",\"method\":\"email\"}",
                        admin));
        assertThat(claim.status()).isEqualTo(201);
        TestStack.Reply patch = call(
                stack.domains,
                http(
                        "PATCH /companies/{companyId}/domains/{domain}",
                        Map.of("companyId", id, "domain", domain),
                        "{\"enrollment\":\"" + enrollment + "\"}",
                        admin));
        assertThat(patch.status()).isEqualTo(200);
        return id;
    }

    @Test
    void autoJoin_returnsTheEventUnchanged_andCostsOneReadAndOneTransactionalWrite() {
        // The one read is a BatchGetItem: the domain's claim and the address's open invitations together.
        byte[] event = TestStack.cognitoSignup("bob-sub", "bob@acme.com", "true");
        stack.requests.reset();

        byte[] out = TestStack.invoke(stack.postSignup, event);

        assertThat(out).isEqualTo(event);
        assertThat(stack.requests.snapshot())
                .isEqualTo(Map.of("DynamoDb.BatchGetItem", 1, "DynamoDb.TransactWriteItems", 1));
        TestStack.Reply me =
                call(stack.settings, http("GET /me", Map.of(), null, new User("bob-sub", "bob@acme.com", true)));
        assertThat(me.body().path("companies")).hasSize(1);
        assertThat(me.body().path("companies").get(0).path("id").asText()).isEqualTo(acmeId);
        assertThat(me.body().path("companies").get(0).path("role").asText()).isEqualTo("member");
        assertThat(me.body().path("companies").get(0).path("permissions").toString())
                .isEqualTo("[]");
    }

    @Test
    void anInvitation_winsOverAutoJoin_withTheInvitedRole_inTheSameOneReadAndOneWrite() {
        TestStack.Reply invited = call(
                stack.invites,
                http(
                        "POST /companies/{companyId}/invites",
                        Map.of("companyId", acmeId),
                        "{\"invites\":[{\"email\":\"zed@acme.com\",\"role\":\"admin\"}]}",
                        ALICE));
        assertThat(invited.body().path("results").get(0).path("status").asText())
                .isEqualTo("invited");
        stack.requests.reset();

        TestStack.invoke(stack.postSignup, TestStack.cognitoSignup("zed-sub", "zed@acme.com", "true"));

        assertThat(stack.requests.snapshot())
                .isEqualTo(Map.of("DynamoDb.BatchGetItem", 1, "DynamoDb.GetItem", 1, "DynamoDb.TransactWriteItems", 1));
        TestStack.Reply me =
                call(stack.settings, http("GET /me", Map.of(), null, new User("zed-sub", "zed@acme.com", true)));
        assertThat(me.body().path("companies")).singleElement().satisfies(c -> {
            assertThat(c.path("id").asText()).isEqualTo(acmeId);
            assertThat(c.path("role").asText()).isEqualTo("admin");
        });
    }

    @Test
    void freeMail_costsOneRead_forTheInvitationsAddressedToIt() {
        stack.requests.reset();

        byte[] out = TestStack.invoke(stack.postSignup, TestStack.event("cognito-post-confirmation-gmail.json"));

        assertThat(out).isEqualTo(TestStack.event("cognito-post-confirmation-gmail.json"));
        assertThat(stack.requests.snapshot()).isEqualTo(Map.of("DynamoDb.GetItem", 1));
    }

    @Test
    void unmatchedDomain_costsOneRead() {
        stack.requests.reset();

        TestStack.invoke(stack.postSignup, TestStack.cognitoSignup("ivy-sub", "ivy@initech.com", "true"));

        assertThat(stack.requests.snapshot()).isEqualTo(Map.of("DynamoDb.BatchGetItem", 1));
    }

    @Test
    void forgotPasswordAndUnverifiedEmails_doNothing() {
        stack.requests.reset();

        TestStack.invoke(stack.postSignup, TestStack.event("cognito-post-confirmation-forgot-password.json"));
        TestStack.invoke(stack.postSignup, TestStack.event("cognito-post-confirmation-unverified.json"));
        for (String notExactlyTrue : List.of("True", "TRUE", "1", "yes", "")) {
            TestStack.invoke(
                    stack.postSignup, TestStack.cognitoSignup("x-" + notExactlyTrue, "x@acme.com", notExactlyTrue));
        }

        assertThat(stack.requests.total()).isZero();
    }

    @Test
    void suggest_isShownInMe_withTheCompanyName() {
        TestStack.invoke(stack.postSignup, TestStack.cognitoSignup("gus-sub", "gus@globex.com", "true"));

        TestStack.Reply me =
                call(stack.settings, http("GET /me", Map.of(), null, new User("gus-sub", "gus@globex.com", true)));

        assertThat(me.body().path("companies")).isEmpty();
        assertThat(me.body().path("suggestions")).hasSize(1);
        assertThat(me.body().path("suggestions").get(0).path("companyId").asText())
                .isEqualTo(globexId);
        assertThat(me.body().path("suggestions").get(0).path("name").asText()).isEqualTo("Globex");
        assertThat(me.body().path("suggestions").get(0).path("enrollment").asText())
                .isEqualTo("suggest");
    }

    @Test
    void theSameEventDeliveredThreeTimesConcurrently_yieldsOneMembership() throws Exception {
        byte[] event = TestStack.cognitoSignup("cara-sub", "cara@acme.com", "true");
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Callable<byte[]>> deliveries = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                deliveries.add(() -> TestStack.invoke(stack.postSignup, event));
            }
            for (Future<byte[]> f : pool.invokeAll(deliveries)) {
                assertThat(f.get()).isEqualTo(event);
            }
        } finally {
            pool.shutdown();
        }

        TestStack.Reply me =
                call(stack.settings, http("GET /me", Map.of(), null, new User("cara-sub", "cara@acme.com", true)));
        assertThat(me.body().path("companies")).hasSize(1);
    }

    @Test
    void whenDynamoDbDoesNotAnswer_theTriggerStillAnswersCognitoInTime(Emulator emulator) throws Exception {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        try (ServerSocket blackHole = new ServerSocket(0)) {
            // Accepts connections and never answers: the worst case, worse than a refused connection.
            TestStack down = new TestStack(emulator, "http://127.0.0.1:" + blackHole.getLocalPort(), Timeouts.TRIGGER);
            byte[] event = TestStack.cognitoSignup("late-sub", "late@acme.com", "true");
            Instant start = Instant.now();

            byte[] out = TestStack.invoke(down.postSignup, event);

            assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(4));
            assertThat(out).isEqualTo(event);
        }
        TestStack refused = new TestStack(emulator, "http://127.0.0.1:" + deadPort, Timeouts.TRIGGER);
        byte[] event = TestStack.cognitoSignup("late-sub", "late@acme.com", "true");
        assertThat(TestStack.invoke(refused.postSignup, event)).isEqualTo(event);

        TestStack.Reply me =
                call(stack.settings, http("GET /me", Map.of(), null, new User("late-sub", "late@acme.com", true)));
        assertThat(me.body().path("companies")).hasSize(1);
        assertThat(me.body().path("companies").get(0).path("id").asText()).isEqualTo(acmeId);
    }

    @Test
    void webhook_acceptsAnOpenInvitation_withTheInvitedRole_asTheTriggerDoes() {
        TestStack.Reply invited = call(
                stack.invites,
                http(
                        "POST /companies/{companyId}/invites",
                        Map.of("companyId", acmeId),
                        "{\"invites\":[{\"email\":\"yan@acme.com\",\"role\":\"admin\"}]}",
                        ALICE));
        assertThat(invited.body().path("results").get(0).path("status").asText())
                .isEqualTo("invited");

        TestStack.Reply joined = call(
                stack.signupWebhook,
                Providers.signup(Providers.Provider.SIGNUP, "yan-sub", "yan@acme.com", true)
                        .event());

        assertThat(joined.status()).isEqualTo(200);
        TestStack.Reply me =
                call(stack.settings, http("GET /me", Map.of(), null, new User("yan-sub", "yan@acme.com", true)));
        assertThat(me.body().path("companies")).singleElement().satisfies(c -> {
            assertThat(c.path("id").asText()).isEqualTo(acmeId);
            assertThat(c.path("role").asText()).isEqualTo("admin");
        });
    }

    @Test
    void webhook_joinsWithAValidSignature_andRefusesBadOnes() {
        Providers.Delivery ok = Providers.signup(Providers.Provider.SIGNUP, "hook-sub", "hook@acme.com", true);
        Providers.Delivery stale = Providers.signup(
                Providers.Provider.SIGNUP,
                "msg_stale",
                "hook-sub",
                "hook@acme.com",
                true,
                Instant.now().minusSeconds(301));

        assertThat(call(
                                stack.signupWebhook,
                                ok.withHeader("webhook-signature", "v1," + "A".repeat(44))
                                        .event())
                        .status())
                .isEqualTo(401);
        assertThat(call(stack.signupWebhook, stale.event()).status()).isEqualTo(401);
        assertThat(call(
                                stack.signupWebhook,
                                ok.withBody(ok.body().replace("hook@", "evil@")).event())
                        .status())
                .isEqualTo(401);
        TestStack.Reply joined = call(stack.signupWebhook, ok.event());

        assertThat(joined.status()).isEqualTo(200);
        assertThat(joined.body().path("outcome").asText()).isEqualTo("joined");
        assertThat(call(stack.signupWebhook, ok.event()).body().path("outcome").asText())
                .isEqualTo("duplicate");
        assertThat(call(
                                stack.signupWebhook,
                                Providers.signup(Providers.Provider.SIGNUP, "hook-sub", "hook@acme.com", true)
                                        .event())
                        .body()
                        .path("outcome")
                        .asText())
                .isEqualTo("already_member");
    }
}
