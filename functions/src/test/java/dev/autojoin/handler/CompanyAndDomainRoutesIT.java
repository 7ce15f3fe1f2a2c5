package dev.autojoin.handler;

import static dev.autojoin.handler.TestStack.call;
import static dev.autojoin.handler.TestStack.http;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autojoin.handler.TestStack.Reply;
import dev.autojoin.handler.TestStack.User;
import dev.autojoin.testing.Emulator;
import dev.autojoin.testing.EmulatorExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@ExtendWith(EmulatorExtension.class)
class CompanyAndDomainRoutesIT {
    private static TestStack stack;
    private static final User ALICE = User.verified("alice@acme.com");
    private static final User MALLORY = User.verified("mallory@evil.io");
    private static String acmeId;

    @BeforeAll
    static void givenAcme(Emulator emulator) {
        stack = new TestStack(emulator);
        Reply created = call(stack.settings, http("POST /companies", Map.of(), "{\"name\":\"Acme\"}", ALICE));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.headers()).containsEntry("etag", "\"1\"");
        acmeId = created.body().path("id").asText();
    }

    @Test
    void theOwnerSeesTheCompany_andStrangersGet404NotForbidden() {
        Reply mine = call(stack.settings, http("GET /companies/{companyId}", Map.of("companyId", acmeId), null, ALICE));
        Reply theirs =
                call(stack.settings, http("GET /companies/{companyId}", Map.of("companyId", acmeId), null, MALLORY));

        assertThat(mine.status()).isEqualTo(200);
        assertThat(mine.body().path("name").asText()).isEqualTo("Acme");
        assertThat(mine.body().path("settings").path("defaultPermissions").toString())
                .as("least privilege: no company flag")
                .isEqualTo("[]");
        assertThat(theirs.status()).isEqualTo(404);
        assertThat(theirs.headers().get("content-type")).startsWith("application/problem+json");
        assertThat(theirs.body().path("code").asText()).isEqualTo("not_found");
    }

    @Test
    void noVerifiedClaims_noEntry() {
        assertThat(call(stack.settings, http("GET /me", Map.of(), null, null)).status())
                .isEqualTo(401);
        Reply unverified = call(
                stack.settings,
                http("POST /companies", Map.of(), "{\"name\":\"X\"}", new User("u1", "u1@acme.com", false)));
        assertThat(unverified.status()).isEqualTo(403);
        assertThat(unverified.body().path("code").asText()).isEqualTo("email_not_verified");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "not json                 | malformed_json",
                "[]                       | malformed_json",
                "{}                       | missing_field",
                "{\"name\":42}            | invalid_field",
                "{\"name\":\"A\",\"x\":1} | unknown_field",
                "{\"name\":\"  \"}        | invalid_name",
                "{\"name\":\"A\",\"name\":\"B\"} | malformed_json"
            })
    void badCompanyBodies_get400ProblemsAndChangeNothing(String body, String code) {
        stack.requests.reset();

        Reply reply = call(stack.settings, http("POST /companies", Map.of(), body.strip(), ALICE));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body().path("code").asText()).isEqualTo(code);
        assertThat(stack.requests.count("TransactWriteItems")).isZero();
    }

    @Test
    void aHugeBody_gets413() {
        Reply reply = call(
                stack.settings, http("POST /companies", Map.of(), "{\"name\":\"" + "a".repeat(70_000) + "\"}", ALICE));

        assertThat(reply.status()).isEqualTo(413);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "gmail.com, free_email_domain",
        "mailinator.com, disposable_email_domain",
        "co.uk, public_suffix",
        "github.io, public_suffix",
        "com, single_label",
        "127.0.0.1, ip_address",
        "xn--acme.com, invalid_domain",
        "initech.com, affiliation_required"
    })
    void domainsThatCannotBeClaimed_areRefusedWithADistinctCode(String domain, String code) {
        Reply reply = claim(acmeId, domain, ALICE);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body().path("code").asText()).isEqualTo(code);
    }

    @Test
    void aDomainHasOneHolder_theSecondCompanyGets409() {
        assertThat(claim(acmeId, "acme.com", ALICE).status()).isEqualTo(201);
        assertThat(claim(acmeId, "acme.com", ALICE).status()).isEqualTo(200);
        User bob = User.verified("bob@acme.com");
        String rival = call(stack.settings, http("POST /companies", Map.of(), "{\"name\":\"Rival\"}", bob))
                .body()
                .path("id")
                .asText();

        Reply taken = claim(rival, "acme.com", bob);

        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.body().path("code").asText()).isEqualTo("domain_claimed");
        Reply listed = call(
                stack.domains, http("GET /companies/{companyId}/domains", Map.of("companyId", acmeId), null, ALICE));
        assertThat(listed.body().path("items").get(0).path("status").asText()).isEqualTo("verified");
        assertThat(listed.body().path("items").get(0).path("method").asText()).isEqualTo("affiliation");
    }

    @Test
    void enrollment_needsManageSettings_andNeverGrantsOwnership() {
        User carol = User.verified("carol@carol-co.com");
        String carolCo = call(stack.settings, http("POST /companies", Map.of(), "{\"name\":\"CarolCo\"}", carol))
                .body()
                .path("id")
                .asText();
        assertThat(claim(carolCo, "carol-co.com", carol).status()).isEqualTo(201);
        assertThat(patch(carolCo, "carol-co.com", "{\"enrollment\":\"auto_join\"}", carol, null)
                        .status())
                .isEqualTo(200);
        User dan = User.verified("dan@carol-co.com");
        assertThat(call(stack.settings, http("GET /me", Map.of(), null, dan))
                        .body()
                        .path("companies"))
                .hasSize(1);

        Reply byMember = patch(carolCo, "carol-co.com", "{\"enrollment\":\"off\"}", dan, null);
        Reply owner = patch(carolCo, "carol-co.com", "{\"defaultRole\":\"owner\"}", carol, null);
        Reply stale = patch(carolCo, "carol-co.com", "{\"includeSubdomains\":true}", carol, "\"1\"");
        Reply unknown = patch(carolCo, "carol-co.com", "{\"enrollment\":\"always\"}", carol, null);
        Reply fresh = patch(carolCo, "carol-co.com", "{\"defaultPermissions\":[\"pay\",\"invite\"]}", carol, "\"2\"");

        assertThat(byMember.status()).isEqualTo(403);
        assertThat(owner.body().path("code").asText()).isEqualTo("invalid_default_role");
        assertThat(stale.status()).isEqualTo(412);
        assertThat(unknown.body().path("code").asText()).isEqualTo("invalid_enrollment");
        assertThat(fresh.status()).isEqualTo(200);
        assertThat(fresh.headers()).containsEntry("etag", "\"3\"");
        assertThat(fresh.body().path("defaultPermissions").toString()).isEqualTo("[\"invite\",\"pay\"]");
    }

    @Test
    void discovery_tellsOnlyWhetherAndHow_neverWho() {
        User erin = User.verified("erin@erin-co.com");
        String erinCo = call(stack.settings, http("POST /companies", Map.of(), "{\"name\":\"ErinCo\"}", erin))
                .body()
                .path("id")
                .asText();
        assertThat(claim(erinCo, "erin-co.com", erin).status()).isEqualTo(201);

        assertThat(discover("x@erin-co.com").toString())
                .isEqualTo(
                        "{\"domain\":\"erin-co.com\",\"companyDomain\":true,\"hasCompany\":false,\"enrollment\":\"off\"}");
        patch(erinCo, "erin-co.com", "{\"enrollment\":\"suggest\"}", erin, null);
        assertThat(discover("x@erin-co.com").toString())
                .isEqualTo(
                        "{\"domain\":\"erin-co.com\",\"companyDomain\":true,\"hasCompany\":true,\"enrollment\":\"suggest\"}");
        assertThat(discover("x@gmail.com").path("hasCompany").asBoolean()).isFalse();
        assertThat(discover("x@gmail.com").path("companyDomain").asBoolean()).isFalse();
        ObjectNode bad = http("GET /discovery", Map.of(), null, null);
        bad.putObject("queryStringParameters").put("email", "not an email");
        assertThat(call(stack.domains, bad).body().path("code").asText()).isEqualTo("invalid_email");
    }

    @Test
    void discovery_isLimitedPerClientAddress_with429AndRetryAfter() {
        Reply last = null;
        for (int i = 0; i <= 30; i++) {
            ObjectNode event = http("GET /discovery", Map.of(), null, null);
            event.putObject("queryStringParameters").put("email", "x@limit-co.com");
            ((ObjectNode) event.path("requestContext").path("http")).put("sourceIp", "198.51.100.7");
            last = call(stack.domains, event);
            if (i < 30) {
                assertThat(last.status()).isEqualTo(200);
            }
        }
        ObjectNode elsewhere = http("GET /discovery", Map.of(), null, null);
        elsewhere.putObject("queryStringParameters").put("email", "x@limit-co.com");
        ((ObjectNode) elsewhere.path("requestContext").path("http")).put("sourceIp", "198.51.100.8");

        assertThat(last.status()).isEqualTo(429);
        assertThat(last.headers()).containsKey("retry-after");
        assertThat(last.body().path("code").asText()).isEqualTo("rate_limited");
        assertThat(call(stack.domains, elsewhere).status()).isEqualTo(200);
    }

    @Test
    void me_readsAtMostTwice_plusOnceForTheCallersTeams() {
        call(stack.settings, http("GET /me", Map.of(), null, ALICE));
        stack.requests.reset();

        Reply me = call(stack.settings, http("GET /me", Map.of(), null, ALICE));

        assertThat(me.status()).isEqualTo(200);
        assertThat(me.body().path("user").path("email").asText()).isEqualTo("alice@acme.com");
        // Alice founded a company, so she is in its first team: one BatchGetItem of her teams' items.
        assertThat(me.body().toString()).contains("\"teams\":[{");
        assertThat(stack.requests.total()).isLessThanOrEqualTo(3);
        assertThat(stack.requests.count("PutItem")).isZero();
    }

    @Test
    void theDomainList_pages_withCursorsOnlyItsOwnItemsAccept() {
        User paula = User.verified("paula@pager-co.com");
        String pagerCo = call(stack.settings, http("POST /companies", Map.of(), "{\"name\":\"PagerCo\"}", paula))
                .body()
                .path("id")
                .asText();
        for (String domain : List.of("pager-a.com", "pager-b.com", "pager-c.com")) {
            Reply claimed = call(
                    stack.domains,
                    http(
                            "POST /companies/{companyId}/domains",
                            Map.of("companyId", pagerCo),
                            "{\"domain\":\"" + domain + "\",\"method\":\"dns\"}",
                            paula));
            assertThat(claimed.status()).isEqualTo(201);
        }

        Reply first = listDomains(pagerCo, paula, "2", null);
        String cursor = first.body().path("nextCursor").asText();
        Reply second = listDomains(pagerCo, paula, "2", cursor);

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body().path("items")).hasSize(2);
        assertThat(cursor).isNotBlank();
        assertThat(second.body().path("items")).hasSize(1);
        assertThat(second.body().path("nextCursor").isNull()).isTrue();
        List<String> all = new java.util.ArrayList<>();
        first.body().path("items").forEach(d -> all.add(d.path("domain").asText()));
        second.body().path("items").forEach(d -> all.add(d.path("domain").asText()));
        assertThat(all).containsExactlyInAnyOrder("pager-a.com", "pager-b.com", "pager-c.com");
        // Another company's cursor, a member cursor, garbage: refused, never a page of something else.
        String acmes = java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                        ("DOMAIN#acme.com\nCLAIMANT#" + acmeId).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        for (String bad : List.of(acmes, "TUVNQkVSI3g", "!!", cursor + "x")) {
            Reply refused = listDomains(pagerCo, paula, "2", bad);
            assertThat(refused.status()).as(bad).isEqualTo(400);
            assertThat(refused.body().path("code").asText()).isEqualTo("invalid_cursor");
        }
    }

    private static Reply listDomains(String companyId, User user, String limit, String cursor) {
        ObjectNode event = http("GET /companies/{companyId}/domains", Map.of("companyId", companyId), null, user);
        TestStack.withQuery(event, "limit", limit);
        if (cursor != null) {
            TestStack.withQuery(event, "cursor", cursor);
        }
        return call(stack.domains, event);
    }

    private static com.fasterxml.jackson.databind.JsonNode discover(String email) {
        ObjectNode event = http("GET /discovery", Map.of(), null, null);
        event.putObject("queryStringParameters").put("email", email);
        Reply reply = call(stack.domains, event);
        assertThat(reply.status()).isEqualTo(200);
        return reply.body();
    }

    private static Reply claim(String companyId, String domain, User user) {
        return call(
                stack.domains,
                http(
                        "POST /companies/{companyId}/domains",
                        Map.of("companyId", companyId),
                        "{\"domain\":\"" + domain + "\",\"method\":\"email\"}",
                        user));
    }

    private static Reply patch(String companyId, String domain, String body, User user, String ifMatch) {
        ObjectNode event = http(
                "PATCH /companies/{companyId}/domains/{domain}",
                Map.of("companyId", companyId, "domain", domain),
                body,
                user);
        if (ifMatch != null) {
            ((ObjectNode) event.path("headers")).put("if-match", ifMatch);
        }
        return call(stack.domains, event);
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(
            strings = {
                "Security alert: verify at https://evil.example/login now",
                "Go to www.evil.example",
                "Acme at evil.example/login",
                "Write to payroll@evil.example",
                "Acme\nSecurity alert"
            })
    void companyNamesCarryingALinkAnAddressOrALineBreak_areRefused_andCostNothing(String name) {
        stack.requests.reset();
        Reply refused = call(
                stack.settings,
                http(
                        "POST /companies",
                        Map.of(),
                        "{\"name\":" + com.fasterxml.jackson.databind.node.TextNode.valueOf(name) + "}",
                        User.verified("founder@acme.com")));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().path("code").asText()).isEqualTo("invalid_name");
        assertThat(stack.requests.total()).isZero();
    }

    @Test
    void onePerson_createsAtMostFiveCompaniesADay_thenGets429() {
        User founder = User.verified("serial@founders.io");
        for (int i = 1; i <= 5; i++) {
            assertThat(call(stack.settings, http("POST /companies", Map.of(), "{\"name\":\"Co " + i + "\"}", founder))
                            .status())
                    .isEqualTo(201);
        }

        Reply sixth = call(stack.settings, http("POST /companies", Map.of(), "{\"name\":\"Co 6\"}", founder));

        assertThat(sixth.status()).isEqualTo(429);
        assertThat(sixth.body().path("code").asText()).isEqualTo("rate_limited");
        assertThat(sixth.headers()).containsKey("retry-after");
    }

    @Test
    void onlyADomainProvenByDns_mayCoverItsSubdomains() {
        // Alice's verified email at acme.com proves the claim by affiliation: one mailbox, not the zone.
        Reply claimed = call(
                stack.domains,
                http(
                        "POST /companies/{companyId}/domains",
                        Map.of("companyId", acmeId),
                        "{\"domain\":\"acme.com\",\"method\":\"email\"}",
                        ALICE));
        assertThat(claimed.body().path("method").asText())
                .as("%s", claimed.body())
                .isEqualTo("affiliation");

        Reply refused = call(
                stack.domains,
                http(
                        "PATCH /companies/{companyId}/domains/{domain}",
                        Map.of("companyId", acmeId, "domain", "acme.com"),
                        "{\"includeSubdomains\":true}",
                        ALICE));

        assertThat(refused.status()).as("%s", refused.body()).isEqualTo(409);
        assertThat(refused.body().path("code").asText()).isEqualTo("dns_required");
    }
}
