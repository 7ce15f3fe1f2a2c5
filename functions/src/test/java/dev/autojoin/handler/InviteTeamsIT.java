package dev.autojoin.handler;

import static dev.autojoin.handler.TeamsIT.TEAM;
import static dev.autojoin.handler.TeamsIT.company;
import static dev.autojoin.handler.TeamsIT.create;
import static dev.autojoin.handler.TeamsIT.firstTeam;
import static dev.autojoin.handler.TeamsIT.put;
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
 * Invitations and join-request approvals that name teams: the person lands in exactly those teams with exactly those
 * flags, the grant rule holds per team, and the company-level jobs, hiring and spending flags are gone.
 */
@ExtendWith(EmulatorExtension.class)
class InviteTeamsIT {
    private static final String INVITES = "POST /companies/{companyId}/invites";
    private static final String APPROVE = "POST /companies/{companyId}/join-requests/{userId}/approve";

    private static TestStack stack;
    private static Emulator emulator;

    @BeforeAll
    static void givenTheStack(Emulator given) {
        emulator = given;
        stack = new TestStack(given);
    }

    @Test
    void anInvitationNamingDesignWithPostJobs_landsInDesignWithPostJobsOnly_byLinkAndAtSignup() {
        Company co = Company.create(stack, "Invite Team Co", User.verified("ida@invite-team-co.com"));
        String design = create(co, "Design");
        // Already signed up: joins by the link. Not yet: joins at sign-up.
        User byLink = Company.signUp(stack, "link@invitee-one.com");

        Reply invited = invite(co, co.owner, "link@invitee-one.com", teams(design, "post_jobs"));
        Reply invitedToo = invite(co, co.owner, "signup@invitee-one.com", teams(design, "post_jobs"));
        Reply resent = co.as(
                co.owner,
                "POST /companies/{companyId}/invites/{inviteId}/resend",
                Map.of(
                        "inviteId",
                        invitedToo
                                .body()
                                .path("results")
                                .get(0)
                                .path("inviteId")
                                .asText()),
                null);
        JsonNode listed = co.as(co.owner, "GET /companies/{companyId}/invites", Map.of(), null)
                .body()
                .path("items");
        Reply accepted = accept(byLink, "link@invitee-one.com");
        User atSignup = Company.signUp(stack, "signup@invitee-one.com");

        assertThat(invited.status()).as("%s", invited.body()).isEqualTo(200);
        assertThat(invited.body().path("results").get(0).path("status").asText())
                .isEqualTo("invited");
        assertThat(invitedToo.status()).isEqualTo(200);
        assertThat(resent.status()).as("%s", resent.body()).isEqualTo(200);
        assertThat(strings(resent.body().path("teams").path(design)))
                .as("a resend keeps the teams")
                .containsExactly("post_jobs");
        assertThat(listed).allSatisfy(i -> assertThat(strings(i.path("teams").path(design)))
                .containsExactly("post_jobs"));
        assertThat(accepted.status()).as("%s", accepted.body()).isEqualTo(200);
        for (User joined : new User[] {byLink, atSignup}) {
            JsonNode mine = company(co.me(joined), co.id);
            assertThat(mine).as("%s joined", joined.email()).isNotNull();
            assertThat(mine.path("permissions")).as("no company flag").isEmpty();
            assertThat(mine.path("teams")).as("in Design only").hasSize(1);
            assertThat(strings(team(mine, design).path("permissions"))).containsExactly("post_jobs");
        }
    }

