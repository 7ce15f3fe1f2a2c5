package dev.autojoin.handler;

import static dev.autojoin.handler.TeamsIT.DOMAIN;
import static dev.autojoin.handler.TeamsIT.TEAM;
import static dev.autojoin.handler.TeamsIT.company;
import static dev.autojoin.handler.TeamsIT.create;
import static dev.autojoin.handler.TeamsIT.strings;
import static dev.autojoin.handler.TeamsIT.team;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autojoin.handler.TestStack.Reply;
import dev.autojoin.handler.TestStack.User;
import dev.autojoin.testing.Emulator;
import dev.autojoin.testing.EmulatorExtension;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A domain's default teams over time: they take in people who join while the domain names them, and nobody else —
 * not a request approved after the domain was released, not a member who joined under other defaults.
 */
@ExtendWith(EmulatorExtension.class)
class DefaultTeamsIT {
    private static final String APPROVE = "POST /companies/{companyId}/join-requests/{userId}/approve";

    private static TestStack stack;

    @BeforeAll
    static void givenTheStack(Emulator given) {
        stack = new TestStack(given);
    }

    @Test
    void aRequestApprovedAfterTheDomainWasReleased_landsInNoTeam_andTheTeamIsNoLongerADefault() {
        Company co = Company.create(stack, "Released Co", User.verified("rae@released-co.com"))
                .withDomain("released-co.com", "suggest");
        String design = create(co, "Design");
        assertThat(defaults(co, "released-co.com", "{\"" + design + "\":[\"post_jobs\"]}")
                        .status())
                .isEqualTo(200);
        User asker = Company.signUp(stack, "asker@released-co.com");
        Reply asked = co.as(asker, "POST /companies/{companyId}/join-requests", Map.of(), null);
        Reply archiveWhileDefault = co.as(co.owner, "POST " + TEAM + "/archive", Map.of("teamId", design), null);

        Reply released = co.as(co.owner, "DELETE " + DOMAIN, Map.of("domain", "released-co.com"), null);
        Reply approved = co.as(co.owner, APPROVE, Map.of("userId", asker.sub()), null);
        JsonNode joined = company(co.me(asker), co.id);

        assertThat(asked.status()).isEqualTo(201);
        assertThat(archiveWhileDefault.status()).isEqualTo(409);
        assertThat(archiveWhileDefault.body().path("code").asText()).isEqualTo("default_team");
        assertThat(released.status()).isEqualTo(204);
        assertThat(approved.status()).as("%s", approved.body()).isEqualTo(200);
        // Once the domain is released the company's own defaults apply, and they name no team.
        assertThat(approved.body().path("teams")).as("teams in the approval").isEmpty();
        assertThat(joined).as("a member of the company").isNotNull();
        assertThat(joined.path("teams")).as("teams in GET /me").isEmpty();
        // The release took the domain off Design's defaultFor: nothing keeps it from being archived.
        assertThat(co.as(co.owner, "POST " + TEAM + "/archive", Map.of("teamId", design), null)
                        .status())
                .isEqualTo(200);
    }

    @Test
    void changingTheDefaults_neitherAddsNorStripsEarlierJoiners_andTheNextJoinerGetsTheNewOnes() {
        Company co = Company.create(stack, "Change Co", User.verified("cai@change-co.com"))
                .withDomain("change-co.com", "auto_join");
        String design = create(co, "Design");
        String sales = create(co, "Sales");
        assertThat(defaults(co, "change-co.com", "{\"" + design + "\":[\"post_jobs\"]}")
                        .status())
                .isEqualTo(200);
        User first = Company.signUp(stack, "first@change-co.com");

        Reply changed = defaults(co, "change-co.com", "{\"" + sales + "\":[\"hire\"]}");
        User next = Company.signUp(stack, "next@change-co.com");
        JsonNode firstNow = company(co.me(first), co.id);
        JsonNode nextNow = company(co.me(next), co.id);

        assertThat(changed.status()).as("%s", changed.body()).isEqualTo(200);
        assertThat(firstNow.path("teams")).as("the first joiner's teams").hasSize(1);
        assertThat(strings(team(firstNow, design).path("permissions"))).containsExactly("post_jobs");
        assertThat(team(firstNow, sales))
                .as("the first joiner is not added to the new default")
                .isNull();
        assertThat(nextNow.path("teams")).as("the next joiner's teams").hasSize(1);
        assertThat(strings(team(nextNow, sales).path("permissions"))).containsExactly("hire");
        assertThat(team(nextNow, design))
                .as("the next joiner is not put in the old default")
                .isNull();
    }

    private static Reply defaults(Company co, String domain, String teams) {
        return co.as(co.owner, "PATCH " + DOMAIN, Map.of("domain", domain), "{\"defaultTeams\":" + teams + "}");
    }
}
