package dev.autojoin.handler;

import static dev.autojoin.handler.TestStack.call;
import static dev.autojoin.handler.TestStack.http;
import static dev.autojoin.handler.TestStack.sample;
import static org.assertj.core.api.Assertions.assertThat;

import dev.autojoin.adapter.dynamodb.DynamoDbInvitationStore;
import dev.autojoin.adapter.dynamodb.SingleTable;
import dev.autojoin.app.AcceptInvitation;
import dev.autojoin.app.InvitationStore;
import dev.autojoin.domain.AutojoinException;
import dev.autojoin.domain.Caller;
import dev.autojoin.domain.EmailAddress;
import dev.autojoin.domain.Membership;
import dev.autojoin.handler.TestStack.Reply;
import dev.autojoin.handler.TestStack.User;
import dev.autojoin.testing.Emulator;
import dev.autojoin.testing.EmulatorExtension;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two accepts of one link racing: both read the invitation as pending before either writes, the worst interleaving.
 * The reads meet at a barrier so the race happens every time; the writes then reach the emulator one after the
 * other, because moto's TransactWriteItems is not isolated under concurrency (DynamoDB's is). What keeps the token
 * single-use is the transaction's condition, not timing: one 200, one 409.
 */
@ExtendWith(EmulatorExtension.class)
class InviteRaceIT {
    private static final User ALICE = User.verified("alice@acme.com");

    @Test
    void twoAcceptsThatBothReadItPending_oneJoins_theOtherIsToldTheLinkWasUsed(Emulator emulator) throws Exception {
        TestStack stack = new TestStack(emulator);
        String acme = call(stack.settings, http("POST /companies", Map.of(), "{\"name\":\"Acme\"}", ALICE))
                .body()
                .path("id")
                .asText();
        call(
                stack.invites,
                sample(
                        "http-post-invites.json",
                        Map.of("companyId", acme),
                        "{\"invites\":[{\"email\":\"racer@initech.com\"}]}",
                        ALICE));
        stack.mailInvitations();
        String token = InvitesIT.token(emulator.sentEmails().get(0).text());
        AcceptInvitation accept = new AcceptInvitation(
                bothReadBeforeEitherWrites(emulator),
                stack.wiring.membershipStore(),
                stack.wiring.teamStore(),
                Clock.systemUTC());
        Caller racer = new Caller("racer-sub", Optional.of(EmailAddress.parse("racer@initech.com")), true);

        List<Object> outcomes = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Object>> running = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                running.add(pool.submit(() -> {
                    try {
                        return accept.accept(racer, token);
                    } catch (AutojoinException e) {
                        return e.code();
                    }
                }));
            }
            for (Future<Object> outcome : running) {
                outcomes.add(outcome.get());
            }
        } finally {
            pool.shutdown();
        }

        assertThat(outcomes).filteredOn(Membership.class::isInstance).hasSize(1);
        assertThat(outcomes).filteredOn(String.class::isInstance).containsExactly("invitation_used");
        Reply me =
                call(stack.settings, http("GET /me", Map.of(), null, new User("racer-sub", "racer@initech.com", true)));
        assertThat(me.body().path("companies"))
                .singleElement()
                .satisfies(c -> assertThat(c.path("id").asText()).isEqualTo(acme));
        long accepted = emulator.dynamoDb().scan(b -> b.tableName(EmulatorExtension.TABLE)).items().stream()
                .filter(item ->
                        item.containsKey("action") && item.get("action").s().equals("invitation.accepted"))
                .count();
        assertThat(accepted).isEqualTo(1);
    }

    /** The real store, except that the first two token lookups wait for each other and writes go one at a time. */
    private static InvitationStore bothReadBeforeEitherWrites(Emulator emulator) {
        InvitationStore real = new DynamoDbInvitationStore(
                new SingleTable(emulator.dynamoDb(), EmulatorExtension.TABLE, Duration.ofDays(400)));
        CyclicBarrier bothRead = new CyclicBarrier(2);
        AtomicInteger lookups = new AtomicInteger();
        Object writes = new Object();
        return (InvitationStore) Proxy.newProxyInstance(
                InvitationStore.class.getClassLoader(),
                new Class<?>[] {InvitationStore.class},
                (proxy, method, args) -> {
                    try {
                        if (method.getName().equals("accept")) {
                            synchronized (writes) {
                                return method.invoke(real, args);
                            }
                        }
                        Object result = method.invoke(real, args);
                        if (method.getName().equals("findByToken") && lookups.incrementAndGet() <= 2) {
                            bothRead.await();
                        }
                        return result;
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
