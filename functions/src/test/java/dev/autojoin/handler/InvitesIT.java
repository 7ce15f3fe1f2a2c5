package dev.autojoin.handler;

import static dev.autojoin.handler.TestStack.call;
import static dev.autojoin.handler.TestStack.http;
import static dev.autojoin.handler.TestStack.open;
import static dev.autojoin.handler.TestStack.sample;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autojoin.handler.TestStack.Page;
import dev.autojoin.handler.TestStack.Reply;
import dev.autojoin.handler.TestStack.User;
import dev.autojoin.testing.Emulator;
import dev.autojoin.testing.EmulatorExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Invitations end to end against the emulator: the real handlers, the emails read back from the SES emulator, and
 * the link followed from the captured email, as the invitee would.
 */
@ExtendWith(EmulatorExtension.class)
class InvitesIT {
    private static final Pattern LINK = Pattern.compile("http://localhost:3000/invites/([A-Za-z0-9_-]+)");
    private static final User ALICE = User.verified("alice@acme.com");

    private static Emulator emulator;
    private static TestStack stack;
    private static String acme;

    @BeforeAll
    static void givenAcmeOwnedByAlice(Emulator shared) {
        emulator = shared;
        stack = new TestStack(emulator);
        acme = call(stack.settings, http("POST /companies", Map.of(), "{\"name\":\"Acme\"}", ALICE))
                .body()
                .path("id")
                .asText();
    }

    @Test
    void anInvitee_joinsByFollowingTheLinkInTheEmail() {
        User bob = User.verified("bob@initech.com");
        stack.requests.reset();

        Reply invited = invite(ALICE, "{\"invites\":[{\"email\":\"bob@initech.com\",\"role\":\"admin\"}]}");

        assertThat(invited.status()).isEqualTo(200);
        assertThat(invited.body().path("results").get(0).path("status").asText())
                .isEqualTo("invited");
        assertThat(stack.requests.snapshot())
                .as("membership, company, is the address a member and its open invitations (a BatchGetItem each),"
                        + " daily count, the invitation's transaction; the email goes on the queue")
                .isEqualTo(Map.of(
                        "DynamoDb.GetItem", 2,
                        "DynamoDb.BatchGetItem", 2,
                        "DynamoDb.UpdateItem", 1,
                        "DynamoDb.TransactWriteItems", 1));
        assertThat(listed("bob@initech.com").path("delivery").asText()).isEqualTo("queued");
        Emulator.SentEmail email = lastEmailTo("bob@initech.com");
        assertThat(email.from()).isEqualTo(EmulatorExtension.SENDER);
        assertThat(email.subject()).isEqualTo("You are invited to a company account");
        assertThat(email.text()).contains("invited you to join the company \u201cAcme\u201d as an admin");
        assertThat(email.html()).contains("the company \u201cAcme\u201d");
        String token = token(email.text());
        assertThat(email.html()).contains("href=\"http://localhost:3000/invites/" + token + "\"");

        stack.requests.reset();
        Page page = open(stack.invites, sample("http-get-invite-page.json", Map.of("token", token), null, null));
        assertThat(stack.requests.snapshot()).isEqualTo(Map.of("DynamoDb.GetItem", 2));

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.headers())
                .containsEntry("content-type", "text/html; charset=utf-8")
                .containsEntry("cache-control", "no-store")
                .containsEntry("referrer-policy", "no-referrer")
                .containsEntry("x-content-type-options", "nosniff")
                .containsEntry("content-security-policy", InvitePage.CONTENT_SECURITY_POLICY);
        assertThat(InvitePage.CONTENT_SECURITY_POLICY).startsWith("default-src 'none'");
        assertThat(page.text())
                .contains("invited you to join <strong>Acme</strong> as an admin")
                .contains("Sign in to accept")
                .contains("href=\"http://localhost:3000/#/accept-invite?token=" + token + "\"");

        stack.requests.reset();
        Reply accepted = accept(token, bob);

