package dev.autojoin.handler;

import static dev.autojoin.handler.TestStack.call;
import static dev.autojoin.handler.TestStack.http;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autojoin.config.Timeouts;
import dev.autojoin.handler.TestStack.User;
import dev.autojoin.testing.Emulator;
import dev.autojoin.testing.EmulatorExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

@ExtendWith(EmulatorExtension.class)
class ConcurrencyIT {
    private static final int COWORKERS = 50;

    /**
     * moto's server is not thread-safe under concurrent transactions (it answers 500, "dictionary changed size
     * during iteration", which DynamoDB never does): give the SDK's retries more room here than production needs.
     */
    private static final Timeouts EMULATOR_PATIENCE = new Timeouts(
            Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(30), 10);

    private static TestStack stack;
    private static String acmeId;

    @BeforeAll
    static void givenAcmeInAutoJoin(Emulator emulator) {
        stack = new TestStack(emulator, EMULATOR_PATIENCE);
        acmeId = PostSignupHandlerIT.companyWithDomain(
                stack, "Acme", User.verified("alice@acme.com"), "acme.com", "auto_join");
    }

    @Test
    void fiftyCoworkersSigningUpAtOnce_getFiftyMemberships_eachOnce_withTheDomainDefaults(Emulator emulator)
            throws Exception {
        List<User> coworkers = new ArrayList<>();
        for (int i = 0; i < COWORKERS; i++) {
            coworkers.add(User.verified("coworker" + i + "@acme.com"));
        }
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(COWORKERS);
        try {
            List<Callable<byte[]>> signups = new ArrayList<>();
            for (User u : coworkers) {
                byte[] event = TestStack.cognitoSignup(u.sub(), u.email(), "true");
                signups.add(() -> {
                    start.await();
                    return TestStack.invoke(stack.postSignup, event);
                });
            }
            List<Future<byte[]>> results = new ArrayList<>();
            for (Callable<byte[]> signup : signups) {
                results.add(pool.submit(signup));
            }
            start.countDown();
            for (Future<byte[]> result : results) {
                assertThat(result.get()).isNotEmpty();
            }
        } finally {
            pool.shutdown();
        }

        // Straight from the table: the trigger itself made every membership, GET /me had nothing to repair.
        List<Map<String, AttributeValue>> members = emulator.dynamoDb()
                .query(QueryRequest.builder()
                        .tableName(EmulatorExtension.TABLE)
                        .keyConditionExpression("PK = :pk AND begins_with(SK, :member)")
                        .expressionAttributeValues(Map.of(
                                ":pk", AttributeValue.fromS("COMPANY#" + acmeId),
                                ":member", AttributeValue.fromS("MEMBER#")))
                        .build())
                .items();
        assertThat(members).hasSize(COWORKERS + 1);
        assertThat(members.stream().map(m -> m.get("userId").s()).distinct()).hasSize(COWORKERS + 1);
        stack.requests.reset();
        for (User u : coworkers) {
            JsonNode me =
                    call(stack.settings, http("GET /me", Map.of(), null, u)).body();
            assertThat(me.path("companies")).as(u.email()).hasSize(1);
            JsonNode company = me.path("companies").get(0);
            assertThat(company.path("id").asText()).isEqualTo(acmeId);
            assertThat(company.path("role").asText()).isEqualTo("member");
            assertThat(company.path("permissions").toString()).isEqualTo("[]");
        }
        assertThat(stack.requests.count("TransactWriteItems") + stack.requests.count("PutItem"))
                .isZero();
    }
}
