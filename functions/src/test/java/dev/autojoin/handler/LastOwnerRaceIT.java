package dev.autojoin.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autojoin.config.Timeouts;
import dev.autojoin.handler.TestStack.Reply;
import dev.autojoin.handler.TestStack.User;
import dev.autojoin.testing.Emulator;
import dev.autojoin.testing.EmulatorExtension;
import dev.autojoin.testing.Rendezvous;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A company keeps an owner even when its two owners act against each other at the same moment: both requests make
 * every read (and pass every check in Java) before either writes, so only the conditions in DynamoDB stand between
 * them ({@link Rendezvous}).
 */
@ExtendWith(EmulatorExtension.class)
class LastOwnerRaceIT {
    private static final String PATCH = "PATCH /companies/{companyId}/members/{userId}";
    private static final String DELETE = "DELETE /companies/{companyId}/members/{userId}";

    private static final Rendezvous RACE = new Rendezvous();
    private static TestStack stack;
    private static ExecutorService threads;

    record Owners(Company company, User first, User second) {}

    @BeforeAll
    static void givenTheStack(Emulator emulator) {
        stack = new TestStack(emulator, emulator.endpoint().toString(), Timeouts.API, List.of(RACE));
        threads = Executors.newFixedThreadPool(2);
    }

    @AfterAll
    static void stopThreads() {
        threads.shutdownNow();
    }

    @RepeatedTest(3)
    void twoOwnersDemotingEachOtherAtOnce_oneSucceeds_theOtherGets409LastOwner() throws Exception {
        Owners o = twoOwners();

        List<Reply> replies = RACE.race(
                threads,
                () -> o.company()
                        .as(o.first(), PATCH, Map.of("userId", o.second().sub()), "{\"role\":\"admin\"}"),
                () -> o.company()
                        .as(o.second(), PATCH, Map.of("userId", o.first().sub()), "{\"role\":\"admin\"}"));

        assertThat(replies).extracting(Reply::status).containsExactlyInAnyOrder(200, 409);
        assertThat(replies)
                .filteredOn(r -> r.status() == 409)
                .allSatisfy(r -> assertThat(r.body().path("code").asText()).isEqualTo("last_owner"));
        assertThat(owners(o)).hasSize(1);
    }

    @RepeatedTest(3)
    void twoOwnersLeavingAtOnce_oneLeaves_theOtherGets409LastOwner() throws Exception {
        Owners o = twoOwners();

        List<Reply> replies = RACE.race(
                threads,
                () -> o.company()
                        .as(o.first(), DELETE, Map.of("userId", o.first().sub()), null),
                () -> o.company()
                        .as(o.second(), DELETE, Map.of("userId", o.second().sub()), null));

        assertThat(replies).extracting(Reply::status).containsExactlyInAnyOrder(204, 409);
        assertThat(replies)
                .filteredOn(r -> r.status() == 409)
                .allSatisfy(r -> assertThat(r.body().path("code").asText()).isEqualTo("last_owner"));
        assertThat(owners(o)).hasSize(1);
    }

    @RepeatedTest(3)
    void anOwnerRemovingTheOtherWhileLeaving_leavesExactlyOneOwner() throws Exception {
        Owners o = twoOwners();

        List<Reply> replies = RACE.race(
                threads,
                () -> o.company()
                        .as(o.first(), DELETE, Map.of("userId", o.second().sub()), null),
                () -> o.company()
                        .as(o.second(), DELETE, Map.of("userId", o.second().sub()), null));

        assertThat(replies).extracting(Reply::status).containsExactlyInAnyOrder(204, 409);
        assertThat(owners(o)).hasSize(1);
    }

    private static Owners twoOwners() {
        String tag = Long.toString(System.nanoTime(), 36);
        String domain = "race-" + tag + ".com";
        Company co = Company.create(stack, "Race " + tag, User.verified("alice@" + domain))
                .withDomain(domain, "auto_join");
        Owners o = new Owners(co, co.owner, co.member("bob@" + domain, "owner"));
        assertThat(owners(o)).hasSize(2);
        return o;
    }

    /** The owners, read as whichever of the two is still a member. */
    private static List<JsonNode> owners(Owners o) {
        Reply members = o.company().as(o.first(), "GET /companies/{companyId}/members", Map.of(), null);
        if (members.status() != 200) {
            members = o.company().as(o.second(), "GET /companies/{companyId}/members", Map.of(), null);
        }
        List<JsonNode> owners = new ArrayList<>();
        members.body().path("items").forEach(m -> {
            if (m.path("role").asText().equals("owner")) {
                owners.add(m);
            }
        });
        return owners;
    }
}