        // The token, the invitation, and the inviter's membership now (an invitation grants only what they hold).
        assertThat(stack.requests.snapshot())
                .isEqualTo(Map.of("DynamoDb.GetItem", 3, "DynamoDb.TransactWriteItems", 1));
        assertThat(accepted.status()).isEqualTo(200);
        assertThat(accepted.body().path("id").asText()).isEqualTo(acme);
        assertThat(accepted.body().path("role").asText()).isEqualTo("admin");
        JsonNode me = call(stack.settings, http("GET /me", Map.of(), null, bob)).body();
        assertThat(me.path("companies").get(0).path("id").asText()).isEqualTo(acme);
        assertThat(me.path("companies").get(0).path("role").asText()).isEqualTo("admin");
        assertThat(invitation(invited.body()
                                .path("results")
                                .get(0)
                                .path("inviteId")
                                .asText())
                        .path("status")
                        .asText())
                .isEqualTo("accepted");
        assertThat(auditActions()).contains("invitation.created", "invitation.accepted");
    }

    @Test
    void openingTheLink_withGetOrHead_threeTimesEach_changesNothing() {
        String token = invitedToken("carl@initech.com");
        stack.requests.reset();

        for (int i = 0; i < 3; i++) {
            Page get = open(stack.invites, sample("http-get-invite-page.json", Map.of("token", token), null, null));
            Page head = open(stack.invites, sample("http-head-invite-page.json", Map.of("token", token), null, null));
            assertThat(get.status()).isEqualTo(200);
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.text()).isEmpty();
            assertThat(head.headers()).containsEntry("referrer-policy", "no-referrer");
        }

        assertThat(stack.requests.snapshot()).isEqualTo(Map.of("DynamoDb.GetItem", 12));
        assertThat(listed("carl@initech.com").path("status").asText()).isEqualTo("pending");
        Reply preview = call(
                stack.invites,
                TestStack.withHeader(
                        sample("http-get-invite-page.json", Map.of("token", token), null, null),
                        "accept",
                        "application/json"));
        assertThat(preview.body().path("companyName").asText()).isEqualTo("Acme");
        assertThat(preview.body().path("email").asText()).isEqualTo("c***@initech.com");
        assertThat(preview.body().path("status").asText()).isEqualTo("pending");
        assertThat(accept(token, User.verified("carl@initech.com")).status()).isEqualTo(200);
    }

    @Test
    void someoneElse_gets403_andAnUnverifiedEmail_too() {
        String token = invitedToken("dora@initech.com");

        Reply mallory = accept(token, User.verified("mallory@initech.com"));
        Reply unverified = accept(token, new User("dora-sub", "dora@initech.com", false));

        assertThat(mallory.status()).isEqualTo(403);
        assertThat(mallory.body().path("code").asText()).isEqualTo("email_mismatch");
        assertThat(unverified.status()).isEqualTo(403);
        assertThat(unverified.body().path("code").asText()).isEqualTo("email_not_verified");
        assertThat(accept(token, User.verified("DORA@initech.com")).status())
                .as("the canonical form matches, whatever the case of the local part")
                .isEqualTo(200);
    }

    @Test
    void aUsedLink_answers409() {
        String token = invitedToken("ed@initech.com");
        User ed = User.verified("ed@initech.com");

        assertThat(accept(token, ed).status()).isEqualTo(200);
        Reply replay = accept(token, ed);

        assertThat(replay.status()).isEqualTo(409);
        assertThat(replay.body().path("code").asText()).isEqualTo("invitation_used");
        Page page = open(stack.invites, sample("http-get-invite-page.json", Map.of("token", token), null, null));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.text()).contains("was accepted already");
    }

    @Test
    void anExpiredLink_answers410_andIsRecordedAsExpiredOnce() {
        String token = invitedToken("fran@initech.com");
        TestStack eightDaysLater =
                new TestStack(emulator, Clock.offset(Clock.systemUTC(), Duration.ofDays(8)), Map.of());
        User fran = User.verified("fran@initech.com");

        Page page =
                open(eightDaysLater.invites, sample("http-get-invite-page.json", Map.of("token", token), null, null));
        Reply first = call(
                eightDaysLater.invites, sample("http-post-invite-accept.json", Map.of("token", token), null, fran));
        Reply second = call(
                eightDaysLater.invites, sample("http-post-invite-accept.json", Map.of("token", token), null, fran));

        assertThat(page.status()).isEqualTo(410);
        assertThat(page.text()).contains("expired");
        assertThat(first.status()).isEqualTo(410);
        assertThat(first.body().path("code").asText()).isEqualTo("invitation_expired");
        assertThat(second.body().path("code").asText()).isEqualTo("invitation_expired");
        assertThat(auditActions().stream().filter("invitation.expired"::equals)).hasSize(1);
        assertThat(listed("fran@initech.com").path("status").asText()).isEqualTo("expired");
    }

    @Test
    void aRevokedLink_answers410_andRevokingTwiceIsHarmless() {
        String token = invitedToken("gil@initech.com");
        String id = listed("gil@initech.com").path("id").asText();

        stack.requests.reset();
        Reply revoked = revoke(id);
        assertThat(stack.requests.snapshot())
                .as("membership and invitation in one read, the revoke's transaction")
                .isEqualTo(Map.of("DynamoDb.BatchGetItem", 1, "DynamoDb.TransactWriteItems", 1));
        Reply again = revoke(id);

        assertThat(revoked.status()).isEqualTo(204);
        assertThat(again.status()).isEqualTo(204);
        Page page = open(stack.invites, sample("http-get-invite-page.json", Map.of("token", token), null, null));
        assertThat(page.status()).isEqualTo(410);
        Reply accept = accept(token, User.verified("gil@initech.com"));
        assertThat(accept.status()).isEqualTo(410);
        assertThat(accept.body().path("code").asText()).isEqualTo("invitation_revoked");
        assertThat(listed("gil@initech.com").path("status").asText()).isEqualTo("revoked");
        assertThat(auditActions().stream().filter("invitation.revoked"::equals)).hasSize(1);
    }

    @Test
    void aResend_mailsANewLink_andTheOldOneStopsWorking() {
        String old = invitedToken("hana@initech.com");
        String id = listed("hana@initech.com").path("id").asText();

        stack.requests.reset();
        Reply resent = call(
                stack.invites,
                sample("http-post-invite-resend.json", Map.of("companyId", acme, "inviteId", id), null, ALICE));

        assertThat(stack.requests.snapshot())
                .as("membership, invitation and company in one read, daily count, the resend's transaction")
                .isEqualTo(
                        Map.of("DynamoDb.BatchGetItem", 1, "DynamoDb.UpdateItem", 1, "DynamoDb.TransactWriteItems", 1));
        assertThat(resent.status()).isEqualTo(200);
        assertThat(resent.body().path("status").asText()).isEqualTo("pending");
        String fresh = token(lastEmailTo("hana@initech.com").text());
        assertThat(fresh).isNotEqualTo(old);
        User hana = User.verified("hana@initech.com");
        Reply withOld = accept(old, hana);
        assertThat(withOld.status()).isEqualTo(410);
        assertThat(withOld.body().path("code").asText()).isEqualTo("invitation_replaced");
        assertThat(accept(fresh, hana).status()).isEqualTo(200);
        assertThat(auditActions()).contains("invitation.resent");
    }

    @Test
    void theRawToken_isNowhereInTheTable_norInTheLogs() {
        PrintStream console = System.out;
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        String token;
        System.setOut(new PrintStream(logs, true, StandardCharsets.UTF_8));
        try {
            token = invitedToken("ivo@initech.com");
            open(stack.invites, sample("http-get-invite-page.json", Map.of("token", token), null, null));
            open(stack.invites, sample("http-head-invite-page.json", Map.of("token", token), null, null));
            accept(token, User.verified("mallory@initech.com"));
            accept(token, User.verified("ivo@initech.com"));
        } finally {
            System.setOut(console);
        }

        String logged = logs.toString(StandardCharsets.UTF_8);
        assertThat(logged)
                .contains("\"route\":\"POST /invites/{token}/accept\"")
                .doesNotContain(token);
        List<String> values = new ArrayList<>();
        emulator.dynamoDb()
                .scanPaginator(b -> b.tableName(EmulatorExtension.TABLE))
                .items()
                .forEach(item -> item.forEach((name, value) -> {
                    values.add(name);
                    strings(value, values);
                }));
        assertThat(values).isNotEmpty().noneMatch(v -> v.contains(token));
    }

    @Test
    void namesPeopleTyped_cannotInjectHeaders_norMarkup() {
        Reply crlf = call(
                stack.settings,
                http("POST /companies", Map.of(), "{\"name\":\"Evil\\r\\nBcc: victim@example.com\"}", ALICE));
        assertThat(crlf.status()).isEqualTo(400);
        User eve = User.verified("eve@evilcorp.io");
        String markup = call(
                        stack.settings,
                        http("POST /companies", Map.of(), "{\"name\":\"<script>alert(1)</script> & \\\"Co\\\"\"}", eve))
                .body()
                .path("id")
                .asText();
        ObjectNode event = http(
                "POST /companies/{companyId}/invites",
                Map.of("companyId", markup),
                "{\"invites\":[{\"email\":\"jo@initech.com\"}]}",
                eve);
        ((ObjectNode) event.path("requestContext")
                        .path("authorizer")
                        .path("jwt")
                        .path("claims"))
                .put("name", "Eve\r\nBcc: victim@example.com\u2028<b>boss</b>");

        Reply invited = call(stack.invites, event);

        assertThat(invited.body().path("results").get(0).path("status").asText())
                .isEqualTo("invited");
        Emulator.SentEmail email = lastEmailTo("jo@initech.com");
        assertThat(email.to()).containsExactly("jo@initech.com");
        // What users typed (the inviter's name, the company's) never reaches the subject line.
        assertThat(email.subject()).isEqualTo("You are invited to a company account");
        assertThat(email.html())
                .doesNotContain("<script>")
                .doesNotContain("<b>boss")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot;")
                .contains("Eve Bcc: victim@example.com &lt;b&gt;boss&lt;/b&gt;");
        Page page = open(
                stack.invites, sample("http-get-invite-page.json", Map.of("token", token(email.text())), null, null));
        assertThat(page.text())
                .doesNotContain("<script>")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .contains("Eve Bcc: victim@example.com &lt;b&gt;boss&lt;/b&gt;");
    }

    @Test
    void theCompanysDailyLimit_answers429UntilMidnight_andAnAddressGetsThreeMailsADay() {
        TestStack limited = new TestStack(emulator, Clock.systemUTC(), Map.of("INVITES_PER_COMPANY_PER_DAY", "4"));
        User kim = User.verified("kim@kimco.io");
        String kimco = call(limited.settings, http("POST /companies", Map.of(), "{\"name\":\"Kimco\"}", kim))
                .body()
                .path("id")
                .asText();

        long untilMidnight = LocalDate.now(ZoneOffset.UTC)
                        .plusDays(1)
                        .atStartOfDay(ZoneOffset.UTC)
                        .toEpochSecond()
                - java.time.Instant.now().getEpochSecond();
        Reply three =
                call(limited.invites, inviteEvent(kimco, kim, "l1@initech.com", "l2@initech.com", "l3@initech.com"));
        Reply twoMore = call(limited.invites, inviteEvent(kimco, kim, "l4@initech.com", "l5@initech.com"));

        assertThat(three.status()).isEqualTo(200);
        assertThat(twoMore.status()).isEqualTo(429);
        assertThat(twoMore.body().path("code").asText()).isEqualTo("rate_limited");
        assertThat(Long.parseLong(twoMore.headers().get("retry-after"))).isBetween(untilMidnight - 5, untilMidnight);
        assertThat(call(limited.invites, inviteEvent(kimco, kim, "l4@initech.com"))
                        .status())
                .isEqualTo(200);

        String id = three.body().path("results").get(0).path("inviteId").asText();
        // Each email leaves before the next resend (resends of an email still queued go out as one).
        limited.mailInvitations();
        Reply second = call(stack.invites, resendEvent(kimco, id, kim));
        limited.mailInvitations();
        Reply third = call(stack.invites, resendEvent(kimco, id, kim));
        limited.mailInvitations();
        Reply fourth = call(stack.invites, resendEvent(kimco, id, kim));
        assertThat(second.status()).isEqualTo(200);
        assertThat(third.status()).isEqualTo(200);
        assertThat(fourth.status()).isEqualTo(429);
        assertThat(fourth.headers()).containsKey("retry-after");
        assertThat(mailedEmails().stream().filter(e -> e.to().contains("l1@initech.com")))
                .hasSize(3);
    }

    @Test
    void aSendSesRefuses_isStoredAsAFailedDelivery_andAResendRetriesIt() {
        TestStack unverifiedSender =
                new TestStack(emulator, Clock.systemUTC(), Map.of("SENDER_EMAIL", "nobody@unverified.example"));

        Reply invited = call(unverifiedSender.invites, inviteEvent(acme, ALICE, "max@initech.com"));
        JsonNode result = invited.body().path("results").get(0);
        assertThat(result.path("status").asText()).isEqualTo("invited");

        unverifiedSender.mailInvitations();

        JsonNode stored = listed("max@initech.com");
        assertThat(stored.path("status").asText()).isEqualTo("send_failed");
        assertThat(stored.path("delivery").asText()).isEqualTo("failed");
        assertThat(stored.path("sendFailure").asText()).startsWith("ses_refused:");
        assertThat(auditActions()).contains("invitation.send_failed");

        Reply resent =
                call(stack.invites, resendEvent(acme, result.path("inviteId").asText(), ALICE));

        assertThat(resent.body().path("status").asText()).isEqualTo("pending");
        assertThat(resent.body().path("delivery").asText()).isEqualTo("queued");
        assertThat(resent.body().has("sendFailure")).isFalse();
        assertThat(accept(token(lastEmailTo("max@initech.com").text()), User.verified("max@initech.com"))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void signUp_acceptsTheInvitation_inOneReadAndOneWrite_andMeShowsIt() {
        invite(ALICE, "{\"invites\":[{\"email\":\"nina@gmail.com\"}]}");
        stack.requests.reset();

        TestStack.invoke(stack.postSignup, TestStack.cognitoSignup("nina-sub", "nina@gmail.com", "true"));

        assertThat(stack.requests.snapshot())
                .as("a free-mail address: the invitations read (no domain), the inviter's authority")
                .isEqualTo(Map.of("DynamoDb.GetItem", 2, "DynamoDb.TransactWriteItems", 1));
        JsonNode me = call(
                        stack.settings, http("GET /me", Map.of(), null, new User("nina-sub", "nina@gmail.com", true)))
                .body();
        assertThat(me.path("companies"))
                .singleElement()
                .satisfies(c -> assertThat(c.path("id").asText()).isEqualTo(acme));
        assertThat(listed("nina@gmail.com").path("status").asText()).isEqualTo("accepted");
    }

    @Test
    void theList_pagesNewestFirst() {
        User oz = User.verified("oz@ozco.io");
        String ozco = call(stack.settings, http("POST /companies", Map.of(), "{\"name\":\"Ozco\"}", oz))
                .body()
                .path("id")
                .asText();
        call(stack.invites, inviteEvent(ozco, oz, "p1@initech.com"));
        call(stack.invites, inviteEvent(ozco, oz, "p2@initech.com"));
        call(stack.invites, inviteEvent(ozco, oz, "p3@initech.com"));

        ObjectNode first = sample("http-get-invites.json", Map.of("companyId", ozco), null, oz);
        TestStack.withQuery(first, "limit", "2");
        stack.requests.reset();
        Reply page1 = call(stack.invites, first);
        assertThat(stack.requests.snapshot()).isEqualTo(Map.of("DynamoDb.GetItem", 1, "DynamoDb.Query", 1));
        ObjectNode next = sample("http-get-invites.json", Map.of("companyId", ozco), null, oz);
        ((ObjectNode) next.path("queryStringParameters"))
                .put("limit", "2")
                .put("cursor", page1.body().path("nextCursor").asText());
        Reply page2 = call(stack.invites, next);

        assertThat(page1.body().path("items"))
                .extracting(i -> i.path("email").asText())
                .containsExactly("p3@initech.com", "p2@initech.com");
        assertThat(page2.body().path("items"))
                .extracting(i -> i.path("email").asText())
                .containsExactly("p1@initech.com");
        assertThat(page2.body().path("nextCursor").isNull()).isTrue();
        assertThat(call(stack.invites, sample("http-get-invites.json", Map.of("companyId", ozco), null, ALICE))
                        .status())
                .as("not a member of Ozco")
                .isEqualTo(404);
    }

    // --- helpers ---

    private static Reply invite(User admin, String body) {
        return call(stack.invites, sample("http-post-invites.json", Map.of("companyId", acme), body, admin));
    }

    private static ObjectNode inviteEvent(String companyId, User admin, String... emails) {
        StringBuilder body = new StringBuilder("{\"invites\":[");
        for (int i = 0; i < emails.length; i++) {
            body.append(i == 0 ? "" : ",")
                    .append("{\"email\":\"")
                    .append(emails[i])
                    .append("\"}");
        }
        return sample("http-post-invites.json", Map.of("companyId", companyId), body + "]}", admin);
    }

    private static ObjectNode resendEvent(String companyId, String inviteId, User admin) {
        return sample(
                "http-post-invite-resend.json", Map.of("companyId", companyId, "inviteId", inviteId), null, admin);
    }

    private static String invitedToken(String email) {
        Reply invited = invite(ALICE, "{\"invites\":[{\"email\":\"" + email + "\"}]}");
        assertThat(invited.body().path("results").get(0).path("status").asText())
                .isEqualTo("invited");
        return token(lastEmailTo(email).text());
    }

    private static Reply accept(String token, User user) {
        return call(stack.invites, sample("http-post-invite-accept.json", Map.of("token", token), null, user));
    }

    private static Reply revoke(String inviteId) {
        return call(
                stack.invites,
                sample("http-delete-invite.json", Map.of("companyId", acme, "inviteId", inviteId), null, ALICE));
    }

    private static JsonNode listed(String email) {
        ObjectNode list = sample("http-get-invites.json", Map.of("companyId", acme), null, ALICE);
        TestStack.withQuery(list, "limit", "200");
        for (JsonNode item : call(stack.invites, list).body().path("items")) {
            if (item.path("email").asText().equals(email)) {
                return item;
            }
        }
        throw new AssertionError("no invitation for " + email);
    }

    private static JsonNode invitation(String id) {
        ObjectNode list = sample("http-get-invites.json", Map.of("companyId", acme), null, ALICE);
        TestStack.withQuery(list, "limit", "200");
        for (JsonNode item : call(stack.invites, list).body().path("items")) {
            if (item.path("id").asText().equals(id)) {
                return item;
            }
        }
        throw new AssertionError("no invitation " + id);
    }

    private static Emulator.SentEmail lastEmailTo(String address) {
        List<Emulator.SentEmail> to =
                mailedEmails().stream().filter(e -> e.to().contains(address)).toList();
        assertThat(to).as("emails to %s", address).isNotEmpty();
        return to.get(to.size() - 1);
    }

    static String token(String text) {
        Matcher link = LINK.matcher(text);
        assertThat(link.find()).as("a link in %s", text).isTrue();
        return link.group(1);
    }

    private static List<String> auditActions() {
        List<String> actions = new ArrayList<>();
        emulator.dynamoDb()
                .scanPaginator(b -> b.tableName(EmulatorExtension.TABLE))
                .items()
                .forEach(item -> {
                    if (item.containsKey("action")) {
                        actions.add(item.get("action").s());
                    }
                });
        return actions;
    }

    private static void strings(AttributeValue value, List<String> out) {
        if (value.s() != null) {
            out.add(value.s());
        }
        if (value.n() != null) {
            out.add(value.n());
        }
        if (value.hasSs()) {
            out.addAll(value.ss());
        }
        if (value.hasL()) {
            value.l().forEach(v -> strings(v, out));
        }
        if (value.hasM()) {
            value.m().forEach((k, v) -> {
                out.add(k);
                strings(v, out);
            });
        }
    }

    @Test
    void invitingAnOpenInvitationAgain_withResendTrue_mailsANewLink_andTheOldOneAnswers410Replaced() {
        String old = invitedToken("rita@initech.com");
        String id = listed("rita@initech.com").path("id").asText();
        int mailed = emailsTo("rita@initech.com");
        String again = "{\"invites\":[{\"email\":\"rita@initech.com\"}]";

        Reply without = invite(ALICE, again + "}");
        Reply resent = invite(ALICE, again + ",\"resend\":true}");

        assertThat(without.body().path("results").get(0).path("status").asText())
                .as("without resend an open invitation is left as it is")
                .isEqualTo("already_invited");
        assertThat(resent.status()).isEqualTo(200);
        JsonNode result = resent.body().path("results").get(0);
        assertThat(result.path("status").asText()).isEqualTo("resent");
        assertThat(result.path("inviteId").asText()).isEqualTo(id);
        assertThat(emailsTo("rita@initech.com")).as("one new email").isEqualTo(mailed + 1);
        String fresh = token(lastEmailTo("rita@initech.com").text());
        assertThat(fresh).isNotEqualTo(old);
        User rita = User.verified("rita@initech.com");
        Reply withOld = accept(old, rita);
        assertThat(withOld.status()).isEqualTo(410);
        assertThat(withOld.body().path("code").asText()).isEqualTo("invitation_replaced");
        assertThat(accept(fresh, rita).status()).isEqualTo(200);
        assertThat(listed("rita@initech.com").path("status").asText()).isEqualTo("accepted");
        assertThat(auditActions()).contains("invitation.resent");
    }

    private static int emailsTo(String address) {
        return (int)
                mailedEmails().stream().filter(e -> e.to().contains(address)).count();
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
