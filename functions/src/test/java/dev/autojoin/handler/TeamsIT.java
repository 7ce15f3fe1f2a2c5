package dev.autojoin.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autojoin.handler.TestStack.Reply;
import dev.autojoin.handler.TestStack.User;
import dev.autojoin.testing.Emulator;
import dev.autojoin.testing.EmulatorExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Teams through the real routes: the first team, the last-team rule, team members and the grant rule per team. */
@ExtendWith(EmulatorExtension.class)
class TeamsIT {
    static final String TEAMS = "/companies/{companyId}/teams";
    static final String TEAM = TEAMS + "/{teamId}";
    static final String TEAM_MEMBER = TEAM + "/members/{userId}";
    static final String DOMAIN = "/companies/{companyId}/domains/{domain}";

    private static TestStack stack;

    @BeforeAll
    static void givenTheStack(Emulator given) {
        stack = new TestStack(given);
    }

    @Test
    void aNewCompany_hasOneTeam_theFounderIsInItWithEveryTeamFlag_andMeShowsIt() {
        Company co = Company.create(stack, "First Team Co", User.verified("fay@first-team-co.com"));

        JsonNode teams = co.as(co.owner, "GET " + TEAMS, Map.of(), null).body().path("items");
        JsonNode mine = company(co.me(co.owner), co.id);

        assertThat(teams).hasSize(1);
        assertThat(teams.get(0).path("name").asText()).isEqualTo("General");
        assertThat(teams.get(0).path("archived").asBoolean()).isFalse();
        assertThat(mine.path("teams")).hasSize(1);
        assertThat(strings(mine.path("teams").get(0).path("permissions")))
                .containsExactlyInAnyOrder("team_admin", "post_jobs", "hire", "view_spending");
        assertThat(audit(co).get(audit(co).size() - 1).path("action").asText()).isEqualTo("company.created");
    }

    @Test
    void theLastTeam_cannotBeArchived_anotherCan_andIsRestorable() {
        Company co = Company.create(stack, "Archive Co", User.verified("ann@archive-co.com"));
        String general = firstTeam(co);

        Reply last = co.as(co.owner, "POST " + TEAM + "/archive", Map.of("teamId", general), null);
        String design = create(co, "Design");
        Reply archived = co.as(co.owner, "POST " + TEAM + "/archive", Map.of("teamId", design), null);
        Reply lastAgain = co.as(co.owner, "POST " + TEAM + "/archive", Map.of("teamId", general), null);
        Reply renameArchived =
                co.as(co.owner, "PATCH " + TEAM, Map.of("teamId", design), Company.json("name", "Designers"));
        Reply restored = co.as(co.owner, "POST " + TEAM + "/restore", Map.of("teamId", design), null);
        Reply nowGeneral = co.as(co.owner, "POST " + TEAM + "/archive", Map.of("teamId", general), null);

        assertThat(last.status()).isEqualTo(409);
        assertThat(last.body().path("code").asText()).isEqualTo("last_team");
        assertThat(archived.status()).as("%s", archived.body()).isEqualTo(200);
        assertThat(archived.body().path("archived").asBoolean()).isTrue();
        assertThat(archived.body().path("restorableUntil").asText()).isNotBlank();
        assertThat(lastAgain.body().path("code").asText()).isEqualTo("last_team");
        assertThat(renameArchived.body().path("code").asText()).isEqualTo("team_archived");
        assertThat(restored.status()).isEqualTo(200);
        assertThat(restored.body().path("archived").asBoolean()).isFalse();
        assertThat(nowGeneral.status()).as("another active team remains").isEqualTo(200);
        assertThat(actions(co)).contains("team.created", "team.archived", "team.restored");
    }

