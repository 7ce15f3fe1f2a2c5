package dev.autojoin.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autojoin.config.Timeouts;
import dev.autojoin.handler.TestStack.Reply;
import dev.autojoin.handler.TestStack.User;
import dev.autojoin.testing.DnsServer;
import dev.autojoin.testing.Emulator;
import dev.autojoin.testing.EmulatorExtension;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Shadow companies of a captured domain: companies created at the domain before the capture are never merged or
 * changed silently; their owners are told once, by email and in GET /me, and choose; the capturing admins see who
 * at their domain is outside their company.
 */
@ExtendWith(EmulatorExtension.class)
class ShadowCompaniesIT {
    private static final String DOMAIN_ROUTE = "/companies/{companyId}/domains/{domain}";
    private static final String OUTSIDE = "GET " + DOMAIN_ROUTE + "/people-outside";

    private static DnsServer dns;
    private static TestStack stack;
    private static Emulator emulator;

    @BeforeAll
    static void givenTheStackAndADnsServer(Emulator given) {
        emulator = given;
        dns = DnsServer.start();
        stack = new TestStack(
                emulator,
                emulator.endpoint().toString(),
                Timeouts.API,
                Clock.systemUTC(),
                Map.of("DNS_RESOLVER", dns.address()),
                List.of());
    }

    @AfterAll
    static void stopDns() {
        dns.close();
    }

    @Test
    void theOwnerOfAnEarlierCompany_isOffered_notMoved_isToldOnce_andJoinsKeepingTheirCompany() {
        // Dave founds his company at the domain before anyone claims it; Erin, a coworker, joins it by invitation.
        User dave = User.verified("dave@shadow-one.com");
        Company daves = Company.create(stack, "Dave's Studio", dave);
        User erin = Company.signUp(stack, "erin@shadow-one.com");
        User frank = Company.signUp(stack, "frank@shadow-one.com");
        Company shadowOfFrank = Company.create(stack, "Frank's Side Project", frank);
        addMember(daves, erin);
        // Then Acme proves the domain by DNS, auto-joins it and captures it.
        Company acme = Company.create(stack, "Acme One", User.verified("alice@shadow-one.com"))
                .withDomain("shadow-one.com", "auto_join");
        acme.proveByDns(dns, "shadow-one.com");
        int mailsBefore = emulator.sentEmails().size();
        assertThat(capture(acme, "shadow-one.com", true).status()).isEqualTo(200);

        JsonNode firstRun = TestStack.schedule(stack.housekeeping, "eventbridge-scheduled.json");
        JsonNode secondRun = TestStack.schedule(stack.housekeeping, "eventbridge-scheduled.json");
        List<Emulator.SentEmail> told =
                emulator.sentEmails().subList(mailsBefore, emulator.sentEmails().size()).stream()
                        .filter(m -> m.subject().equals("shadow-one.com is now managed by Acme One"))
                        .toList();
        JsonNode daveMe = daves.me(dave);
        JsonNode erinMe = daves.me(erin);
        Reply outside = acme.as(acme.owner, OUTSIDE, Map.of("domain", "shadow-one.com"), null);

        assertThat(firstRun.path("shadowCompaniesTold").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(secondRun.path("shadowCompaniesTold").asInt())
                .as("told once")
                .isZero();
        assertThat(told)
                .extracting(m -> m.to().get(0))
                .as("the owners of both shadow companies, once each")
                .containsExactlyInAnyOrder("dave@shadow-one.com", "frank@shadow-one.com");
        assertThat(told.get(0).text()).contains("Nothing in it changed");
        assertThat(ids(daveMe.path("companies"))).as("Dave is not moved").containsExactly(daves.id);
        assertThat(offer(daveMe, acme.id)).as("%s", daveMe).isNotNull();
        assertThat(offer(daveMe, acme.id).path("status").asText()).isEqualTo("offered");
        assertThat(offer(daveMe, acme.id).path("enrollment").asText()).isEqualTo("auto_join");
        assertThat(offer(erinMe, acme.id))
                .as("a member of a shadow company is offered too")
                .isNotNull();
        assertThat(outside.status()).as("%s", outside.body()).isEqualTo(200);
        assertThat(rows(outside.body()))
                .containsExactlyInAnyOrder(
                        "dave@shadow-one.com Dave's Studio owner",
                        "erin@shadow-one.com Dave's Studio member",
                        "frank@shadow-one.com Frank's Side Project owner");

        Reply joined = answer(dave, "join", acme);
        JsonNode after = daves.me(dave);
        Reply again = answer(dave, "join", acme);
        Reply kept = answer(erin, "keep", acme);
        JsonNode erinAfter = daves.me(erin);
        Reply keptAgain = answer(erin, "keep", acme);
        Reply erinJoins = answer(erin, "join", acme);
        Reply outsideAfter = acme.as(acme.owner, OUTSIDE, Map.of("domain", "shadow-one.com"), null);

        assertThat(joined.status()).as("%s", joined.body()).isEqualTo(200);
        assertThat(joined.body().path("provenance").path("type").asText()).isEqualTo("auto_join");
        assertThat(ids(after.path("companies")))
                .as("Dave keeps his company")
                .containsExactlyInAnyOrder(daves.id, acme.id);
        assertThat(offer(after, acme.id)).isNull();
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body().path("code").asText()).isEqualTo("already_member");
        assertThat(kept.status()).isEqualTo(204);
        assertThat(offer(erinAfter, acme.id)).as("kept: never shown again").isNull();
        assertThat(ids(erinAfter.path("companies")))
                .as("and never joined silently")
                .containsExactly(daves.id);
        assertThat(keptAgain.status()).isEqualTo(404);
        assertThat(erinJoins.status()).isEqualTo(404);
        assertThat(rows(outsideAfter.body()))
                .containsExactlyInAnyOrder(
                        "erin@shadow-one.com Dave's Studio member", "frank@shadow-one.com Frank's Side Project owner");
        assertThat(shadowOfFrank.memberOf(frank))
                .as("nothing in a shadow company changed")
                .isTrue();
    }

