package dev.autojoin.handler;

import static dev.autojoin.handler.TestStack.call;
import static dev.autojoin.handler.TestStack.http;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autojoin.config.Timeouts;
import dev.autojoin.handler.TestStack.Reply;
import dev.autojoin.handler.TestStack.User;
import dev.autojoin.testing.DnsServer;
import dev.autojoin.testing.Emulator;
import dev.autojoin.testing.EmulatorExtension;
import dev.autojoin.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Domain claims and their proofs through the real DomainsFunction handler, against the emulator (DynamoDB, SES) and
 * a real DNS server (dnsmasq) serving the TXT records each test publishes. Each test owns its domains.
 */
@ExtendWith(EmulatorExtension.class)
class DomainVerificationIT {
    private static final Pattern LINK = Pattern.compile("http://localhost:3000/domain-verifications/([A-Za-z0-9_-]+)");

    private static DnsServer dns;
    private static MutableClock clock;
    private static TestStack stack;

    private static Emulator emulator;

    @BeforeAll
    static void start(Emulator shared) {
        emulator = shared;
        dns = DnsServer.start();
        clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));
        stack = new TestStack(
                shared,
                shared.endpoint().toString(),
                Timeouts.API,
                clock,
                Map.of("DNS_RESOLVER", dns.address()),
                List.of());
    }

    @AfterAll
    static void stop() {
        dns.close();
    }

    @ParameterizedTest(name = "{0} by {1} -> {2}")
    @CsvSource({
        "gmail.com, dns, free_email_domain",
        "co.uk, dns, public_suffix",
        "github.io, email, public_suffix",
        "mailinator.com, dns, disposable_email_domain",
        "acme.co.uk.invalid, dns, not_registrable",
        "localhost, dns, single_label",
        "localhost, email, single_label",
        "127.0.0.1, dns, ip_address",
        "[127.0.0.1], dns, ip_address",
        "::1, dns, ip_address",
        "2001:db8::1, email, ip_address",
        "acme_corp.com, dns, invalid_domain"
    })
    void claims_areRefused_withADistinctCode(String domain, String method, String code) {
        User admin = User.verified("admin@refusals-co.com");
        String company = createCompany(admin, "Refusals");
        stack.requests.reset();

        Reply reply = claim(company, "{\"domain\":\"" + domain + "\",\"method\":\"" + method + "\"}", admin);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body().path("code").asText()).isEqualTo(code);
        assertThat(reply.body().path("field").asText()).isEqualTo("domain");
        assertThat(stack.requests.count("TransactWriteItems")).isZero();
    }

    @Test
    void emailLink_verifiesTheDomain_endToEnd_fromTheCapturedEmail() {
        User admin = User.verified("alice@consultancy-one.io");
        String company = createCompany(admin, "Delta <Co>");

        Reply pending = claim(
                company,
                "{\"domain\":\"delta-co.com\",\"method\":\"email\",\"verificationEmail\":\"it@delta-co.com\"}",
                admin);

        assertThat(pending.status()).as(pending.body().toString()).isEqualTo(201);
        assertThat(pending.body().path("status").asText()).isEqualTo("pending");
        assertThat(pending.body().path("method").asText()).isEqualTo("email");
        assertThat(pending.body().path("verificationEmail").asText()).isEqualTo("i***@delta-co.com");
        Emulator.SentEmail email = lastEmailTo("it@delta-co.com");
        assertThat(email.subject()).isEqualTo("Confirm the domain delta-co.com for a company account");
        assertThat(email.html()).contains("Delta &lt;Co&gt;").doesNotContain("Delta <Co>");
        String token = token(email.text());
        assertThat(email.html()).contains(token);

        Page page = page(link("GET", token, "text/html"));
        Page pageAgain = page(link("GET", token, "text/html"));

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.headers())
                .containsEntry("referrer-policy", "no-referrer")
                .containsEntry("cache-control", "no-store")
                .containsEntry("x-frame-options", "DENY");
        assertThat(page.headers().get("content-security-policy")).contains("default-src 'none'");
        assertThat(page.headers().get("content-type")).startsWith("text/html");
        assertThat(page.body())
                .contains("Confirm delta-co.com", "Delta &lt;Co&gt;", "i***@delta-co.com", "<form method=\"post\">")
                .doesNotContain("Delta <Co>", "<script");
        assertThat(pageAgain.status()).isEqualTo(200);
        assertThat(domainOf(company, "delta-co.com", admin).path("status").asText())
                .as("the page changes nothing")
                .isEqualTo("pending");

        Reply confirmed = call(stack.domains, link("POST", token, "application/json"));

        assertThat(confirmed.status()).as(String.valueOf(confirmed.body())).isEqualTo(200);
        assertThat(confirmed.body().path("status").asText()).isEqualTo("verified");
        JsonNode verified = domainOf(company, "delta-co.com", admin);
        assertThat(verified.path("status").asText()).isEqualTo("verified");
        assertThat(verified.path("method").asText()).isEqualTo("email");
        Reply again = call(stack.domains, link("POST", token, "application/json"));
        assertThat(again.status()).isEqualTo(410);
        assertThat(again.body().path("code").asText()).isEqualTo("verification_used");
    }

    @Test
    void emailLink_expiresAfter24Hours_andTheClaimShowsFailed() {
        User admin = User.verified("bea@consultancy-two.io");
        String company = createCompany(admin, "Echo");
        claim(
                company,
                "{\"domain\":\"echo-late.com\",\"method\":\"email\",\"verificationEmail\":\"x@echo-late.com\"}",
                admin);
        String token = token(lastEmailTo("x@echo-late.com").text());

        clock.advance(Duration.ofHours(24).plusSeconds(1));

        Reply expired = call(stack.domains, link("POST", token, "application/json"));
        Page page = page(link("GET", token, "text/html"));
        assertThat(expired.status()).isEqualTo(410);
        assertThat(expired.body().path("code").asText()).isEqualTo("verification_expired");
        assertThat(page.status()).isEqualTo(410);
        assertThat(page.headers().get("content-type")).startsWith("text/html");
        assertThat(page.body()).contains("This link cannot be used", "expired");
        assertThat(domainOf(company, "echo-late.com", admin).path("status").asText())
                .isEqualTo("failed");
    }

    @Test
    void emailLink_answers409_whenAnotherCompanyHoldsTheDomainByThen_andAnUnknownToken404() {
        User outsider = User.verified("cara@consultancy-three.io");
        String first = createCompany(outsider, "Foxtrot Partners");
        claim(
                first,
                "{\"domain\":\"foxtrot-co.com\",\"method\":\"email\",\"verificationEmail\":\"x@foxtrot-co.com\"}",
                outsider);
        String token = token(lastEmailTo("x@foxtrot-co.com").text());
        User insider = User.verified("dan@foxtrot-co.com");
        String second = createCompany(insider, "Foxtrot");
        assertThat(claim(second, "{\"domain\":\"foxtrot-co.com\",\"method\":\"email\"}", insider)
                        .status())
                .isEqualTo(201);

        Reply late = call(stack.domains, link("POST", token, "application/json"));

        assertThat(late.status()).isEqualTo(409);
        assertThat(late.body().path("code").asText()).isEqualTo("domain_claimed");
        assertThat(call(stack.domains, link("GET", "A".repeat(43), "application/json"))
                        .status())
                .isEqualTo(404);
    }

    @Test
    void dns_verifiesOnlyWithThisCompanysToken_publishedAfterAFailedCheck_amongSeveralRecords() {
        User golf = User.verified("gail@consultancy-four.io");
        String golfCo = createCompany(golf, "Golf");
        Reply pending = claim(golfCo, "{\"domain\":\"golf-co.com\",\"method\":\"dns\"}", golf);
        assertThat(pending.status()).as(pending.body().toString()).isEqualTo(201);
        JsonNode record = pending.body().path("dnsRecord");
        assertThat(record.path("name").asText()).isEqualTo("_autojoin-challenge.golf-co.com");
        assertThat(record.path("type").asText()).isEqualTo("TXT");
        assertThat(record.path("value").asText()).matches("autojoin-verification=[0-9a-f]{40}");
        assertThat(pending.body().path("status").asText()).isEqualTo("pending");

        try (EmittedMetrics metrics = EmittedMetrics.capture()) {
            Reply notYet = check(golfCo, "golf-co.com", golf);
            assertThat(notYet.status()).isEqualTo(200);
            assertThat(notYet.body().path("status").asText()).isEqualTo("pending");
            assertThat(notYet.body().path("checkResult").asText()).isEqualTo("record_missing");
            assertThat(metrics.sum(Metric.DOMAIN_CHECKS, "record_missing")).isEqualTo(1);
        }

        dns.publish(record.path("name").asText(), List.of("autojoin-verification=0000wrong"));
        assertThat(check(golfCo, "golf-co.com", golf).body().path("checkResult").asText())
                .isEqualTo("token_mismatch");

        User rival = User.verified("hal@consultancy-five.io");
        String rivalCo = createCompany(rival, "Rival");
        JsonNode rivalRecord = claim(rivalCo, "{\"domain\":\"golf-co.com\",\"method\":\"dns\"}", rival)
                .body()
                .path("dnsRecord");
        assertThat(rivalRecord.path("value").asText())
                .isNotEqualTo(record.path("value").asText());
        dns.publish(
                record.path("name").asText(), List.of(rivalRecord.path("value").asText()));
        assertThat(check(golfCo, "golf-co.com", golf).body().path("checkResult").asText())
                .as("another company's token proves nothing for this one")
                .isEqualTo("token_mismatch");

        dns.publish(
                record.path("name").asText(),
                List.of(
                        "v=spf1 -all",
                        rivalRecord.path("value").asText(),
                        record.path("value").asText()));
        Reply found = check(golfCo, "golf-co.com", golf);

        assertThat(found.body().path("checkResult").asText()).isEqualTo("found");
        assertThat(found.body().path("status").asText()).isEqualTo("verified");
        assertThat(found.body().path("method").asText()).isEqualTo("dns");
        assertThat(found.body().has("dnsRecord")).isFalse();
        Reply rivalCheck = check(rivalCo, "golf-co.com", rival);
        assertThat(rivalCheck.status())
                .as("a DNS proof never displaces another")
                .isEqualTo(409);
        assertThat(rivalCheck.body().path("code").asText()).isEqualTo("domain_claimed");
    }

    @Test
    void twoCompaniesRacingToClaim_oneWins() throws Exception {
        User ivy = User.verified("ivy@india-co.com");
        User jon = User.verified("jon@india-co.com");
        String ivyCo = createCompany(ivy, "India One");
        String jonCo = createCompany(jon, "India Two");
        String body = "{\"domain\":\"india-co.com\",\"method\":\"email\"}";

        List<Integer> statuses = race(() -> claim(ivyCo, body, ivy).status(), () -> claim(jonCo, body, jon)
                .status());

        assertThat(statuses).containsExactlyInAnyOrder(201, 409);
    }

    @Test
    void twoCompaniesRacingToProveByDns_oneWins() throws Exception {
        User kim = User.verified("kim@consultancy-six.io");
        User lea = User.verified("lea@consultancy-seven.io");
        String kimCo = createCompany(kim, "Kilo One");
        String leaCo = createCompany(lea, "Kilo Two");
        String kimValue = claim(kimCo, "{\"domain\":\"kilo-co.com\",\"method\":\"dns\"}", kim)
                .body()
                .path("dnsRecord")
                .path("value")
                .asText();
        String leaValue = claim(leaCo, "{\"domain\":\"kilo-co.com\",\"method\":\"dns\"}", lea)
                .body()
                .path("dnsRecord")
                .path("value")
                .asText();
        dns.publish("_autojoin-challenge.kilo-co.com", List.of(kimValue, leaValue));

        List<Integer> statuses =
                race(() -> check(kimCo, "kilo-co.com", kim).status(), () -> check(leaCo, "kilo-co.com", lea)
                        .status());

        assertThat(statuses).containsExactlyInAnyOrder(200, 409);
    }

    @Test
    void dnsProof_displacesAnAffiliationClaim_andEmailsTheDisplacedAdmins() {
        User mia = User.verified("mia@mike-co.com");
        String miaCo = createCompany(mia, "Mike Affiliates");
        assertThat(claim(miaCo, "{\"domain\":\"mike-co.com\",\"method\":\"email\"}", mia)
                        .status())
                .isEqualTo(201);
        assertThat(patch(miaCo, "mike-co.com", "{\"enrollment\":\"auto_join\"}", mia)
                        .status())
                .isEqualTo(200);
        User owner = User.verified("ned@consultancy-eight.io");
        String ownerCo = createCompany(owner, "Mike Owners");
        String value = claim(ownerCo, "{\"domain\":\"mike-co.com\",\"method\":\"dns\"}", owner)
                .body()
                .path("dnsRecord")
                .path("value")
                .asText();
        dns.publish("_autojoin-challenge.mike-co.com", List.of(value));
        int emailsBefore = emulator.sentEmails().size();

        Reply proven = check(ownerCo, "mike-co.com", owner);

        assertThat(proven.status()).isEqualTo(200);
        assertThat(proven.body().path("status").asText()).isEqualTo("verified");
        JsonNode displaced = domainOf(miaCo, "mike-co.com", mia);
        assertThat(displaced.path("status").asText()).isEqualTo("unverified");
        assertThat(displaced.path("enrollment").asText()).isEqualTo("off");
        List<Emulator.SentEmail> sent = emulator.sentEmails()
                .subList(emailsBefore, emulator.sentEmails().size());
        assertThat(sent).singleElement().satisfies(email -> {
            assertThat(email.to()).containsExactly("mia@mike-co.com");
            assertThat(email.subject()).isEqualTo("Your company account no longer holds mike-co.com");
            assertThat(email.text()).contains("Mike Affiliates");
        });
        assertThat(signUp("oli@mike-co.com").path("companies"))
                .as("the displaced company no longer auto-joins anyone")
                .isEmpty();
        Reply reclaim = claim(miaCo, "{\"domain\":\"mike-co.com\",\"method\":\"email\"}", mia);
        assertThat(reclaim.status()).as("affiliation never displaces").isEqualTo(409);
    }

    @Test
    void release_endsEnrollment_keepsTheMembers_andIsAudited() {
        User pat = User.verified("pat@papa-co.com");
        String papa = createCompany(pat, "Papa");
        claim(papa, "{\"domain\":\"papa-co.com\",\"method\":\"email\"}", pat);
        patch(papa, "papa-co.com", "{\"enrollment\":\"auto_join\"}", pat);
        assertThat(signUp("quinn@papa-co.com").path("companies")).hasSize(1);
        stack.requests.reset();

        Reply released = call(
                stack.domains,
                domainRoute("DELETE /companies/{companyId}/domains/{domain}", papa, "papa-co.com", null, pat));

        assertThat(released.status()).isEqualTo(204);
        assertThat(stack.requests.snapshot())
                .as("GetItem (access) + BatchGetItem (claims) + TransactWriteItems (delete + audit)")
                .containsEntry("DynamoDb.TransactWriteItems", 1)
                .containsEntry("DynamoDb.BatchGetItem", 1);
        assertThat(list(papa, pat).path("items")).isEmpty();
        assertThat(signUp("rae@papa-co.com").path("companies")).isEmpty();
        assertThat(me(new User("quinn-sub", "quinn@papa-co.com", true)).path("companies"))
                .as("members who joined through the domain stay")
                .isNotEmpty();
        Reply twice = call(
                stack.domains,
                domainRoute("DELETE /companies/{companyId}/domains/{domain}", papa, "papa-co.com", null, pat));
        assertThat(twice.status()).isEqualTo(404);
    }

    @Test
    void includeSubdomains_matchesAtADotBoundaryOnly() {
        User sam = User.verified("sam@sierra-co.com");
        String sierra = createCompany(sam, "Sierra");
        // Only a domain proven by DNS may cover its subdomains.
        String value = claim(sierra, "{\"domain\":\"sierra-co.com\",\"method\":\"dns\"}", sam)
                .body()
                .path("dnsRecord")
                .path("value")
                .asText();
        dns.publish("_autojoin-challenge.sierra-co.com", List.of(value));
        assertThat(check(sierra, "sierra-co.com", sam).body().path("status").asText())
                .isEqualTo("verified");
        patch(sierra, "sierra-co.com", "{\"enrollment\":\"auto_join\"}", sam);

        assertThat(signUp("tia@eng.sierra-co.com").path("companies"))
                .as("subdomains are not covered until the admin opts in")
                .isEmpty();
        patch(sierra, "sierra-co.com", "{\"includeSubdomains\":true}", sam);

        assertThat(signUp("uma@eng.sierra-co.com").path("companies")).hasSize(1);
        assertThat(signUp("vic@notsierra-co.com").path("companies")).isEmpty();
        assertThat(signUp("wes@sierra-co.com.evil.io").path("companies")).isEmpty();
    }

    @Test
    void aParentOwnedByDnsWithItsSubdomains_refusesAffiliationClaimsBelowIt_withoutNamingTheOwner() {
        User olga = User.verified("olga@consultancy-fourteen.io");
        String oscar = createCompany(olga, "Oscar Owners");
        String value = proveByDns(oscar, "oscar-co.com", olga);
        User eve = User.verified("eve@eng.oscar-co.com");
        String engCo = createCompany(eve, "Eng Splinter");
        assertThat(claim(engCo, "{\"domain\":\"eng.oscar-co.com\",\"method\":\"email\"}", eve)
                        .status())
                .as("the owner did not include its subdomains")
                .isEqualTo(201);
        patch(oscar, "oscar-co.com", "{\"includeSubdomains\":true}", olga);
        User otto = User.verified("otto@ops.oscar-co.com");
        String opsCo = createCompany(otto, "Ops Splinter");
        int emailsBefore = emulator.sentEmails().size();

        Reply byAffiliation = claim(opsCo, "{\"domain\":\"ops.oscar-co.com\",\"method\":\"email\"}", otto);
        Reply byLink = claim(
                opsCo,
                "{\"domain\":\"ops.oscar-co.com\",\"method\":\"email\",\"verificationEmail\":\"it@ops.oscar-co.com\"}",
                otto);

        for (Reply refused : List.of(byAffiliation, byLink)) {
            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.body().path("code").asText()).isEqualTo("domain_claimed");
            assertThat(refused.body().path("detail").asText())
                    .contains("oscar-co.com")
                    .doesNotContain("Oscar Owners");
        }
        assertThat(emulator.sentEmails()).hasSize(emailsBefore);
        assertThat(list(opsCo, otto).path("items")).isEmpty();
        assertThat(claim(opsCo, "{\"domain\":\"ops.oscar-co.com\",\"method\":\"dns\"}", otto)
                        .status())
                .as("a DNS proof of the subdomain is still possible")
                .isEqualTo(201);

        // The splinter's affiliation claim predates the owner's opt-in: at sign-up, ownership still outranks it.
        patch(engCo, "eng.oscar-co.com", "{\"enrollment\":\"auto_join\"}", eve);
        patch(oscar, "oscar-co.com", "{\"enrollment\":\"auto_join\"}", olga);
        assertThat(signUp("fay@eng.oscar-co.com").path("companies"))
                .singleElement()
                .satisfies(c -> assertThat(c.path("id").asText()).isEqualTo(oscar));
    }

    @Test
    void holderAskingForDns_getsItsRecord_andACheckUpgradesTheProofToOwnership() {
        User xia = User.verified("xia@xray-co.com");
        String xray = createCompany(xia, "Xray");
        claim(xray, "{\"domain\":\"xray-co.com\",\"method\":\"email\"}", xia);

        Reply asked = claim(xray, "{\"domain\":\"xray-co.com\",\"method\":\"dns\"}", xia);

        assertThat(asked.status()).isEqualTo(200);
        assertThat(asked.body().path("status").asText()).isEqualTo("verified");
        String value = asked.body().path("dnsRecord").path("value").asText();
        assertThat(value).startsWith("autojoin-verification=");
        dns.publish("_autojoin-challenge.xray-co.com", List.of(value));
        Reply upgraded = check(xray, "xray-co.com", xia);
        assertThat(upgraded.body().path("method").asText()).isEqualTo("dns");
        assertThat(upgraded.body().has("dnsRecord")).isFalse();
    }

    @Test
    void emailLinks_areRateLimited_perClaim() {
        User yan = User.verified("yan@consultancy-nine.io");
        String yankee = createCompany(yan, "Yankee");
        String body = "{\"domain\":\"yankee-co.com\",\"method\":\"email\",\"verificationEmail\":\"a@yankee-co.com\"}";
        Reply tooSoon;
        try (EmittedMetrics metrics = EmittedMetrics.capture()) {
            assertThat(claim(yankee, body, yan).status()).isEqualTo(201);

            tooSoon = claim(yankee, body, yan);

            assertThat(metrics.sum(Metric.VERIFICATION_EMAILS_SENT)).isEqualTo(1);
            assertThat(metrics.sum(Metric.RATE_LIMIT_REFUSALS)).isEqualTo(1);
        }
        assertThat(tooSoon.status()).isEqualTo(429);
        assertThat(tooSoon.body().path("code").asText()).isEqualTo("rate_limited");
        assertThat(tooSoon.headers()).containsKey("retry-after");
        clock.advance(Duration.ofMinutes(2));
        Reply resent = claim(yankee, body, yan);
        assertThat(resent.status()).isEqualTo(200);
        List<Emulator.SentEmail> toA = emulator.sentEmails().stream()
                .filter(e -> e.to().contains("a@yankee-co.com"))
                .toList();
        assertThat(toA).hasSize(2);
        Reply stale = call(stack.domains, link("POST", token(toA.get(0).text()), "application/json"));
        assertThat(stale.status()).as("a resend kills the earlier link").isEqualTo(410);
        assertThat(stale.body().path("code").asText()).isEqualTo("verification_superseded");
    }

    @Test
    void checks_areLimitedPerCompanyAndDomain_with429AndRetryAfter() {
        User una = User.verified("una@consultancy-twelve.io");
        String uniform = createCompany(una, "Uniform");
        claim(uniform, "{\"domain\":\"uniform-co.com\",\"method\":\"dns\"}", una);
        claim(uniform, "{\"domain\":\"uniform-two.com\",\"method\":\"dns\"}", una);
        clock.advance(Duration.ofSeconds(60 - clock.instant().getEpochSecond() % 60));
        for (int i = 0; i < 10; i++) {
            assertThat(check(uniform, "uniform-co.com", una).status()).isEqualTo(200);
        }
        clock.advance(Duration.ofSeconds(15));
        stack.requests.reset();

        Reply limited = check(uniform, "uniform-co.com", una);

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.body().path("code").asText()).isEqualTo("rate_limited");
        assertThat(limited.headers()).containsEntry("retry-after", "45");
        assertThat(stack.requests.snapshot())
                .as("the caller and claim read, the counter refused; no lookup, nothing changed")
                .isEqualTo(Map.of("DynamoDb.BatchGetItem", 1, "DynamoDb.UpdateItem", 1));
        assertThat(check(uniform, "uniform-two.com", una).status())
                .as("another domain of the same company has its own allowance")
                .isEqualTo(200);
        clock.advance(Duration.ofSeconds(45));
        assertThat(check(uniform, "uniform-co.com", una).status())
                .as("the next minute")
                .isEqualTo(200);
    }

    @Test
    void scheduledRecheck_throughGraceToUnverified_thenAutoJoinIsRefusedAtSignup() {
        User zoe = User.verified("zoe@consultancy-ten.io");
        String zulu = createCompany(zoe, "Zulu");
        String name = "_autojoin-challenge.zulu-co.com";
        String value = proveByDns(zulu, "zulu-co.com", zoe);
        patch(zulu, "zulu-co.com", "{\"enrollment\":\"auto_join\"}", zoe);
        assertThat(signUp("amy@zulu-co.com").path("companies")).hasSize(1);

        clock.advance(Duration.ofHours(26));
        assertThat(runSchedule().path("checked").asInt()).isPositive();
        assertThat(domainOf(zulu, "zulu-co.com", zoe).has("graceEndsAt"))
                .as("a passing re-check starts no grace")
                .isFalse();

        dns.publish(name, List.of());
        clock.advance(Duration.ofHours(26));
        int emailsBefore = emulator.sentEmails().size();
        JsonNode failing = runSchedule();

        assertThat(failing.path("failing").asInt()).isGreaterThanOrEqualTo(1);
        JsonNode inGrace = domainOf(zulu, "zulu-co.com", zoe);
        assertThat(inGrace.path("status").asText()).isEqualTo("verified");
        assertThat(Instant.parse(inGrace.path("graceEndsAt").asText()))
                .isEqualTo(clock.instant().plus(Duration.ofHours(72)));
        assertThat(inGrace.path("dnsRecord").path("value").asText()).isEqualTo(value);
        assertThat(emulator.sentEmails()
                        .subList(emailsBefore, emulator.sentEmails().size()))
                .singleElement()
                .satisfies(email -> {
                    assertThat(email.to()).containsExactly("zoe@consultancy-ten.io");
                    assertThat(email.subject()).isEqualTo("Action needed: the DNS record for zulu-co.com is missing");
                    assertThat(email.text()).contains(value);
                });
        assertThat(signUp("ben@zulu-co.com").path("companies"))
                .as("still verified during grace")
                .hasSize(1);

        for (int hours = 0; hours < 72; hours += 6) {
            clock.advance(Duration.ofHours(6));
            runSchedule();
        }
        clock.advance(Duration.ofMinutes(1));
        runSchedule();

        JsonNode lapsed = domainOf(zulu, "zulu-co.com", zoe);
        assertThat(lapsed.path("status").asText()).isEqualTo("unverified");
        assertThat(lapsed.path("enrollment").asText()).isEqualTo("off");
        assertThat(emulator.sentEmails().stream().filter(e -> e.to().contains("zoe@consultancy-ten.io")))
                .extracting(Emulator.SentEmail::subject)
                .contains("zulu-co.com is no longer verified for your company account");
        assertThat(signUp("cal@zulu-co.com").path("companies"))
                .as("auto-join refused at sign-up")
                .isEmpty();
        assertThat(me(new User("amy-sub", "amy@zulu-co.com", true)).path("companies"))
                .as("members stay")
                .hasSize(1);
        dns.publish(name, List.of(value));
        assertThat(check(zulu, "zulu-co.com", zoe).body().path("status").asText())
                .as("the same record proves it again")
                .isEqualTo("verified");
    }

    @Test
    void scheduledRecheck_aLookupWithNoAnswer_isNoMissingRecord_untilLookupsFailAsLongAsGraceLasts() {
        User vic = User.verified("vic@consultancy-thirteen.io");
        String victor = createCompany(vic, "Victor");
        String value = proveByDns(victor, "victor-co.com", vic);
        patch(victor, "victor-co.com", "{\"enrollment\":\"auto_join\"}", vic);
        clock.advance(Duration.ofHours(26));
        int emailsBefore = emulator.sentEmails().size();

        JsonNode unanswered;
        Reply manual;
        try (DnsServer.Outage down = dns.outage()) {
            unanswered = runSchedule();
            manual = check(victor, "victor-co.com", vic);
        }

        assertThat(unanswered.path("lookupFailed").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(manual.body().path("checkResult").asText()).isEqualTo("lookup_failed");
        JsonNode kept = domainOf(victor, "victor-co.com", vic);
        assertThat(kept.path("status").asText()).isEqualTo("verified");
        assertThat(kept.has("graceEndsAt"))
                .as("no grace for a lookup with no answer")
                .isFalse();
        assertThat(emailsTo("vic@consultancy-thirteen.io", emailsBefore))
                .as("nobody is told the record is missing")
                .isEmpty();
        assertThat(signUp("wyn@victor-co.com").path("companies")).hasSize(1);
        clock.advance(Duration.ofHours(1));
        assertThat(runSchedule().path("passed").asInt())
                .as("retried at the next hourly run; the record is there")
                .isGreaterThanOrEqualTo(1);

        clock.advance(Duration.ofHours(26));
        int emailsBeforeLongOutage = emulator.sentEmails().size();
        try (DnsServer.Outage down = dns.outage()) {
            runSchedule();
            clock.advance(Duration.ofHours(71));
            runSchedule();
            assertThat(domainOf(victor, "victor-co.com", vic).has("graceEndsAt"))
                    .as("71 h of lookups with no answer (the earlier, answered outage long forgotten)")
                    .isFalse();
            assertThat(emailsTo("vic@consultancy-thirteen.io", emailsBeforeLongOutage))
                    .isEmpty();
            clock.advance(Duration.ofHours(1));
            assertThat(runSchedule().path("failing").asInt()).isGreaterThanOrEqualTo(1);
        }

        JsonNode failing = domainOf(victor, "victor-co.com", vic);
        assertThat(failing.path("status").asText()).isEqualTo("verified");
        assertThat(Instant.parse(failing.path("graceEndsAt").asText()))
                .as("72 h of no answer count as a failing check: grace starts now")
                .isEqualTo(clock.instant().plus(Duration.ofHours(72)));
        assertThat(emailsTo("vic@consultancy-thirteen.io", emailsBeforeLongOutage))
                .singleElement()
                .satisfies(email -> {
                    assertThat(email.subject())
                            .isEqualTo("Action needed: the DNS record for victor-co.com could not be checked");
                    assertThat(email.text()).contains(value).doesNotContain("missing");
                });
        clock.advance(Duration.ofHours(6));
        runSchedule();
        assertThat(domainOf(victor, "victor-co.com", vic).has("graceEndsAt"))
                .as("the resolver answers again and the record is there")
                .isFalse();
    }

    @Test
    void scheduledRecheck_passingDuringGrace_clearsTheGrace_andReadsAtMostABatch() {
        User ada = User.verified("ada@consultancy-eleven.io");
        String alpha = createCompany(ada, "Alpha");
        String name = "_autojoin-challenge.alpha-grace.com";
        String value = proveByDns(alpha, "alpha-grace.com", ada);
        dns.publish(name, List.of());
        clock.advance(Duration.ofHours(26));
        runSchedule();
        assertThat(domainOf(alpha, "alpha-grace.com", ada).has("graceEndsAt")).isTrue();

        dns.publish(name, List.of(value));
        clock.advance(Duration.ofHours(6));
        stack.requests.reset();
        JsonNode run = runSchedule();

        assertThat(run.path("passed").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(stack.requests.count("Query")).as("one query of what is due").isEqualTo(1);
        assertThat(stack.requests.count("Scan")).isZero();
        JsonNode cleared = domainOf(alpha, "alpha-grace.com", ada);
        assertThat(cleared.has("graceEndsAt")).isFalse();
        assertThat(cleared.path("status").asText()).isEqualTo("verified");
    }

    @Test
    void requestBudgets_perDomainRoute() {
        User rob = User.verified("rob@romeo-co.com");
        String romeo = createCompany(rob, "Romeo");
        Map<String, Map<String, Integer>> measured = new java.util.LinkedHashMap<>();

        stack.requests.reset();
        claim(romeo, "{\"domain\":\"romeo-co.com\",\"method\":\"email\"}", rob);
        measured.put("claim by affiliation", stack.requests.snapshot());
        stack.requests.reset();
        claim(
                romeo,
                "{\"domain\":\"romeo-link.com\",\"method\":\"email\",\"verificationEmail\":\"a@romeo-link.com\"}",
                rob);
        measured.put("claim by email link", stack.requests.snapshot());
        String token = token(lastEmailTo("a@romeo-link.com").text());
        stack.requests.reset();
        page(link("GET", token, "text/html"));
        measured.put("GET link page", stack.requests.snapshot());
        stack.requests.reset();
        call(stack.domains, link("POST", token, "application/json"));
        measured.put("POST link", stack.requests.snapshot());
        stack.requests.reset();
        String value = claim(romeo, "{\"domain\":\"romeo-dns.com\",\"method\":\"dns\"}", rob)
                .body()
                .path("dnsRecord")
                .path("value")
                .asText();
        measured.put("claim by dns", stack.requests.snapshot());
        stack.requests.reset();
        check(romeo, "romeo-dns.com", rob);
        measured.put("check, record missing", stack.requests.snapshot());
        dns.publish("_autojoin-challenge.romeo-dns.com", List.of(value));
        stack.requests.reset();
        check(romeo, "romeo-dns.com", rob);
        measured.put("check, proven", stack.requests.snapshot());
        stack.requests.reset();
        list(romeo, rob);
        measured.put("list", stack.requests.snapshot());

        assertThat(measured)
                .containsEntry(
                        "claim by affiliation", Map.of("DynamoDb.BatchGetItem", 1, "DynamoDb.TransactWriteItems", 1))
                .containsEntry(
                        "claim by email link",
                        Map.of("DynamoDb.BatchGetItem", 1, "DynamoDb.TransactWriteItems", 1, "DynamoDb.UpdateItem", 1))
                .containsEntry("GET link page", Map.of("DynamoDb.GetItem", 1, "DynamoDb.BatchGetItem", 1))
                .containsEntry(
                        "POST link",
                        Map.of("DynamoDb.GetItem", 1, "DynamoDb.BatchGetItem", 1, "DynamoDb.TransactWriteItems", 1))
                .containsEntry("claim by dns", Map.of("DynamoDb.BatchGetItem", 1, "DynamoDb.TransactWriteItems", 1))
                .containsEntry("check, record missing", Map.of("DynamoDb.BatchGetItem", 1, "DynamoDb.UpdateItem", 1))
                .containsEntry(
                        "check, proven",
                        Map.of("DynamoDb.BatchGetItem", 1, "DynamoDb.UpdateItem", 1, "DynamoDb.TransactWriteItems", 1))
                .containsEntry("list", Map.of("DynamoDb.GetItem", 1, "DynamoDb.Query", 1));
    }

    // --- helpers ---

    /** An answer whose body is a page, not JSON. */
    record Page(int status, Map<String, String> headers, String body) {}

    static Page page(ObjectNode event) {
        TestStack.Page page = TestStack.open(stack.domains, event);
        return new Page(page.status(), page.headers(), page.text());
    }

    static List<Integer> race(Callable<Integer> one, Callable<Integer> other) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (Callable<Integer> task : List.of(one, other)) {
                results.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> result : results) {
                statuses.add(result.get());
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    static String createCompany(User owner, String name) {
        Reply created = call(
                stack.settings,
                http("POST /companies", Map.of(), "{\"name\":\"" + name.replace("\"", "\\\"") + "\"}", owner));
        assertThat(created.status()).isEqualTo(201);
        return created.body().path("id").asText();
    }

    static Reply claim(String companyId, String body, User user) {
        return call(
                stack.domains, http("POST /companies/{companyId}/domains", Map.of("companyId", companyId), body, user));
    }

    /** Claims {@code domain} by DNS, publishes its record in the local DNS server and checks: verified. */
    static String proveByDns(String companyId, String domain, User admin) {
        String value = claim(companyId, "{\"domain\":\"" + domain + "\",\"method\":\"dns\"}", admin)
                .body()
                .path("dnsRecord")
                .path("value")
                .asText();
        dns.publish("_autojoin-challenge." + domain, List.of(value));
        assertThat(check(companyId, domain, admin).body().path("status").asText())
                .isEqualTo("verified");
        return value;
    }

    static Reply check(String companyId, String domain, User user) {
        return call(
                stack.domains,
                domainRoute("POST /companies/{companyId}/domains/{domain}/check", companyId, domain, null, user));
    }

    static Reply patch(String companyId, String domain, String body, User user) {
        return call(
                stack.domains,
                domainRoute("PATCH /companies/{companyId}/domains/{domain}", companyId, domain, body, user));
    }

    static ObjectNode domainRoute(String routeKey, String companyId, String domain, String body, User user) {
        return http(routeKey, Map.of("companyId", companyId, "domain", domain), body, user);
    }

    static JsonNode list(String companyId, User user) {
        Reply listed = call(
                stack.domains, http("GET /companies/{companyId}/domains", Map.of("companyId", companyId), null, user));
        assertThat(listed.status()).isEqualTo(200);
        return listed.body();
    }

    static JsonNode domainOf(String companyId, String domain, User user) {
        for (JsonNode item : list(companyId, user).path("items")) {
            if (item.path("domain").asText().equals(domain)) {
                return item;
            }
        }
        throw new AssertionError(companyId + " has no claim on " + domain);
    }

    /** A person signs up (the Cognito trigger runs), then asks GET /me. */
    static JsonNode signUp(String email) {
        String sub = email.substring(0, email.indexOf('@')) + "-sub";
        TestStack.invoke(stack.postSignup, TestStack.cognitoSignup(sub, email, "true"));
        return me(new User(sub, email, true));
    }

    static JsonNode me(User user) {
        Reply me = call(stack.settings, http("GET /me", Map.of(), null, user));
        assertThat(me.status()).isEqualTo(200);
        return me.body();
    }

    static ObjectNode link(String method, String token, String accept) {
        ObjectNode event = http(method + " /domain-verifications/{token}", Map.of("token", token), null, null);
        ((ObjectNode) event.path("headers")).put("accept", accept);
        return event;
    }

    static Emulator.SentEmail lastEmailTo(String address) {
        List<Emulator.SentEmail> sent = emulator.sentEmails().stream()
                .filter(e -> e.to().contains(address))
                .toList();
        assertThat(sent).as("emails to " + address).isNotEmpty();
        return sent.get(sent.size() - 1);
    }

    static List<Emulator.SentEmail> emailsTo(String address, int from) {
        List<Emulator.SentEmail> all = emulator.sentEmails();
        return all.subList(from, all.size()).stream()
                .filter(e -> e.to().contains(address))
                .toList();
    }

    static String token(String text) {
        Matcher matcher = LINK.matcher(text);
        assertThat(matcher.find()).as("a verification link in: " + text).isTrue();
        return matcher.group(1);
    }

    /** The scheduled event from events/, as EventBridge delivers it. */
    static JsonNode runSchedule() {
        return TestStack.schedule(stack.domainRecheck, "scheduled-recheck.json");
    }
}
