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
 * A company keeps an active team even when two of its admins archive its last two teams at the same moment: both
 * requests make every read (and pass every check in Java) before either writes ({@link Rendezvous}), so only the
 * condition on the profile's {@code teamCount} stands between them.
 */
@ExtendWith(EmulatorExtension.class)
class TeamRacesIT {
    private static final String ARCHIVE = "POST /companies/{companyId}/teams/{teamId}/archive";

    private static final Rendezvous RACE = new Rendezvous();
    private static TestStack stack;
    private static ExecutorService threads;

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
    void twoAdminsArchivingTheLastTwoTeamsAtOnce_oneSucceeds_theOtherGets409LastTeam() throws Exception {
        String tag = Long.toString(System.nanoTime(), 36);
        String domain = "team-race-" + tag + ".com";
        Company co = Company.create(stack, "Team race " + tag, User.verified("alice@" + domain))
                .withDomain(domain, "auto_join");
        User admin = co.member("bob@" + domain, "admin");
        String general = TeamsIT.firstTeam(co);
        String design = TeamsIT.create(co, "Design");

        List<Reply> replies = RACE.race(
                threads,
                () -> co.as(co.owner, ARCHIVE, Map.of("teamId", general), null),
                () -> co.as(admin, ARCHIVE, Map.of("teamId", design), null));

        assertThat(replies).extracting(Reply::status).containsExactlyInAnyOrder(200, 409);
        assertThat(replies)
                .filteredOn(r -> r.status() == 409)
                .allSatisfy(r -> assertThat(r.body().path("code").asText()).isEqualTo("last_team"));
        assertThat(activeTeams(co)).hasSize(1);
    }

    @RepeatedTest(3)
    void archivingATeamWhileADomainMakesItADefault_oneWins_neverAnArchivedDefault() throws Exception {
        String tag = Long.toString(System.nanoTime(), 36);
        String domain = "default-race-" + tag + ".com";
        Company co = Company.create(stack, "Default race " + tag, User.verified("alice@" + domain))
                .withDomain(domain, "auto_join");
        String design = TeamsIT.create(co, "Design");

        List<Reply> replies = RACE.race(
                threads,
                () -> co.as(
                        co.owner,
                        "PATCH /companies/{companyId}/domains/{domain}",
                        Map.of("domain", domain),
                        "{\"defaultTeams\":{\"" + design + "\":[\"post_jobs\"]}}"),
                () -> co.as(co.owner, ARCHIVE, Map.of("teamId", design), null));

        Reply configured = replies.get(0);
        Reply archived = replies.get(1);
        assertThat(List.of(configured.status(), archived.status())).containsExactlyInAnyOrder(200, 409);
        if (configured.status() == 200) {
            assertThat(archived.body().path("code").asText()).isEqualTo("default_team");
            assertThat(activeTeams(co)).hasSize(2);
        } else {
            assertThat(configured.body().path("code").asText()).isEqualTo("team_archived");
            assertThat(activeTeams(co)).hasSize(1);
        }
    }

    private static List<JsonNode> activeTeams(Company co) {
        List<JsonNode> active = new ArrayList<>();
        co.as(co.owner, "GET /companies/{companyId}/teams", Map.of(), null)
                .body()
                .path("items")
                .forEach(t -> {
                    if (!t.path("archived").asBoolean()) {
                        active.add(t);
                    }
                });
        return active;
    }
}
