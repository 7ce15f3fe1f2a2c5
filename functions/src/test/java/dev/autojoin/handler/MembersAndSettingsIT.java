package dev.autojoin.handler;

import static dev.autojoin.handler.Company.signUp;
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
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@ExtendWith(EmulatorExtension.class)
class MembersAndSettingsIT {
    private static TestStack stack;
    private static Emulator emulator;

    @BeforeAll
    static void givenTheStack(Emulator given) {
        emulator = given;
        stack = new TestStack(given);
    }

    @Test
    void settings_needIfMatch_refuseAStaleOne_andAnswerTheNextVersion() {
        Company co = Company.create(stack, "Settings Co", User.verified("olivia@settings-co.com"));
        String patch = "{\"notify\":\"requests_only\",\"invitationExpiryDays\":14}";

        Reply missing = co.as(co.owner, "PATCH /companies/{companyId}/settings", Map.of(), patch);
        Reply fresh = co.as(co.owner, "PATCH /companies/{companyId}/settings", Map.of(), patch, "if-match", "\"1\"");
        Reply stale = co.as(
                co.owner,
                "PATCH /companies/{companyId}/settings",
                Map.of(),
                "{\"notify\":\"none\"}",
                "if-match",
                "\"1\"");
        Reply tooLong = co.as(
                co.owner,
                "PATCH /companies/{companyId}/settings",
                Map.of(),
                "{\"invitationExpiryDays\":31}",
                "if-match",
                "\"2\"");
        Reply owner = co.as(
                co.owner,
                "PATCH /companies/{companyId}/settings",
                Map.of(),
                "{\"defaultRole\":\"owner\"}",
                "if-match",
                "\"2\"");

        assertThat(missing.status()).isEqualTo(428);
        assertThat(missing.body().path("code").asText()).isEqualTo("if_match_required");
        assertThat(fresh.status()).isEqualTo(200);
        assertThat(fresh.headers()).containsEntry("etag", "\"2\"");
        assertThat(fresh.body().path("version").asLong()).isEqualTo(2);
        assertThat(fresh.body().path("settings").path("notify").asText()).isEqualTo("requests_only");
        assertThat(fresh.body().path("settings").path("invitationExpiryDays").asInt())
                .isEqualTo(14);
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.body().path("code").asText()).isEqualTo("version_conflict");
        assertThat(tooLong.body().path("code").asText()).isEqualTo("invalid_invitation_expiry");
        assertThat(owner.body().path("code").asText()).isEqualTo("invalid_default_role");
        assertThat(co.etag()).isEqualTo("\"2\"");
        JsonNode entry = audit(co, co.owner).get(0);
        assertThat(entry.path("action").asText()).isEqualTo("settings.updated");
        assertThat(entry.path("actor").path("userId").asText()).isEqualTo(co.owner.sub());
        assertThat(entry.path("before").path("notify").asText()).isEqualTo("every_join");
        assertThat(entry.path("after").path("notify").asText()).isEqualTo("requests_only");
    }

    @Test
    void aRename_reachesMembersCompanyLists_domainClaims_andLaterJoiners() {
        Company co = Company.create(stack, "Rename Co", User.verified("rita@rename-co.com"))
                .withDomain("rename-co.com", "auto_join");
        User bob = signUp(stack, "bob@rename-co.com");

        String etag = co.etag();
        stack.requests.reset();
        Reply renamed = co.as(
                co.owner,
                "PATCH /companies/{companyId}/settings",
                Map.of(),
                "{\"name\":\"Renamed Co\"}",
                "if-match",
                etag);
        // The rename itself, then the copy: 3 queries, one update per copy (2 memberships, 1 domain claim).
        assertThat(stack.requests.snapshot())
                .isEqualTo(Map.of(
                        "DynamoDb.BatchGetItem", 1,
                        "DynamoDb.GetItem", 3,
                        "DynamoDb.TransactWriteItems", 1,
                        "DynamoDb.Query", 3,
                        "DynamoDb.UpdateItem", 3,
                        "DynamoDb.DeleteItem", 1));
        User carol = signUp(stack, "carol@rename-co.com");

        assertThat(renamed.status()).isEqualTo(200);
        assertThat(co.me(bob).path("companies").get(0).path("name").asText()).isEqualTo("Renamed Co");
        assertThat(co.me(co.owner).path("companies").get(0).path("name").asText())
                .isEqualTo("Renamed Co");
        assertThat(co.me(carol).path("companies").get(0).path("name").asText()).isEqualTo("Renamed Co");
        assertThat(schedule().path("renamesUnfinished").asInt()).isZero();
    }

    @Test
    void members_showRoleFlagsAndProvenance_andOnlyManagersSeeEveryonesEmail() {
        Company co = Company.create(stack, "List Co", User.verified("lena@list-co.com"))
                .withDomain("list-co.com", "auto_join");
        User bob = signUp(stack, "bob@list-co.com");

        JsonNode byOwner = members(co, co.owner);
        JsonNode byBob = members(co, bob);

        JsonNode bobAsSeenByOwner = find(byOwner, bob.sub());
        assertThat(bobAsSeenByOwner.path("email").asText()).isEqualTo("bob@list-co.com");
        assertThat(bobAsSeenByOwner.path("role").asText()).isEqualTo("member");
        assertThat(bobAsSeenByOwner.path("permissions").toString()).isEqualTo("[]");
        assertThat(bobAsSeenByOwner.path("provenance").path("type").asText()).isEqualTo("auto_join");
        assertThat(bobAsSeenByOwner.path("provenance").path("domain").asText()).isEqualTo("list-co.com");
        assertThat(bobAsSeenByOwner
                        .path("provenance")
                        .path("actor")
                        .path("type")
                        .asText())
                .isEqualTo("policy");
        JsonNode ownerAsSeenByOwner = find(byOwner, co.owner.sub());
        assertThat(ownerAsSeenByOwner.path("provenance").path("type").asText()).isEqualTo("created");
        assertThat(ownerAsSeenByOwner
                        .path("provenance")
                        .path("actor")
                        .path("userId")
                        .asText())
                .isEqualTo(co.owner.sub());
        assertThat(find(byBob, co.owner.sub()).path("email").asText()).isEqualTo("l***@list-co.com");
        assertThat(find(byBob, bob.sub()).path("email").asText()).isEqualTo("bob@list-co.com");
        assertThat(byOwner.path("nextCursor").isNull()).isTrue();
    }

    @Test
    void changingAMember_grantsNothingTheActorLacks_andTouchesNobodyAboveThem() {
        Company co = Company.create(stack, "Grant Co", User.verified("gina@grant-co.com"))
                .withDomain("grant-co.com", "auto_join");
        User bob = co.member("bob@grant-co.com", "admin");
        User carol = signUp(stack, "carol@grant-co.com");
        User dave = co.member("dave@grant-co.com", "admin", "manage_members", "pay");
        String patch = "PATCH /companies/{companyId}/members/{userId}";
        // Something for bob to take away: joiners hold no company flag (least privilege).
        co.as(co.owner, patch, Map.of("userId", carol.sub()), "{\"permissions\":[\"invite\"]}");

        Reply ownerByAdmin = co.as(bob, patch, Map.of("userId", carol.sub()), "{\"role\":\"owner\"}");
        Reply payByAdmin = co.as(bob, patch, Map.of("userId", carol.sub()), "{\"permissions\":[\"pay\"]}");
        Reply onOwner = co.as(bob, patch, Map.of("userId", co.owner.sub()), "{\"permissions\":[]}");
        Reply takeAway = co.as(bob, patch, Map.of("userId", carol.sub()), "{\"permissions\":[]}");
        Reply stale = co.as(bob, patch, Map.of("userId", carol.sub()), "{\"role\":\"admin\"}", "if-match", "\"1\"");
        Reply demoted = co.as(co.owner, patch, Map.of("userId", dave.sub()), "{\"role\":\"member\"}");
        Reply unknownRole = co.as(co.owner, patch, Map.of("userId", dave.sub()), "{\"role\":\"boss\"}");
        Reply nobody = co.as(co.owner, patch, Map.of("userId", "no-such-sub"), "{\"role\":\"admin\"}");

        assertThat(ownerByAdmin.status()).isEqualTo(403);
        assertThat(ownerByAdmin.body().path("code").asText()).isEqualTo("cannot_grant");
        assertThat(payByAdmin.body().path("code").asText()).isEqualTo("cannot_grant");
        assertThat(onOwner.status()).isEqualTo(403);
        assertThat(onOwner.body().path("code").asText()).isEqualTo("cannot_manage");
        assertThat(takeAway.status()).isEqualTo(200);
        assertThat(takeAway.body().path("permissions")).isEmpty();
        assertThat(takeAway.headers()).containsEntry("etag", "\"3\"");
        assertThat(stale.status()).isEqualTo(412);
        // An admin's powers do not linger as flags after a demotion that names no permissions.
        assertThat(demoted.body().path("permissions").toString()).isEqualTo("[\"pay\"]");
        assertThat(demoted.body().path("effectivePermissions").toString()).isEqualTo("[\"pay\"]");
        assertThat(unknownRole.body().path("code").asText()).isEqualTo("invalid_role");
        assertThat(nobody.status()).isEqualTo(404);
        JsonNode entry = audit(co, co.owner).get(0);
        assertThat(entry.path("action").asText()).isEqualTo("member.updated");
        assertThat(entry.path("target").asText()).isEqualTo("member:" + dave.sub());
        assertThat(entry.path("before").path("role").asText()).isEqualTo("admin");
        assertThat(entry.path("after").path("role").asText()).isEqualTo("member");
    }

    @Test
    void theLastOwner_canNeitherLeaveNorBeDemoted_untilThereIsAnother() {
        Company co = Company.create(stack, "Owner Co", User.verified("omar@owner-co.com"))
                .withDomain("owner-co.com", "auto_join");
        User bob = signUp(stack, "bob@owner-co.com");
        String self = co.owner.sub();

        Reply leave = co.as(co.owner, "DELETE /companies/{companyId}/members/{userId}", Map.of("userId", self), null);
        Reply demote = co.as(
                co.owner,
                "PATCH /companies/{companyId}/members/{userId}",
                Map.of("userId", self),
                "{\"role\":\"admin\"}");
        Reply promote = co.as(
                co.owner,
                "PATCH /companies/{companyId}/members/{userId}",
                Map.of("userId", bob.sub()),
                "{\"role\":\"owner\"}");
        Reply leaveNow =
                co.as(co.owner, "DELETE /companies/{companyId}/members/{userId}", Map.of("userId", self), null);
        Reply bobLeaves =
                co.as(bob, "DELETE /companies/{companyId}/members/{userId}", Map.of("userId", bob.sub()), null);

        assertThat(leave.status()).isEqualTo(409);
        assertThat(leave.body().path("code").asText()).isEqualTo("last_owner");
        assertThat(demote.body().path("code").asText()).isEqualTo("last_owner");
        assertThat(promote.status()).isEqualTo(200);
        assertThat(leaveNow.status()).isEqualTo(204);
        assertThat(bobLeaves.status()).isEqualTo(409);
        assertThat(bobLeaves.body().path("code").asText()).isEqualTo("last_owner");
        assertThat(co.memberOf(co.owner)).isFalse();
        assertThat(audit(co, bob).get(0).path("action").asText()).isEqualTo("member.left");
    }

    @Test
    void aRemovedMember_isNotAutoJoinedAtALaterSignUp_untilAnAdminLetsThemBack() {
        Company co = Company.create(stack, "Removal Co", User.verified("rosa@removal-co.com"))
                .withDomain("removal-co.com", "auto_join");
        User bob = signUp(stack, "bob@removal-co.com");

        Reply removed =
                co.as(co.owner, "DELETE /companies/{companyId}/members/{userId}", Map.of("userId", bob.sub()), null);
        stack.requests.reset();
        User bobAgain = signUp(stack, "Bob@Removal-Co.com");
        Map<String, Integer> signupRequests = stack.requests.snapshot();
        JsonNode firstMe = co.me(bobAgain);
        stack.requests.reset();
        JsonNode secondMe = co.me(bobAgain);

        assertThat(removed.status()).isEqualTo(204);
        assertThat(co.me(bob).path("companies")).isEmpty();
        assertThat(co.me(bob).path("suggestions"))
                .as("a removal is not shown as a suggestion")
                .isEmpty();
        assertThat(signupRequests)
                .isEqualTo(Map.of("DynamoDb.BatchGetItem", 1, "DynamoDb.TransactWriteItems", 1, "DynamoDb.PutItem", 1));
        assertThat(firstMe.path("companies")).isEmpty();
        assertThat(secondMe.path("companies")).isEmpty();
        assertThat(stack.requests.count("TransactWriteItems"))
                .as("GET /me does not retry a refused auto-join")
                .isZero();
        JsonNode entry = audit(co, co.owner).get(0);
        assertThat(entry.path("action").asText()).isEqualTo("member.removed");
        assertThat(entry.path("before").path("email").asText()).isEqualTo("bob@removal-co.com");

        // Only an invitation lets them back: an admin invites the address, the new account accepts the emailed link.
        Reply invited = co.as(
                co.owner,
                "POST /companies/{companyId}/invites",
                Map.of(),
                "{\"invites\":[{\"email\":\"bob@removal-co.com\"}]}");
        assertThat(invited.body().path("results").get(0).path("status").asText())
                .isEqualTo("invited");
        String token = InvitesIT.token(lastEmailTo("bob@removal-co.com").text());
        Reply accepted = co.as(bobAgain, "POST /invites/{token}/accept", Map.of("token", token), null);
        assertThat(accepted.status()).as(accepted.body().toString()).isEqualTo(200);
        assertThat(co.memberOf(bobAgain)).isTrue();
        assertThat(co.me(bobAgain).path("suggestions")).isEmpty();
        // The accepted invitation lifted the mark in its own transaction: a later sign-up with the address joins again.
        User bobThird = signUp(stack, "bob@removal-co.com");
        assertThat(co.memberOf(bobThird)).isTrue();
    }

    @Test
    void leaving_isNotUndoneByGetMe_theCompanyStaysAsASuggestion_andAnAdminCanTakeThemBack() {
        Company co = Company.create(stack, "Leave Co", User.verified("luke@leave-co.com"))
                .withDomain("leave-co.com", "auto_join");
        User bob = signUp(stack, "bob@leave-co.com");

        Reply left = co.as(bob, "DELETE /companies/{companyId}/members/{userId}", Map.of("userId", bob.sub()), null);
        // Join requests are for suggest mode: the admin opens them so the leaver can ask to come back.
        co.enrollment("leave-co.com", "suggest");
        JsonNode me = co.me(bob);
        JsonNode meAgain = co.me(bob);
        Reply asked = co.as(bob, "POST /companies/{companyId}/join-requests", Map.of(), null);
        Reply approved = co.as(
                co.owner,
                "POST /companies/{companyId}/join-requests/{userId}/approve",
                Map.of("userId", bob.sub()),
                null);

        assertThat(left.status()).isEqualTo(204);
        assertThat(me.path("companies")).isEmpty();
        assertThat(me.path("suggestions")).hasSize(1);
        assertThat(me.path("suggestions").get(0).path("status").asText()).isEqualTo("left");
        assertThat(me.path("suggestions").get(0).path("requested").asBoolean()).isFalse();
        assertThat(meAgain.path("companies"))
                .as("a second GET /me does not re-join")
                .isEmpty();
        assertThat(asked.status()).isEqualTo(201);
        assertThat(approved.status()).isEqualTo(200);
        assertThat(co.memberOf(bob)).isTrue();
        assertThat(co.me(bob).path("suggestions")).isEmpty();
        // Leaving marks nothing on the email: a later sign-up with it auto-joins.
        co.as(bob, "DELETE /companies/{companyId}/members/{userId}", Map.of("userId", bob.sub()), null);
        co.enrollment("leave-co.com", "auto_join");
        assertThat(co.memberOf(signUp(stack, "bob@leave-co.com"))).isTrue();
    }

    @Test
    void joinRequests_areAskedOnce_listedForManagers_andApprovedWithTheDomainDefaultsOrDeclined() {
        Company co = Company.create(stack, "Request Co", User.verified("rob@request-co.com"))
                .withDomain("request-co.com", "suggest");
        User ivy = signUp(stack, "ivy@request-co.com");
        User jack = signUp(stack, "jack@request-co.com");
        assertThat(co.me(ivy).path("suggestions").get(0).path("status").asText())
                .isEqualTo("suggested");

        Reply asked = co.as(ivy, "POST /companies/{companyId}/join-requests", Map.of(), null);
        Reply again = co.as(ivy, "POST /companies/{companyId}/join-requests", Map.of(), null);
        JsonNode pending = co.as(co.owner, "GET /companies/{companyId}/join-requests", Map.of(), null)
                .body();
        JsonNode ivyMeanwhile = co.me(ivy).path("suggestions").get(0);
        Reply approved = co.as(
                co.owner,
                "POST /companies/{companyId}/join-requests/{userId}/approve",
                Map.of("userId", ivy.sub()),
                null);
        Reply twice = co.as(
                co.owner,
                "POST /companies/{companyId}/join-requests/{userId}/approve",
                Map.of("userId", ivy.sub()),
                null);
        co.as(jack, "POST /companies/{companyId}/join-requests", Map.of(), null);
        Reply declined = co.as(
                co.owner,
                "POST /companies/{companyId}/join-requests/{userId}/decline",
                Map.of("userId", jack.sub()),
                null);
        Reply jackAgain = co.as(jack, "POST /companies/{companyId}/join-requests", Map.of(), null);
        Reply stranger = co.as(
                User.verified("sam@elsewhere-co.com"), "POST /companies/{companyId}/join-requests", Map.of(), null);
        Reply unverified = co.as(
                new User("u-unverified", "una@request-co.com", false),
                "POST /companies/{companyId}/join-requests",
                Map.of(),
                null);
        Reply member = co.as(ivy, "POST /companies/{companyId}/join-requests", Map.of(), null);

        assertThat(asked.status()).isEqualTo(201);
        assertThat(asked.body().path("status").asText()).isEqualTo("pending");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().path("requestedAt")).isEqualTo(asked.body().path("requestedAt"));
        assertThat(pending.path("items")).hasSize(1);
        assertThat(pending.path("items").get(0).path("email").asText()).isEqualTo("ivy@request-co.com");
        assertThat(ivyMeanwhile.path("requested").asBoolean()).isTrue();
        assertThat(ivyMeanwhile.path("status").asText()).isEqualTo("pending");
        assertThat(approved.status()).isEqualTo(200);
        assertThat(approved.body().path("role").asText()).isEqualTo("member");
        assertThat(approved.body().path("permissions").toString()).isEqualTo("[]");
        assertThat(approved.body().path("provenance").path("type").asText()).isEqualTo("request_approved");
        assertThat(approved.body().path("provenance").path("domain").asText()).isEqualTo("request-co.com");
        assertThat(approved.body()
                        .path("provenance")
                        .path("actor")
                        .path("userId")
                        .asText())
                .isEqualTo(co.owner.sub());
        assertThat(co.memberOf(ivy)).isTrue();
        assertThat(twice.status()).isEqualTo(404);
        assertThat(declined.status()).isEqualTo(200);
        assertThat(declined.body().path("status").asText()).isEqualTo("declined");
        JsonNode jackSees = co.me(jack).path("suggestions").get(0);
        assertThat(jackSees.path("status").asText()).isEqualTo("declined");
        assertThat(jackSees.path("requested").asBoolean()).isTrue();
        assertThat(jackAgain.status()).isEqualTo(409);
        assertThat(jackAgain.body().path("code").asText()).isEqualTo("request_declined");
        assertThat(stranger.status()).isEqualTo(404);
        assertThat(unverified.status()).isEqualTo(403);
        assertThat(member.body().path("code").asText()).isEqualTo("already_member");
        assertThat(co.as(co.owner, "GET /companies/{companyId}/join-requests", Map.of(), null)
                        .body()
                        .path("items"))
                .isEmpty();
    }

    @Test
    void everyChange_writesAnAuditEntry_readNewestFirstPageByPage() {
        Company co = Company.create(stack, "Audit Co", User.verified("ann@audit-co.com"))
                .withDomain("audit-co.com", "auto_join");
        User bob = signUp(stack, "bob@audit-co.com");
        User carol = signUp(stack, "carol@audit-co.com");
        String member = "/companies/{companyId}/members/{userId}";
        co.as(co.owner, "PATCH " + member, Map.of("userId", bob.sub()), "{\"permissions\":[\"pay\"]}");
        co.as(co.owner, "DELETE " + member, Map.of("userId", bob.sub()), null);
        co.as(carol, "DELETE " + member, Map.of("userId", carol.sub()), null);
        co.as(
                co.owner,
                "PATCH /companies/{companyId}/settings",
                Map.of(),
                "{\"notify\":\"none\"}",
                "if-match",
                "\"1\"");
        co.enrollment("audit-co.com", "suggest");
        User dan = signUp(stack, "dan@audit-co.com");
        User eve = signUp(stack, "eve@audit-co.com");
        co.as(dan, "POST /companies/{companyId}/join-requests", Map.of(), null);
        co.as(eve, "POST /companies/{companyId}/join-requests", Map.of(), null);
        co.as(
                co.owner,
                "POST /companies/{companyId}/join-requests/{userId}/approve",
                Map.of("userId", dan.sub()),
                null);
        co.as(
                co.owner,
                "POST /companies/{companyId}/join-requests/{userId}/decline",
                Map.of("userId", eve.sub()),
                null);

        List<JsonNode> entries = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var event = TestStack.http("GET /companies/{companyId}/audit", Map.of("companyId", co.id), null, co.owner);
            TestStack.withQuery(event, "limit", "3");
            if (cursor != null) {
                TestStack.withQuery(event, "cursor", cursor);
            }
            JsonNode page = TestStack.call(stack.settings, event).body();
            page.path("items").forEach(entries::add);
            cursor = page.path("nextCursor").isNull()
                    ? null
                    : page.path("nextCursor").asText();
            pages++;
        } while (cursor != null);

        assertThat(entries)
                .extracting(e -> e.path("action").asText())
                .containsExactly(
                        "join_request.declined",
                        "join_request.approved",
                        "join_request.created",
                        "join_request.created",
                        "domain.configured",
                        "settings.updated",
                        "member.left",
                        "member.removed",
                        "member.updated",
                        "member.auto_joined",
                        "member.auto_joined",
                        "domain.configured",
                        "domain.claimed",
                        "company.created");
        assertThat(pages).isEqualTo(5);
        assertThat(entries).extracting(e -> e.path("at").asText()).isSortedAccordingTo((a, b) -> b.compareTo(a));
        assertThat(entries.get(0).path("actor").path("userId").asText()).isEqualTo(co.owner.sub());
        assertThat(entries.get(9).path("actor").path("type").asText()).isEqualTo("policy");
        Reply forged = co.as(co.owner, "GET /companies/{companyId}/audit", Map.of(), null);
        var bad = TestStack.http("GET /companies/{companyId}/audit", Map.of("companyId", co.id), null, co.owner);
        TestStack.withQuery(bad, "cursor", java.util.Base64.getUrlEncoder().encodeToString("MEMBER#x".getBytes()));
        assertThat(forged.status()).isEqualTo(200);
        assertThat(TestStack.call(stack.settings, bad).body().path("code").asText())
                .isEqualTo("invalid_cursor");
    }

    @Test
    void aBurstOfJoins_isOneDigestPerManager_asTheCompanysNotifySettingAsks() {
        Company co = Company.create(stack, "Digest Co", User.verified("dora@digest-co.com"))
                .withDomain("digest-co.com", "auto_join");
        User admin = co.member("adam@digest-co.com", "admin");
        schedule();
        int doraBefore = sentTo("dora@digest-co.com").size();
        int adamBefore = sentTo("adam@digest-co.com").size();
        Company quiet = Company.create(stack, "Quiet Co", User.verified("quinn@quiet-co.com"))
                .withDomain("quiet-co.com", "auto_join");
        quiet.as(
                quiet.owner,
                "PATCH /companies/{companyId}/settings",
                Map.of(),
                "{\"notify\":\"none\"}",
                "if-match",
                "\"1\"");
        Company picky = Company.create(stack, "Picky Co", User.verified("pia@picky-co.com"))
                .withDomain("picky-co.com", "auto_join");
        picky.as(
                picky.owner,
                "PATCH /companies/{companyId}/settings",
                Map.of(),
                "{\"notify\":\"requests_only\"}",
                "if-match",
                "\"1\"");
        for (int i = 0; i < 12; i++) {
            signUp(stack, "new" + i + "@digest-co.com");
        }
        signUp(stack, "x@quiet-co.com");
        signUp(stack, "y@picky-co.com");
        picky.enrollment("picky-co.com", "suggest");
        User zed = signUp(stack, "zed@picky-co.com");
        picky.as(zed, "POST /companies/{companyId}/join-requests", Map.of(), null);

        JsonNode first = schedule();
        JsonNode second = schedule();

        List<Emulator.SentEmail> toDora = sentTo("dora@digest-co.com")
                .subList(doraBefore, sentTo("dora@digest-co.com").size());
        List<Emulator.SentEmail> toAdam = sentTo("adam@digest-co.com")
                .subList(adamBefore, sentTo("adam@digest-co.com").size());
        assertThat(toDora).hasSize(1);
        assertThat(toAdam).hasSize(1);
        assertThat(toDora.get(0).subject()).isEqualTo("12 people joined a company you manage");
        for (int i = 0; i < 12; i++) {
            assertThat(toDora.get(0).text()).contains("new" + i + "@digest-co.com");
            assertThat(toDora.get(0).html()).contains("new" + i + "@digest-co.com");
        }
        assertThat(toDora.get(0).text()).contains("http://localhost:3000/companies/" + co.id + "/members");
        assertThat(sentTo("quinn@quiet-co.com")).isEmpty();
        List<Emulator.SentEmail> toPia = sentTo("pia@picky-co.com");
        assertThat(toPia).hasSize(1);
        assertThat(toPia.get(0).subject()).isEqualTo("1 request to join a company you manage");
        assertThat(toPia.get(0).text()).contains("zed@picky-co.com").doesNotContain("y@picky-co.com");
        assertThat(first.path("emails").asInt()).isGreaterThanOrEqualTo(3);
        assertThat(second.path("notices").asInt()).isZero();
        assertThat(admin.sub()).isNotBlank();
    }

    @Test
    void requestBudgets_perRoute() {
        Company co = Company.create(stack, "Budget Co", User.verified("bea@budget-co.com"))
                .withDomain("budget-co.com", "suggest");
        User ivy = signUp(stack, "ivy@budget-co.com");
        User jo = signUp(stack, "jo@budget-co.com");
        String member = "/companies/{companyId}/members/{userId}";

        assertThat(count(() -> co.as(ivy, "POST /companies/{companyId}/join-requests", Map.of(), null)))
                .isEqualTo(Map.of("DynamoDb.BatchGetItem", 1, "DynamoDb.TransactWriteItems", 1));
        co.as(jo, "POST /companies/{companyId}/join-requests", Map.of(), null);
        assertThat(count(() -> co.as(co.owner, "GET /companies/{companyId}/join-requests", Map.of(), null)))
                .isEqualTo(Map.of("DynamoDb.GetItem", 1, "DynamoDb.Query", 1));
        assertThat(count(() -> co.as(
                        co.owner,
                        "POST /companies/{companyId}/join-requests/{userId}/approve",
                        Map.of("userId", ivy.sub()),
                        null)))
                .isEqualTo(Map.of("DynamoDb.BatchGetItem", 1, "DynamoDb.GetItem", 1, "DynamoDb.TransactWriteItems", 1));
        assertThat(count(() -> co.as(
                        co.owner,
                        "POST /companies/{companyId}/join-requests/{userId}/decline",
                        Map.of("userId", jo.sub()),
                        null)))
                .isEqualTo(Map.of("DynamoDb.BatchGetItem", 1, "DynamoDb.GetItem", 1, "DynamoDb.TransactWriteItems", 1));
        assertThat(count(() -> co.as(co.owner, "GET /companies/{companyId}/members", Map.of(), null)))
                .isEqualTo(Map.of("DynamoDb.GetItem", 1, "DynamoDb.Query", 1));
        assertThat(count(() ->
                        co.as(co.owner, "PATCH " + member, Map.of("userId", ivy.sub()), "{\"permissions\":[\"pay\"]}")))
                .isEqualTo(Map.of("DynamoDb.BatchGetItem", 1, "DynamoDb.TransactWriteItems", 1));
        assertThat(count(() -> co.as(co.owner, "DELETE " + member, Map.of("userId", ivy.sub()), null)))
                .isEqualTo(Map.of("DynamoDb.BatchGetItem", 1, "DynamoDb.GetItem", 1, "DynamoDb.TransactWriteItems", 1));
        assertThat(count(() -> co.as(
                        co.owner,
                        "PATCH /companies/{companyId}/settings",
                        Map.of(),
                        "{\"notify\":\"none\"}",
                        "if-match",
                        "\"1\"")))
                .isEqualTo(Map.of("DynamoDb.BatchGetItem", 1, "DynamoDb.TransactWriteItems", 1));
        assertThat(count(() -> co.as(co.owner, "GET /companies/{companyId}/audit", Map.of(), null)))
                .isEqualTo(Map.of("DynamoDb.GetItem", 1, "DynamoDb.Query", 1));
    }

    private static Map<String, Integer> count(Runnable call) {
        stack.requests.reset();
        call.run();
        return stack.requests.snapshot();
    }

    private static JsonNode schedule() {
        return TestStack.schedule(stack.housekeeping, "eventbridge-scheduled.json");
    }

    private static List<Emulator.SentEmail> sentTo(String address) {
        return mailedEmails().stream().filter(e -> e.to().contains(address)).toList();
    }

    private static JsonNode members(Company co, User viewer) {
        Reply reply = co.as(viewer, "GET /companies/{companyId}/members", Map.of(), null);
        assertThat(reply.status()).isEqualTo(200);
        return reply.body();
    }

    private static JsonNode find(JsonNode page, String userId) {
        for (JsonNode m : page.path("items")) {
            if (m.path("userId").asText().equals(userId)) {
                return m;
            }
        }
        throw new AssertionError("no member " + userId + " in " + page);
    }

    private static JsonNode audit(Company co, User viewer) {
        Reply reply = co.as(viewer, "GET /companies/{companyId}/audit", Map.of(), null);
        assertThat(reply.status()).as(reply.body().toString()).isEqualTo(200);
        return reply.body().path("items");
    }

    @Test
    void aRemovedPerson_cannotAskToJoin_norIsOfferedTheCompany_andAskingWritesNothing() {
        Company co = Company.create(stack, "Removed Ask Co", User.verified("rene@removed-ask.com"))
                .withDomain("removed-ask.com", "suggest");
        User bob = signUp(stack, "bob@removed-ask.com");
        co.as(bob, "POST /companies/{companyId}/join-requests", Map.of(), null);
        co.as(
                co.owner,
                "POST /companies/{companyId}/join-requests/{userId}/approve",
                Map.of("userId", bob.sub()),
                null);
        Reply removed =
                co.as(co.owner, "DELETE /companies/{companyId}/members/{userId}", Map.of("userId", bob.sub()), null);
        List<Map<String, AttributeValue>> before = partition(co);

        stack.requests.reset();
        Reply asked = co.as(bob, "POST /companies/{companyId}/join-requests", Map.of(), null);
        Map<String, Integer> askCost = stack.requests.snapshot();
        User bobAgain = signUp(stack, "Bob@Removed-Ask.com");
        JsonNode meAgain = co.me(bobAgain);
        Reply askedAgain = co.as(bobAgain, "POST /companies/{companyId}/join-requests", Map.of(), null);

        assertThat(removed.status()).isEqualTo(204);
        assertThat(co.me(bob).path("suggestions"))
                .as("a removal is not offered to ask")
                .isEmpty();
        assertThat(asked.status()).isEqualTo(403);
        assertThat(asked.body().path("code").asText()).isEqualTo("removed_by_admin");
        assertThat(asked.body().path("detail").asText()).contains("ask an admin to invite you");
        assertThat(askCost).as("one read, no write").isEqualTo(Map.of("DynamoDb.BatchGetItem", 1));
        assertThat(meAgain.path("companies")).isEmpty();
        assertThat(meAgain.path("suggestions"))
                .as("a new account with the removed address is not suggested the company either")
                .isEmpty();
        assertThat(askedAgain.status()).isEqualTo(403);
        assertThat(askedAgain.body().path("code").asText()).isEqualTo("removed_by_admin");
        assertThat(partition(co))
                .as("the refused requests wrote nothing; the new account got only its hidden marker")
                .containsAll(before)
                .hasSize(before.size() + 1);
        assertThat(co.as(co.owner, "GET /companies/{companyId}/join-requests", Map.of(), null)
                        .body()
                        .path("items"))
                .isEmpty();
    }

    @Test
    void joinRequests_areOnlyForSuggestMode_autoJoinAndOffAnswer403RequestsClosed_andMeOffersNothingThen() {
        Company co = Company.create(stack, "Closed Co", User.verified("cleo@closed-co.com"))
                .withDomain("closed-co.com", "auto_join");
        User leaver = signUp(stack, "lea@closed-co.com");
        co.as(leaver, "DELETE /companies/{companyId}/members/{userId}", Map.of("userId", leaver.sub()), null);
        List<Map<String, AttributeValue>> before = partition(co);

        JsonNode leaverSees = co.me(leaver);
        Reply inAutoJoin = co.as(leaver, "POST /companies/{companyId}/join-requests", Map.of(), null);
        List<Map<String, AttributeValue>> afterAutoJoin = partition(co);
        co.enrollment("closed-co.com", "off");
        List<Map<String, AttributeValue>> switched = partition(co);
        Reply inOff = co.as(leaver, "POST /companies/{companyId}/join-requests", Map.of(), null);
        List<Map<String, AttributeValue>> afterOff = partition(co);
        co.enrollment("closed-co.com", "suggest");
        User sue = signUp(stack, "sue@closed-co.com");
        JsonNode sueInSuggest = co.me(sue);
        co.enrollment("closed-co.com", "off");
        JsonNode sueInOff = co.me(sue);
        Reply sueAsks = co.as(sue, "POST /companies/{companyId}/join-requests", Map.of(), null);

        assertThat(leaverSees.path("companies")).isEmpty();
        assertThat(leaverSees.path("suggestions"))
                .as("in auto_join mode a request would be refused: nothing to ask")
                .isEmpty();
        assertThat(inAutoJoin.status()).isEqualTo(403);
        assertThat(inAutoJoin.body().path("code").asText()).isEqualTo("requests_closed");
        assertThat(inAutoJoin.body().path("detail").asText()).contains("invite you");
        assertThat(afterAutoJoin).as("nothing written in auto_join mode").isEqualTo(before);
        assertThat(inOff.status()).isEqualTo(403);
        assertThat(inOff.body().path("code").asText()).isEqualTo("requests_closed");
        assertThat(afterOff).as("nothing written in off mode").isEqualTo(switched);
        assertThat(sueInSuggest.path("suggestions")).hasSize(1);
        assertThat(sueInSuggest.path("suggestions").get(0).path("enrollment").asText())
                .isEqualTo("suggest");
        assertThat(sueInOff.path("suggestions"))
                .as("the domain left suggest mode: the company is no longer offered")
                .isEmpty();
        assertThat(sueAsks.status()).isEqualTo(403);
        assertThat(sueAsks.body().path("code").asText()).isEqualTo("requests_closed");
    }

    @Test
    void aRemovalBetweenAskingAndApproval_makesTheApprovalFail409_andWritesNothing() {
        Company co = Company.create(stack, "Late Removal Co", User.verified("lara@late-removal.com"))
                .withDomain("late-removal.com", "suggest");
        User ann = signUp(stack, "ann@late-removal.com");
        Reply asked = co.as(ann, "POST /companies/{companyId}/join-requests", Map.of(), null);
        // Meanwhile an admin invites her, she accepts, and an admin removes her: her request is still pending.
        co.as(
                co.owner,
                "POST /companies/{companyId}/invites",
                Map.of(),
                "{\"invites\":[{\"email\":\"ann@late-removal.com\"}]}");
        String token = InvitesIT.token(lastEmailTo("ann@late-removal.com").text());
        Reply accepted = co.as(ann, "POST /invites/{token}/accept", Map.of("token", token), null);
        Reply removed =
                co.as(co.owner, "DELETE /companies/{companyId}/members/{userId}", Map.of("userId", ann.sub()), null);
        List<Map<String, AttributeValue>> before = partition(co);

        Reply approved = co.as(
                co.owner,
                "POST /companies/{companyId}/join-requests/{userId}/approve",
                Map.of("userId", ann.sub()),
                null);

        assertThat(asked.status()).isEqualTo(201);
        assertThat(accepted.status()).isEqualTo(200);
        assertThat(removed.status()).isEqualTo(204);
        assertThat(approved.status()).isEqualTo(409);
        assertThat(approved.body().path("code").asText()).isEqualTo("removed_by_admin");
        assertThat(partition(co)).as("nothing written").isEqualTo(before);
        assertThat(co.memberOf(ann)).isFalse();
        User annAgain = signUp(stack, "ann@late-removal.com");
        assertThat(co.me(annAgain).path("suggestions"))
                .as("the removal mark still holds")
                .isEmpty();
    }

    private static Emulator.SentEmail lastEmailTo(String address) {
        List<Emulator.SentEmail> to = sentTo(address);
        assertThat(to).as("emails to %s", address).isNotEmpty();
        return to.get(to.size() - 1);
    }

    /** Every item in the company's partition (memberships, suggestions, requests, marks, audit, notices). */
    private static List<Map<String, AttributeValue>> partition(Company co) {
        return emulator
                .dynamoDb()
                .queryPaginator(q -> q.tableName(EmulatorExtension.TABLE)
                        .consistentRead(true)
                        .keyConditionExpression("PK = :pk")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("COMPANY#" + co.id))))
                .items()
                .stream()
                .toList();
    }

    /** What SES took, once the sender function has drained the invitation mail queue. */
    private static java.util.List<Emulator.SentEmail> mailedEmails() {
        stack.mailInvitations();
        return emulator.sentEmails();
    }

    private static java.util.List<Emulator.SentEmail> mailedThroughOurClients() {
        stack.mailInvitations();
        return emulator.sentThroughOurClients();
    }
}
