package dev.autojoin.handler;

import static dev.autojoin.handler.TestStack.call;
import static dev.autojoin.handler.TestStack.http;
import static dev.autojoin.handler.TestStack.sample;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autojoin.handler.TestStack.Reply;
import dev.autojoin.handler.TestStack.User;
import dev.autojoin.testing.Emulator;
import dev.autojoin.testing.EmulatorExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.ExtendWith;

/** Two accepts of one link at the same moment: one joins, the other is told the link was used. Own small table. */
@ExtendWith(EmulatorExtension.class)
class InviteRaceIT {
    private static final User ALICE = User.verified("alice@acme.com");

    private static Emulator emulator;
    private static TestStack stack;
    private static String acme;

    @BeforeAll
    static void givenAcme(Emulator shared) {
        emulator = shared;
        stack = new TestStack(emulator);
        acme = call(stack.settings, http("POST /companies", Map.of(), "{\"name\":\"Acme\"}", ALICE))
                .body()
                .path("id")
                .asText();
    }

    @RepeatedTest(3)
    void twoAcceptsRacing_oneGets200_theOther409_andOneMembershipExists() throws Exception {
        String address = "racer" + System.nanoTime() + "@initech.com";
        Reply invited = call(
                stack.invites,
                sample(
                        "http-post-invites.json",
                        Map.of("companyId", acme),
                        "{\"invites\":[{\"email\":\"" + address + "\"}]}",
                        ALICE));
        assertThat(invited.body().path("results").get(0).path("status").asText())
                .isEqualTo("invited");
        String token = InvitesIT.token(emulator.sentEmails().stream()
                .filter(e -> e.to().contains(address))
                .findFirst()
                .orElseThrow()
                .text());
        User racer = User.verified(address);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Integer> statuses = new ArrayList<>();
        List<String> codes = new ArrayList<>();
        try {
            List<Callable<Reply>> accepts = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                accepts.add(() -> {
                    start.await();
                    return call(
                            stack.invites, sample("http-post-invite-accept.json", Map.of("token", token), null, racer));
                });
            }
            List<Future<Reply>> running = new ArrayList<>();
            accepts.forEach(a -> running.add(pool.submit(a)));
            start.countDown();
            for (Future<Reply> reply : running) {
                statuses.add(reply.get().status());
                codes.add(reply.get().body().path("code").asText(""));
            }
        } finally {
            pool.shutdown();
        }

        assertThat(statuses).containsExactlyInAnyOrder(200, 409);
        assertThat(codes).contains("invitation_used");
        JsonNode me =
                call(stack.settings, http("GET /me", Map.of(), null, racer)).body();
        assertThat(me.path("companies"))
                .singleElement()
                .satisfies(c -> assertThat(c.path("id").asText()).isEqualTo(acme));
    }
}
