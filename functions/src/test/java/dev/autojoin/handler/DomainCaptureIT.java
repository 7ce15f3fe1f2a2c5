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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Domain capture: only on a DNS-proven claim in auto_join mode; while on, nobody at the domain founds a company. */
@ExtendWith(EmulatorExtension.class)
class DomainCaptureIT {
    private static final String DOMAIN_ROUTE = "/companies/{companyId}/domains/{domain}";

    private static DnsServer dns;
    private static TestStack stack;

    @BeforeAll
    static void givenTheStackAndADnsServer(Emulator emulator) {
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
    void capture_needsADnsProofAndAutoJoin_refusesNewCompaniesAtTheDomain_andOffRestoresThemAtOnce() {
        // Proven by the owner's own mailbox first: capture is refused until DNS proves the domain.
        Company co = Company.create(stack, "Hooli", User.verified("gavin@hooli-capture.com"))
                .withDomain("hooli-capture.com", "auto_join");
        Reply byMailbox = capture(co, true);
        co.proveByDns(dns, "hooli-capture.com");
        Reply suggestMode = co.as(
                co.owner,
                "PATCH " + DOMAIN_ROUTE,
                Map.of("domain", "hooli-capture.com"),
                "{\"enrollment\":\"suggest\",\"capture\":true}");
        Reply on = capture(co, true);
        User coworker = User.verified("big.head@hooli-capture.com");

        Reply refused = create(coworker, "Not Hooli");
        Reply elsewhere = create(User.verified("someone@other-capture.com"), "Elsewhere");
        JsonNode me = co.me(coworker);
        Reply off = capture(co, false);
        Reply allowed = create(coworker, "Not Hooli");

        assertThat(byMailbox.status()).isEqualTo(409);
        assertThat(byMailbox.body().path("code").asText()).isEqualTo("capture_not_allowed");
        assertThat(suggestMode.status()).isEqualTo(409);
        assertThat(suggestMode.body().path("code").asText()).isEqualTo("capture_not_allowed");
        assertThat(on.status()).as("%s", on.body()).isEqualTo(200);
        assertThat(on.body().path("capture").asBoolean()).isTrue();
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body().path("code").asText()).isEqualTo("domain_captured");
        assertThat(refused.body().path("company").path("id").asText()).isEqualTo(co.id);
        assertThat(refused.body().path("company").path("name").asText()).isEqualTo("Hooli");
        assertThat(refused.body().path("detail").asText()).contains("Hooli", "hooli-capture.com");
        assertThat(elsewhere.status()).as("another domain is not captured").isEqualTo(201);
        assertThat(me.path("companies").toString())
                .as("the coworker is in Hooli by auto-join")
                .contains(co.id);
        assertThat(off.status()).isEqualTo(200);
        assertThat(off.body().path("capture").asBoolean()).isFalse();
        assertThat(allowed.status())
                .as("capture off: creating a company works again")
                .isEqualTo(201);
    }

    @Test
    void leavingAutoJoin_turnsCaptureOff() {
        Company co = Company.create(stack, "Endframe", User.verified("gilfoyle@endframe-capture.com"))
                .withDomain("endframe-capture.com", "auto_join");
        co.proveByDns(dns, "endframe-capture.com");
        assertThat(capture(co, true).status()).isEqualTo(200);

        Reply suggest = co.as(
                co.owner,
                "PATCH " + DOMAIN_ROUTE,
                Map.of("domain", "endframe-capture.com"),
                "{\"enrollment\":\"suggest\"}");

        assertThat(suggest.body().path("capture").asBoolean()).isFalse();
        assertThat(create(User.verified("dinesh@endframe-capture.com"), "Own").status())
                .isEqualTo(201);
    }

    private static Reply capture(Company co, boolean on) {
        String domain = co.as(co.owner, "GET /companies/{companyId}/domains", Map.of(), null)
                .body()
                .path("items")
                .get(0)
                .path("domain")
                .asText();
        return co.as(co.owner, "PATCH " + DOMAIN_ROUTE, Map.of("domain", domain), "{\"capture\":" + on + "}");
    }

    private static Reply create(User founder, String name) {
        return TestStack.call(
                stack.settings, TestStack.http("POST /companies", Map.of(), Company.json("name", name), founder));
    }
}