    @Test
    void captureOff_closesTheOffer_andTheList_atOnce_andARemovedPersonIsNeverOffered() {
        User gina = User.verified("gina@shadow-two.com");
        Company ginas = Company.create(stack, "Gina's", gina);
        User hank = User.verified("hank@shadow-two.com");
        Company hanks = Company.create(stack, "Hank's", hank);
        Company acme = Company.create(stack, "Acme Two", User.verified("alice@shadow-two.com"))
                .withDomain("shadow-two.com", "auto_join");
        User hankInAcme = new User(hank.sub(), hank.email(), true);
        // Hank was in Acme and an admin removed him: he is never offered Acme again.
        addMember(acme, hankInAcme);
        assertThat(acme.as(
                                acme.owner,
                                "DELETE /companies/{companyId}/members/{userId}",
                                Map.of("userId", hank.sub()),
                                null)
                        .status())
                .isEqualTo(204);
        Reply listedBeforeCapture = acme.as(acme.owner, OUTSIDE, Map.of("domain", "shadow-two.com"), null);
        acme.proveByDns(dns, "shadow-two.com");
        capture(acme, "shadow-two.com", true);

        JsonNode ginaMe = ginas.me(gina);
        JsonNode hankMe = hanks.me(hank);
        Reply off = capture(acme, "shadow-two.com", false);
        JsonNode ginaOff = ginas.me(gina);
        Reply joinWhileOff = answer(gina, "join", acme);
        Reply listedOff = acme.as(acme.owner, OUTSIDE, Map.of("domain", "shadow-two.com"), null);
        Reply byAMember = acme.as(
                acme.member("ivy@shadow-two.com", "member", "invite"),
                OUTSIDE,
                Map.of("domain", "shadow-two.com"),
                null);

        assertThat(listedBeforeCapture.status()).isEqualTo(409);
        assertThat(listedBeforeCapture.body().path("code").asText()).isEqualTo("capture_off");
        assertThat(offer(ginaMe, acme.id)).isNotNull();
        assertThat(offer(hankMe, acme.id))
                .as("removed by an admin: not offered")
                .isNull();
        assertThat(ids(hankMe.path("companies"))).containsExactly(hanks.id);
        assertThat(off.status()).isEqualTo(200);
        assertThat(offer(ginaOff, acme.id))
                .as("capture off, the domain still auto-joins: the offer stands, nobody is joined silently")
                .isNotNull();
        assertThat(ids(ginaOff.path("companies"))).containsExactly(ginas.id);
        assertThat(joinWhileOff.status()).as("%s", joinWhileOff.body()).isEqualTo(200);
        assertThat(listedOff.status()).isEqualTo(409);
        assertThat(listedOff.body().path("code").asText()).isEqualTo("capture_off");
        assertThat(byAMember.status()).isEqualTo(403);
    }