    @Test
    void anInviterWithoutTheFlagInThatTeam_gets403CannotGrant_andNothingIsWritten() {
        Company co = Company.create(stack, "Grant Team Co", User.verified("gus@grant-team-co.com"))
                .withDomain("grant-team-co.com", "auto_join");
        String design = create(co, "Design");
        User inviter = co.member("inviter@grant-team-co.com", "member", "invite");
        User teamAdmin = co.member("lead@grant-team-co.com", "member", "invite");
        assertThat(put(co, co.owner, design, teamAdmin, "team_admin").status()).isEqualTo(200);
        int mails = mailed().size();

        // Naming a team at all is putting someone in it: manage_members or team_admin there.
        Reply noFlag = invite(co, inviter, "one@invitee-two.com", teams(design));
        // A team admin may name their team, but grants only the flags they hold there.
        Reply postJobs = invite(co, teamAdmin, "two@invitee-two.com", teams(design, "post_jobs"));
        Reply unknown = invite(co, co.owner, "three@invitee-two.com", teams("no-such-team"));
        JsonNode listed = co.as(co.owner, "GET /companies/{companyId}/invites", Map.of(), null)
                .body()
                .path("items");
        Reply placed = invite(co, teamAdmin, "four@invitee-two.com", teams(design));

        assertThat(noFlag.status()).as("%s", noFlag.body()).isEqualTo(403);
        assertThat(noFlag.body().path("code").asText()).isEqualTo("cannot_grant");
        assertThat(postJobs.status()).as("%s", postJobs.body()).isEqualTo(403);
        assertThat(postJobs.body().path("code").asText()).isEqualTo("cannot_grant");
        assertThat(postJobs.body().path("detail").asText()).contains("post_jobs");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body().path("code").asText()).isEqualTo("invalid_teams");
        assertThat(listed).as("nothing written").isEmpty();
        assertThat(placed.status()).as("%s", placed.body()).isEqualTo(200);
        assertThat(mailed()).as("only the last invitation was mailed").hasSize(mails + 1);
    }

    @Test
    void aTeamArchivedBetweenInviteAndAccept_isSkipped() {
        Company co = Company.create(stack, "Skip Team Co", User.verified("sam@skip-team-co.com"));
        String general = firstTeam(co);
        String design = create(co, "Design");
        Reply invited = invite(
                co,
                co.owner,
                "late@invitee-three.com",
                "{\"" + general + "\":[\"hire\"],\"" + design + "\":[\"post_jobs\"]}");
        Reply archived = co.as(co.owner, "POST " + TEAM + "/archive", Map.of("teamId", design), null);

        User late = Company.signUp(stack, "late@invitee-three.com");
        JsonNode mine = company(co.me(late), co.id);

        assertThat(invited.status()).as("%s", invited.body()).isEqualTo(200);
        assertThat(archived.status()).isEqualTo(200);
        assertThat(mine).as("joined").isNotNull();
        assertThat(team(mine, design)).as("not in the archived team").isNull();
        assertThat(strings(team(mine, general).path("permissions"))).containsExactly("hire");
    }

    @Test
    void aRemovedMemberInvitedBack_getsExactlyTheInvitationsTeams() {
        Company co = Company.create(stack, "Back Team Co", User.verified("bea@back-team-co.com"))
                .withDomain("back-team-co.com", "auto_join");
        String general = firstTeam(co);
        String design = create(co, "Design");
        User removed = co.member("gone@back-team-co.com", "member");
        assertThat(put(co, co.owner, general, removed, "post_jobs", "hire").status())
                .isEqualTo(200);
        Reply out = co.as(
                co.owner, "DELETE /companies/{companyId}/members/{userId}", Map.of("userId", removed.sub()), null);

        Reply invited = invite(co, co.owner, "gone@back-team-co.com", teams(design, "view_spending"));
        Reply accepted = accept(removed, "gone@back-team-co.com");
        JsonNode back = company(co.me(removed), co.id);

        assertThat(out.status()).isEqualTo(204);
        assertThat(invited.status()).as("%s", invited.body()).isEqualTo(200);
        assertThat(accepted.status()).as("%s", accepted.body()).isEqualTo(200);
        assertThat(back.path("teams")).as("Design only, nothing from before").hasSize(1);
        assertThat(team(back, general)).isNull();
        assertThat(strings(team(back, design).path("permissions"))).containsExactly("view_spending");
    }

    @Test
    void anApprovalNamingTeams_landsThePersonInThoseTeams_underTheGrantRulePerTeam() {
        Company co = Company.create(stack, "Approve Team Co", User.verified("amy@approve-team-co.com"))
                .withDomain("approve-team-co.com", "suggest");
        String general = firstTeam(co);
        String design = create(co, "Design");
        Reply defaults = co.as(
                co.owner,
                "PATCH " + TeamsIT.DOMAIN,
                Map.of("domain", "approve-team-co.com"),
                "{\"defaultTeams\":" + teams(general, "post_jobs") + "}");
        User manager = Company.signUp(stack, "manny@approve-team-co.com");
        co.as(manager, "POST /companies/{companyId}/join-requests", Map.of(), null);
        co.as(co.owner, APPROVE, Map.of("userId", manager.sub()), null);
        co.as(
                co.owner,
                "PATCH /companies/{companyId}/members/{userId}",
                Map.of("userId", manager.sub()),
                "{\"permissions\":[\"manage_members\"]}");
        User asker = Company.signUp(stack, "asker@approve-team-co.com");
        co.as(asker, "POST /companies/{companyId}/join-requests", Map.of(), null);

        // manage_members puts people in any team, but grants no flag it does not hold there.
        Reply hireByManager =
                co.as(manager, APPROVE, Map.of("userId", asker.sub()), "{\"teams\":" + teams(design, "hire") + "}");
        Reply unknown =
                co.as(co.owner, APPROVE, Map.of("userId", asker.sub()), "{\"teams\":" + teams("no-such-team") + "}");
        Reply approved =
                co.as(co.owner, APPROVE, Map.of("userId", asker.sub()), "{\"teams\":" + teams(design, "hire") + "}");
        JsonNode mine = company(co.me(asker), co.id);

        assertThat(defaults.status()).as("%s", defaults.body()).isEqualTo(200);
        assertThat(hireByManager.status()).as("%s", hireByManager.body()).isEqualTo(403);
        assertThat(hireByManager.body().path("code").asText()).isEqualTo("cannot_grant");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body().path("code").asText()).isEqualTo("invalid_teams");
        assertThat(approved.status()).as("%s", approved.body()).isEqualTo(200);
        assertThat(mine.path("teams"))
                .as("the named teams instead of the domain's defaults")
                .hasSize(1);
        assertThat(strings(team(mine, design).path("permissions"))).containsExactly("hire");
        assertThat(strings(team(company(co.me(manager), co.id), general).path("permissions")))
                .as("no body: the domain's default teams, as before")
                .containsExactly("post_jobs");
    }

    @Test
    void theCompanyLevelJobsHiringAndSpendingFlags_answer400_sayingTheyAreTeamFlags() {
        Company co = Company.create(stack, "Flag Co", User.verified("fred@flag-co.com"))
                .withDomain("flag-co.com", "auto_join");
        User bob = Company.signUp(stack, "bob@flag-co.com");

        Reply invite = co.as(
                co.owner,
                INVITES,
                Map.of(),
                "{\"invites\":[{\"email\":\"x@invitee-four.com\",\"permissions\":[\"post_jobs\"]}]}");
        Reply settings = co.as(
                co.owner, "PATCH /companies/{companyId}/settings", Map.of(), "{\"defaultPermissions\":[\"hire\"]}");
        Reply domain = co.as(
                co.owner,
                "PATCH " + TeamsIT.DOMAIN,
                Map.of("domain", "flag-co.com"),
                "{\"defaultPermissions\":[\"view_spending\"]}");
        Reply member = co.as(
                co.owner,
                "PATCH /companies/{companyId}/members/{userId}",
                Map.of("userId", bob.sub()),
                "{\"permissions\":[\"post_jobs\"]}");

        for (Reply refused : new Reply[] {invite, settings, domain, member}) {
            assertThat(refused.status()).as("%s", refused.body()).isEqualTo(400);
            assertThat(refused.body().path("code").asText()).isEqualTo("invalid_permission");
            assertThat(refused.body().path("detail").asText()).contains("team flag");
        }
        assertThat(company(co.me(bob), co.id).path("permissions"))
                .as("auto-join grants no company flag")
                .isEmpty();
    }

    // ---- helpers

    private static Reply invite(Company co, User by, String email, String teams) {
        return co.as(by, INVITES, Map.of(), "{\"invites\":[{\"email\":\"" + email + "\",\"teams\":" + teams + "}]}");
    }

    private static Reply accept(User user, String email) {
        String token = stack.lastLinkTo(TestStack.INVITE_LINK, email);
        return TestStack.call(
                stack.invites, TestStack.http("POST /invites/{token}/accept", Map.of("token", token), null, user));
    }

    /** {@code {"<teamId>": [flags...]}}. */
    private static String teams(String teamId, String... flags) {
        return "{\"" + teamId + "\":" + Company.array(flags) + "}";
    }

    private static java.util.List<Emulator.SentEmail> mailed() {
        stack.mailInvitations();
        return emulator.sentEmails();
    }
}
