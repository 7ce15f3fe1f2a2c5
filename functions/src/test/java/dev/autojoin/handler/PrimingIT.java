package dev.autojoin.handler;

import static dev.autojoin.handler.TestStack.call;
import static dev.autojoin.handler.TestStack.http;
import static org.assertj.core.api.Assertions.assertThat;

import dev.autojoin.handler.TestStack.User;
import dev.autojoin.testing.Emulator;
import dev.autojoin.testing.EmulatorExtension;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** SnapStart priming runs the request path of every handler for real, and writes nothing. */
@ExtendWith(EmulatorExtension.class)
class PrimingIT {
    private static final Set<String> READS = Set.of("DynamoDb.GetItem", "DynamoDb.BatchGetItem", "DynamoDb.Query");
    private static TestStack stack;
    private static InvitesHandler invites;

    @BeforeAll
    static void givenACompanyWithAnAutoJoinDomain(Emulator emulator) {
        stack = new TestStack(emulator);
        invites = new InvitesHandler(stack.wiring);
        User alice = User.verified("alice@acme.com");
        String id = call(stack.settings, http("POST /companies", Map.of(), "{\"name\":\"Acme\"}", alice))
                .body()
                .path("id")
                .asText();
        call(
                stack.domains,
                http(
                        "POST /companies/{companyId}/domains",
                        Map.of("companyId", id),
                        "{\"domain\":\"acme.com\",\"method\":\"email\"}",
                        alice));
        call(
                stack.domains,
                http(
                        "PATCH /companies/{companyId}/domains/{domain}",
                        Map.of("companyId", id, "domain", "acme.com"),
                        "{\"enrollment\":\"auto_join\"}",
                        alice));
    }

    @Test
    void everyHandlersPriming_readsASentinelKey_andWritesNothing(Emulator emulator) throws Exception {
        List<Map<String, AttributeValue>> before = table(emulator);
        stack.requests.reset();

        stack.postSignup.priming.beforeCheckpoint(null);
        int postSignupReads = stack.requests.total();
        stack.settings.priming.beforeCheckpoint(null);
        stack.domains.priming.beforeCheckpoint(null);
        invites.priming.beforeCheckpoint(null);

        assertThat(postSignupReads)
                .as("post-signup priming makes one real read")
                .isEqualTo(1);
        assertThat(stack.requests.snapshot().keySet()).isNotEmpty().allMatch(READS::contains);
        assertThat(table(emulator)).containsExactlyInAnyOrderElementsOf(before);
    }

    @Test
    void afterRestore_changesNothing() {
        stack.requests.reset();

        stack.postSignup.priming.afterRestore(null);

        assertThat(stack.requests.total()).isZero();
    }

    private static List<Map<String, AttributeValue>> table(Emulator emulator) {
        return emulator.dynamoDb()
                .scan(b -> b.tableName(EmulatorExtension.TABLE).consistentRead(true))
                .items();
    }
}
