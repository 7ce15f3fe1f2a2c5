package dev.autojoin.handler;

import static dev.autojoin.handler.TestStack.call;
import static dev.autojoin.handler.TestStack.http;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import dev.autojoin.handler.TestStack.Reply;
import dev.autojoin.handler.TestStack.User;
import dev.autojoin.testing.DnsServer;
import dev.autojoin.testing.Emulator;
import dev.autojoin.testing.EmulatorExtension;
import dev.autojoin.testing.MutableClock;
import dev.autojoin.testing.TestContext;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The scheduled re-check reports what it leaves for the next run, on a table of its own (each IT class starts with an
 * empty one) with a batch of 2, against the real DNS server.
 */
@ExtendWith(EmulatorExtension.class)
class DomainRecheckBacklogIT {
    private static final User ADMIN = User.verified("ops@consultancy-backlog.io");

    private static DnsServer dns;
    private static MutableClock clock;
    private static TestStack stack;

    @BeforeAll
    static void start(Emulator emulator) {
        dns = DnsServer.start();
        clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
        stack = new TestStack(
                emulator,
                emulator.endpoint().toString(),
                dev.autojoin.config.Timeouts.API,
                clock,
                Map.of("DNS_RESOLVER", dns.address(), "RECHECK_BATCH_SIZE", "2"),
                List.of());
    }

    @AfterAll
    static void stop() {
        dns.close();
    }

    @Test
    void aRun_reportsTheDomainsItLeftForTheNextRun_whenMoreAreDueThanABatch_orTimeRunsOut() throws IOException {
        Reply created = call(stack.settings, http("POST /companies", Map.of(), "{\"name\":\"Backlog\"}", ADMIN));
        String company = created.body().path("id").asText();
        for (int i = 1; i <= 5; i++) {
            proveByDns(company, "backlog-" + i + ".com");
        }
        clock.advance(Duration.ofHours(26));

        JsonNode outOfTime = recheck(4_000);
        assertThat(outOfTime.path("checked").asInt())
                .as("under 5 s left: no lookup starts")
                .isZero();
        assertThat(outOfTime.path("leftForNextRun").asInt()).isEqualTo(5);

        stack.requests.reset();
        JsonNode first;
        try (EmittedMetrics metrics = EmittedMetrics.capture()) {
            first = recheck(14_000);
            assertThat(metrics.sum(Metric.DOMAIN_RECHECK_LEFT_FOR_NEXT_RUN)).isEqualTo(3);
            assertThat(metrics.sum(Metric.DOMAIN_RECHECK_LOOKUP_FAILED))
                    .as("a run's count, zero included")
                    .isZero();
            assertThat(metrics.lines()).hasSize(2);
        }
        assertThat(first.path("checked").asInt()).isEqualTo(2);
        assertThat(first.path("passed").asInt()).isEqualTo(2);
        assertThat(first.path("leftForNextRun").asInt()).isEqualTo(3);
        assertThat(stack.requests.count("Query"))
                .as("the batch, then one count of what lies beyond it")
                .isEqualTo(2);

        assertThat(recheck(14_000).path("leftForNextRun").asInt()).isEqualTo(1);
        stack.requests.reset();
        JsonNode last = recheck(14_000);
        assertThat(last.path("checked").asInt()).isEqualTo(1);
        assertThat(last.path("leftForNextRun").asInt()).isZero();
        assertThat(stack.requests.count("Query"))
                .as("a page that is not full needs no count")
                .isEqualTo(1);
        assertThat(recheck(14_000).path("checked").asInt()).isZero();
    }

    private static void proveByDns(String company, String domain) {
        Reply claimed = call(
                stack.domains,
                http(
                        "POST /companies/{companyId}/domains",
                        Map.of("companyId", company),
                        "{\"domain\":\"" + domain + "\",\"method\":\"dns\"}",
                        ADMIN));
        assertThat(claimed.status()).as(claimed.body().toString()).isEqualTo(201);
        dns.publish(
                claimed.body().path("dnsRecord").path("name").asText(),
                List.of(claimed.body().path("dnsRecord").path("value").asText()));
        Reply checked = call(
                stack.domains,
                http(
                        "POST /companies/{companyId}/domains/{domain}/check",
                        Map.of("companyId", company, "domain", domain),
                        null,
                        ADMIN));
        assertThat(checked.body().path("status").asText()).isEqualTo("verified");
    }

    /** The scheduled event, in an invocation with {@code remainingMillis} left (Lambda's timeout is 15 s). */
    private static JsonNode recheck(int remainingMillis) {
        ScheduledEvent event = EventLoader.loadScheduledEvent(TestStack.eventPath("scheduled-recheck.json"));
        return Json.MAPPER.valueToTree(
                stack.domainRecheck.handleRequest(event, TestContext.withRemaining(remainingMillis)));
    }
}