    @Test
    void aRename_needsIfMatchToBeCurrent_andReachesTheList() {
        Company co = Company.create(stack, "Rename Co", User.verified("rae@rename-co.com"));
        String team = create(co, "Ops");

        Reply stale = co.as(
                co.owner,
                "PATCH " + TEAM,
                Map.of("teamId", team),
                Company.json("name", "Operations"),
                "if-match",
                "\"7\"");
        Reply renamed = co.as(
                co.owner,
                "PATCH " + TEAM,
                Map.of("teamId", team),
                Company.json("name", "Operations"),
                "if-match",
                "\"1\"");
        Reply badName = co.as(co.owner, "PATCH " + TEAM, Map.of("teamId", team), Company.json("name", " x"));
        Reply unknown = co.as(co.owner, "PATCH " + TEAM, Map.of("teamId", "nope"), Company.json("name", "X"));

        assertThat(stale.status()).isEqualTo(412);
        assertThat(renamed.status()).isEqualTo(200);
        assertThat(renamed.headers()).containsEntry("etag", "\"2\"");
        assertThat(badName.body().path("code").asText()).isEqualTo("invalid_name");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body().path("code").asText()).isEqualTo("team_not_found");
        assertThat(co.as(co.owner, "GET " + TEAMS, Map.of(), null).body().toString())
                .contains("Operations");
    }

    @Test
    void teamMembers_areAddedChangedAndRemoved_withTheGrantRulePerTeam() {
        Company co = Company.create(stack, "Grant Co", User.verified("gia@grant-co.com"))
                .withDomain("grant-co.com", "auto_join");
        String design = create(co, "Design");
        String sales = create(co, "Sales");
        User lead = co.member("lead@grant-co.com", "member");
        User worker = co.member("worker@grant-co.com", "member");

        // The owner makes lead the admin of Design, with post_jobs there only.
        Reply leadIn = put(co, co.owner, design, lead, "team_admin", "post_jobs");
        // The team admin adds a member with what they hold in Design...
        Reply workerIn = put(co, lead, design, worker, "post_jobs");
        // ...but not hire, which they do not hold there, nor anything in Sales, where they are no admin.
        Reply hire = put(co, lead, design, worker, "post_jobs", "hire");
        Reply inSales = put(co, lead, sales, worker);
        // A plain member manages no team.
        Reply byWorker = put(co, worker, design, lead);

        assertThat(leadIn.status()).as("%s", leadIn.body()).isEqualTo(200);
        assertThat(workerIn.status()).as("%s", workerIn.body()).isEqualTo(200);
        assertThat(workerIn.body().path("teams").get(0).path("teamId").asText()).isEqualTo(design);
        assertThat(hire.status()).isEqualTo(403);
        assertThat(hire.body().path("code").asText()).isEqualTo("cannot_grant");
        assertThat(inSales.status()).isEqualTo(403);
        assertThat(inSales.body().path("code").asText()).isEqualTo("forbidden");
        assertThat(byWorker.status()).isEqualTo(403);
        JsonNode workerDesign = team(company(co.me(worker), co.id), design);
        assertThat(workerDesign).as("GET /me shows the worker in Design").isNotNull();
        assertThat(strings(workerDesign.path("permissions"))).containsExactly("post_jobs");
        assertThat(team(company(co.me(worker), co.id), sales))
                .as("nor in Sales")
                .isNull();

        // Taking away is no grant; the worker leaves on their own; leaving twice is 404.
        Reply none = put(co, lead, design, worker);
        Reply left = co.as(worker, "DELETE " + TEAM_MEMBER, Map.of("teamId", design, "userId", worker.sub()), null);
        Reply again = co.as(worker, "DELETE " + TEAM_MEMBER, Map.of("teamId", design, "userId", worker.sub()), null);

        assertThat(none.status()).isEqualTo(200);
        assertThat(left.status()).isEqualTo(204);
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.body().path("code").asText()).isEqualTo("team_member_not_found");
        assertThat(actions(co)).contains("team.member_added", "team.member_updated", "team.member_removed");
    }

    @Test
    void nobodyJoinsAnArchivedTeam_andBadPermissionsChangeNothing() {
        Company co = Company.create(stack, "Closed Co", User.verified("cal@closed-co.com"))
                .withDomain("closed-co.com", "auto_join");
        String old = create(co, "Old");
        User someone = co.member("someone@closed-co.com", "member");
        co.as(co.owner, "POST " + TEAM + "/archive", Map.of("teamId", old), null);

        Reply archived = put(co, co.owner, old, someone, "post_jobs");
        Reply bad = co.as(
                co.owner,
                "PUT " + TEAM_MEMBER,
                Map.of("teamId", firstTeam(co), "userId", someone.sub()),
                "{\"permissions\":[\"pay\"]}");
        Reply missing =
                co.as(co.owner, "PUT " + TEAM_MEMBER, Map.of("teamId", firstTeam(co), "userId", someone.sub()), "{}");

        assertThat(archived.status()).isEqualTo(409);
        assertThat(archived.body().path("code").asText()).isEqualTo("team_archived");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(missing.status()).isEqualTo(400);
        assertThat(company(co.me(someone), co.id).path("teams")).isEmpty();
    }

    @Test
    void aRemovedMember_invitedBack_comesBackInNoTeam() {
        Company co = Company.create(stack, "Return Co", User.verified("ron@return-co.com"))
                .withDomain("return-co.com", "auto_join");
        String general = firstTeam(co);
        User removed = co.member("removed@return-co.com", "member");
        assertThat(put(co, co.owner, general, removed, "post_jobs").status()).isEqualTo(200);
        // The domain puts joiners in General: a person invited back still returns to no team.
        Reply defaults = co.as(
                co.owner,
                "PATCH " + DOMAIN,
                Map.of("domain", "return-co.com"),
                "{\"defaultTeams\":{\"" + general + "\":[\"post_jobs\"]}}");
        assertThat(defaults.status()).isEqualTo(200);

        Reply out = co.as(
                co.owner, "DELETE /companies/{companyId}/members/{userId}", Map.of("userId", removed.sub()), null);
        // Only an accepted invitation brings a removed member back: into no team, whatever they held before.
        Reply invited = co.as(
                co.owner,
                "POST /companies/{companyId}/invites",
                Map.of(),
                "{\"invites\":[{\"email\":\"removed@return-co.com\",\"role\":\"member\",\"permissions\":[]}]}");
        String token = stack.lastLinkTo(TestStack.INVITE_LINK, "removed@return-co.com");
        Reply accepted = TestStack.call(
                stack.invites, TestStack.http("POST /invites/{token}/accept", Map.of("token", token), null, removed));
        JsonNode back = company(co.me(removed), co.id);

        assertThat(out.status()).isEqualTo(204);
        assertThat(invited.status()).as("%s", invited.body()).isEqualTo(200);
        assertThat(accepted.status()).as("%s", accepted.body()).isIn(200, 201);
        assertThat(back).as("back in the company").isNotNull();
        assertThat(team(back, general)).isNull();
        assertThat(back.path("teams")).as("in no team").isEmpty();
    }

    @Test
    void aDomainsDefaultTeams_takeInLaterJoinersOnly_andCannotBeArchived() {
        Company co = Company.create(stack, "Default Co", User.verified("dee@default-co.com"))
                .withDomain("default-co.com", "auto_join");
        String design = create(co, "Design");
        User before = Company.signUp(stack, "before@default-co.com");

        Reply defaults = co.as(
                co.owner,
                "PATCH " + DOMAIN,
                Map.of("domain", "default-co.com"),
                "{\"defaultTeams\":{\"" + design + "\":[\"post_jobs\"]}}");
        User after = Company.signUp(stack, "after@default-co.com");
        Reply archive = co.as(co.owner, "POST " + TEAM + "/archive", Map.of("teamId", design), null);
        Reply unknown = co.as(
                co.owner, "PATCH " + DOMAIN, Map.of("domain", "default-co.com"), "{\"defaultTeams\":{\"nope\":[]}}");

        assertThat(defaults.status()).as("%s", defaults.body()).isEqualTo(200);
        assertThat(defaults.body().path("defaultTeams").path(design).get(0).asText())
                .isEqualTo("post_jobs");
        JsonNode joined = team(company(co.me(after), co.id), design);
        assertThat(joined).as("a later joiner lands in Design").isNotNull();
        assertThat(strings(joined.path("permissions"))).containsExactly("post_jobs");
        assertThat(company(co.me(before), co.id).path("teams"))
                .as("an earlier joiner is not added")
                .isEmpty();
        assertThat(archive.status()).isEqualTo(409);
        assertThat(archive.body().path("code").asText()).isEqualTo("default_team");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body().path("code").asText()).isEqualTo("invalid_default_teams");

        // No longer a default: the team can go, and the person who joined into it is not stripped by the change.
        Reply cleared = co.as(co.owner, "PATCH " + DOMAIN, Map.of("domain", "default-co.com"), "{\"defaultTeams\":{}}");
        assertThat(cleared.status()).isEqualTo(200);
        assertThat(team(company(co.me(after), co.id), design)).isNotNull();
        assertThat(co.as(co.owner, "POST " + TEAM + "/archive", Map.of("teamId", design), null)
                        .status())
                .isEqualTo(200);
    }

    @Test
    void defaultTeams_needTheirFlagsHeldInEachTeam_andAnApprovedRequestLandsInThem() {
        Company co =
                Company.create(stack, "Ask Co", User.verified("ava@ask-co.com")).withDomain("ask-co.com", "suggest");
        String design = create(co, "Design");
        User settingsOnly = Company.signUp(stack, "settings@ask-co.com");
        co.as(co.owner, "POST /companies/{companyId}/join-requests", Map.of(), null); // the owner is a member: no-op
        Reply asked = co.as(settingsOnly, "POST /companies/{companyId}/join-requests", Map.of(), null);
        Reply approved = co.as(
                co.owner,
                "POST /companies/{companyId}/join-requests/{userId}/approve",
                Map.of("userId", settingsOnly.sub()),
                null);
        Reply granted = co.as(
                co.owner,
                "PATCH /companies/{companyId}/members/{userId}",
                Map.of("userId", settingsOnly.sub()),
                "{\"permissions\":[\"manage_settings\"]}");
        // manage_settings, but no flag in Design: naming Design with post_jobs grants what they lack there.
        Reply refused = co.as(
                settingsOnly,
                "PATCH " + DOMAIN,
                Map.of("domain", "ask-co.com"),
                "{\"defaultTeams\":{\"" + design + "\":[\"post_jobs\"]}}");
        Reply set = co.as(
                co.owner,
                "PATCH " + DOMAIN,
                Map.of("domain", "ask-co.com"),
                "{\"defaultTeams\":{\"" + design + "\":[\"post_jobs\"]}}");
        User asker = Company.signUp(stack, "asker@ask-co.com");
        co.as(asker, "POST /companies/{companyId}/join-requests", Map.of(), null);
        Reply admitted = co.as(
                co.owner,
                "POST /companies/{companyId}/join-requests/{userId}/approve",
                Map.of("userId", asker.sub()),
                null);

        assertThat(asked.status()).isEqualTo(201);
        assertThat(approved.status()).isEqualTo(200);
        assertThat(granted.status()).isEqualTo(200);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body().path("code").asText()).isEqualTo("cannot_grant");
        assertThat(set.status()).isEqualTo(200);
        assertThat(admitted.status()).as("%s", admitted.body()).isEqualTo(200);
        assertThat(admitted.body().path("teams").get(0).path("teamId").asText()).isEqualTo(design);
        assertThat(strings(team(company(co.me(asker), co.id), design).path("permissions")))
                .containsExactly("post_jobs");
    }

    // ---- helpers

    static String create(Company co, String name) {
        Reply created = co.as(co.owner, "POST " + TEAMS, Map.of(), Company.json("name", name));
        assertThat(created.status())
                .as("create team %s: %s", name, created.body())
                .isEqualTo(201);
        return created.body().path("id").asText();
    }

    static String firstTeam(Company co) {
        return co.as(co.owner, "GET " + TEAMS, Map.of(), null)
                .body()
                .path("items")
                .get(0)
                .path("id")
                .asText();
    }

    static Reply put(Company co, User actor, String teamId, User member, String... permissions) {
        return co.as(
                actor,
                "PUT " + TEAM_MEMBER,
                Map.of("teamId", teamId, "userId", member.sub()),
                "{\"permissions\":" + Company.array(permissions) + "}");
    }

    static JsonNode company(JsonNode me, String companyId) {
        for (JsonNode c : me.path("companies")) {
            if (c.path("id").asText().equals(companyId)) {
                return c;
            }
        }
        return null;
    }

    /** The team in the company's entry of GET /me, or null when the caller is not in it. */
    static JsonNode team(JsonNode company, String teamId) {
        for (JsonNode t : company.path("teams")) {
            if (t.path("id").asText().equals(teamId)) {
                return t;
            }
        }
        return null;
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }

    private static List<JsonNode> audit(Company co) {
        List<JsonNode> out = new ArrayList<>();
        co.as(co.owner, "GET /companies/{companyId}/audit", Map.of(), null)
                .body()
                .path("items")
                .forEach(out::add);
        return out;
    }

    private static List<String> actions(Company co) {
        return audit(co).stream().map(e -> e.path("action").asText()).toList();
    }
}