    @Test
    void leavingAutoJoin_closesTheOffer() {
        User jo = User.verified("jo@shadow-three.com");
        Company jos = Company.create(stack, "Jo's", jo);
        Company acme = Company.create(stack, "Acme Three", User.verified("alice@shadow-three.com"))
                .withDomain("shadow-three.com", "auto_join");
        acme.proveByDns(dns, "shadow-three.com");
        capture(acme, "shadow-three.com", true);
        assertThat(offer(jos.me(jo), acme.id)).isNotNull();

        acme.enrollment("shadow-three.com", "off");
        JsonNode me = jos.me(jo);
        Reply join = answer(jo, "join", acme);

        assertThat(offer(me, acme.id)).isNull();
        assertThat(join.status()).as("%s", join.body()).isEqualTo(409);
        assertThat(join.body().path("code").asText()).isEqualTo("offer_closed");
        assertThat(ids(jos.me(jo).path("companies"))).containsExactly(jos.id);
    }

    /** The owner invites {@code user}'s address and the user accepts: a member with no flag. */
    private static void addMember(Company co, User user) {
        Reply invited = co.as(
                co.owner,
                "POST /companies/{companyId}/invites",
                Map.of(),
                "{\"invites\":[{\"email\":\"" + user.email() + "\"}]}");
        assertThat(invited.status()).as("%s", invited.body()).isEqualTo(200);
        String link = stack.lastLinkTo(TestStack.INVITE_LINK, user.email());
        Reply accepted = co.as(user, "POST /invites/{token}/accept", Map.of("token", link), null);
        assertThat(accepted.status()).as("%s", accepted.body()).isIn(200, 201);
    }

    /** The person's answer to the capturing company's offer: join or keep. */
    private static Reply answer(User person, String choice, Company capturing) {
        return TestStack.call(
                stack.settings,
                TestStack.http(
                        "POST /me/offers/{companyId}/" + choice, Map.of("companyId", capturing.id), null, person));
    }

    private static JsonNode offer(JsonNode me, String companyId) {
        for (JsonNode s : me.path("suggestions")) {
            if (s.path("companyId").asText().equals(companyId)) {
                return s;
            }
        }
        return null;
    }

    private static List<String> ids(JsonNode companies) {
        return StreamSupport.stream(companies.spliterator(), false)
                .map(c -> c.path("id").asText())
                .toList();
    }

    private static List<String> rows(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.path("items")
                .forEach(p -> out.add(p.path("email").asText() + " "
                        + p.path("company").path("name").asText() + " "
                        + p.path("role").asText()));
        return out;
    }

    private static Reply capture(Company co, String domain, boolean on) {
        return co.as(co.owner, "PATCH " + DOMAIN_ROUTE, Map.of("domain", domain), "{\"capture\":" + on + "}");
    }
}
