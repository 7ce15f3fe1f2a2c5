package dev.autojoin.handler;

import static dev.autojoin.handler.TestStack.call;
import static dev.autojoin.handler.TestStack.http;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.autojoin.config.Timeouts;
import dev.autojoin.handler.TestStack.Reply;
import dev.autojoin.handler.TestStack.User;
import dev.autojoin.testing.ConflictInjector;
import dev.autojoin.testing.ConflictInjector.Mode;
import dev.autojoin.testing.DnsServer;
import dev.autojoin.testing.Emulator;
import dev.autojoin.testing.EmulatorExtension;
import dev.autojoin.testing.MutableClock;
import dev.autojoin.testing.TestContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Every route, trigger and schedule that writes, with DynamoDB answering its transaction {@code TransactionConflict}
 * (which moto never does): once, then on every try. Once, each must succeed as if nothing happened (Transaction tries
 * again). Always, each must give the caller's conflict answer (HTTP: 409 {@code concurrent_change}; the trigger and
 * the sign-up hook: the sign-up goes on, nothing joined; a schedule: deferred to its next run; SNS: an error, which
 * Lambda's retries and the dead-letter queue keep), never a wrong domain answer, and must leave no half write: the
 * table holds exactly what it held (rate counters aside: they count attempts) and no email went out.
 *
 * <p>The cases come from the handlers' ROUTES and template.yaml's functions, so a new route or function without a case
 * fails {@link #everyRouteAndEveryOtherEntryPoint_hasACase}. The outcomes are written to
 * {@code target/conflict-injection.md}.
 */
@ExtendWith(EmulatorExtension.class)
class ConflictInjectionIT {
    private static final ConflictInjector CONFLICTS = new ConflictInjector();
    private static final AtomicInteger FRESH = new AtomicInteger();
    private static final Map<String, String> REPORT = new TreeMap<>();

    private static Emulator emulator;
    private static TestStack stack;
    private static DnsServer dns;
    private static MutableClock clock;
    /**
     * Empty: the whole table must be as it was. A schedule's case names its own items (its company and domain): the
     * other cases' claims it also re-checks are written by single conditional puts, which no conflict reaches.
     */
    private static Set<String> scope = Set.of();

    @BeforeAll
    static void givenTheStack_withConflictsInjectedAtTheSdk(Emulator shared) {
        emulator = shared;
        dns = DnsServer.start();
        clock = new MutableClock(Instant.now());
        stack = new TestStack(
                shared,
                shared.endpoint().toString(),
                Timeouts.API,
                clock,
                Map.of(
                        "DNS_RESOLVER",
                        dns.address(),
                        "INVITES_PER_ADDRESS_PER_DAY",
                        "100",
                        "MAIL_FEEDBACK_TOPIC_ARN",
                        MailFeedbackEventsTest.sampleTopic(),
                        "OKTA_EMAILS_VERIFIED",
                        "true"),
                List.of(CONFLICTS));
    }

    @AfterAll
    static void writeTheReport() throws IOException {
        dns.close();
        StringBuilder table = new StringBuilder(
                "| route, trigger or schedule | a conflict on the first try | a conflict on every try |\n|---|---|---|\n");
        REPORT.forEach((name, row) ->
                table.append("| ").append(name).append(" | ").append(row).append(" |\n"));
        Path out = Path.of("target", "conflict-injection.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table.toString());
    }

    // ---- What a case is.

    /** What came of one attempt: the answer, and whether the change it asked for happened. */
    record Result(String answer, boolean changed, String code) {
        static Result of(Reply reply, boolean changed) {
            String code = reply.body() == null ? "" : reply.body().path("code").asText("");
            return new Result(Integer.toString(reply.status()), changed, code);
        }
    }

    /** How a caller learns that a write still conflicted after every try. */
    enum Regime {
        /** 409 concurrent_change. */
        HTTP,
        /** Cognito's trigger: the event back, nothing joined, the failure counted (GET /me repairs it). */
        SIGNUP,
        /** A sign-up hook: 503 with Retry-After, so the identity provider delivers it again (GET /me repairs it too). */
        HOOK,
        /** Firebase's blocking call: 200 {} whatever happens behind it, nothing joined (GET /me repairs it). */
        BLOCKING,
        /** The run reports it deferred; the next run does it. */
        SCHEDULE,
        /** The invocation fails, so Lambda tries again and then keeps the event in the dead-letter queue. */
        ASYNC,
        /** The message is answered as a batch item failure: the queue hands it over again. */
        QUEUE
    }

    /** Prepares the world a case needs (no fault injected) and returns the one call that is then made. */
    record Case(String name, Regime regime, String success, Supplier<Supplier<Result>> prepare) {}

    private static final List<Case> CASES = List.of(
            route("GET /me", "200", () -> {
                Tenant co = autoJoinCompany();
                User missed = User.verified("missed@" + co.domain); // the trigger never ran for them
                return () -> {
                    Reply me = call(stack.settings, http("GET /me", Map.of(), null, missed));
                    return Result.of(me, me.status() == 200 && member(co, missed));
                };
            }),
            route("POST /companies", "201", () -> {
                User founder = signUp("founder@" + fresh("co.com"));
                return () -> {
                    Reply created =
                            call(stack.settings, http("POST /companies", Map.of(), "{\"name\":\"Founded\"}", founder));
                    return Result.of(created, created.status() == 201);
                };
            }),
            read("GET /companies/{companyId}"),
            route("PATCH /companies/{companyId}/settings", "200", () -> {
                Tenant co = company();
                String etag = co.co.etag();
                return () -> {
                    Reply patched = co.co.as(
                            co.co.owner,
                            "PATCH /companies/{companyId}/settings",
                            Map.of(),
                            "{\"notify\":\"requests_only\"}",
                            "if-match",
                            etag);
                    return Result.of(patched, patched.status() == 200);
                };
            }),
            read("GET /companies/{companyId}/members"),
            route("PATCH /companies/{companyId}/members/{userId}", "200", () -> {
                Tenant co = autoJoinCompany();
                User bob = signUp("bob@" + co.domain);
                return () -> {
                    Reply changed = co.co.as(
                            co.co.owner,
                            "PATCH /companies/{companyId}/members/{userId}",
                            Map.of("userId", bob.sub()),
                            "{\"role\":\"admin\"}");
                    return Result.of(changed, changed.status() == 200);
                };
            }),
            route("DELETE /companies/{companyId}/members/{userId}", "204", () -> {
                Tenant co = autoJoinCompany();
                User bob = signUp("bob@" + co.domain);
                return () -> {
                    Reply removed = co.co.as(
                            co.co.owner,
                            "DELETE /companies/{companyId}/members/{userId}",
                            Map.of("userId", bob.sub()),
                            null);
                    return Result.of(removed, removed.status() == 204 && !member(co, bob));
                };
            }),
            route("DELETE /companies/{companyId}/members/{userId} (leaving)", "204", () -> {
                Tenant co = autoJoinCompany();
                User bob = signUp("bob@" + co.domain);
                return () -> {
                    Reply left = co.co.as(
                            bob, "DELETE /companies/{companyId}/members/{userId}", Map.of("userId", bob.sub()), null);
                    return Result.of(left, left.status() == 204 && !member(co, bob));
                };
            }),
            route("POST /companies/{companyId}/join-requests", "201", () -> {
                Tenant co = suggestCompany();
                User carol = signUp("carol@" + co.domain);
                return () -> {
                    Reply asked = co.co.as(carol, "POST /companies/{companyId}/join-requests", Map.of(), null);
                    return Result.of(asked, asked.status() == 201);
                };
            }),
            read("GET /companies/{companyId}/join-requests"),
            route("POST /companies/{companyId}/join-requests/{userId}/approve", "200", () -> decide("approve")),
            route("POST /companies/{companyId}/join-requests/{userId}/decline", "200", () -> decide("decline")),
            read("GET /companies/{companyId}/audit"),
            read("GET /companies/{companyId}/teams"),
            route("POST /companies/{companyId}/teams", "201", () -> {
                Tenant co = company();
                return () -> {
                    Reply created =
                            co.co.as(co.co.owner, "POST /companies/{companyId}/teams", Map.of(), "{\"name\":\"T\"}");
                    return Result.of(
                            created, created.status() == 201 && teams(co).size() == 2);
                };
            }),
            route("PATCH /companies/{companyId}/teams/{teamId}", "200", () -> {
                Tenant co = company();
                String team = teams(co).get(0);
                return () -> {
                    Reply renamed = co.co.as(
                            co.co.owner,
                            "PATCH /companies/{companyId}/teams/{teamId}",
                            Map.of("teamId", team),
                            "{\"name\":\"Renamed\"}");
                    return Result.of(renamed, renamed.status() == 200);
                };
            }),
            route("POST /companies/{companyId}/teams/{teamId}/archive", "200", () -> {
                Tenant co = company();
                String team = newTeam(co);
                return () -> {
                    Reply archived = co.co.as(
                            co.co.owner,
                            "POST /companies/{companyId}/teams/{teamId}/archive",
                            Map.of("teamId", team),
                            null);
                    return Result.of(archived, archived.status() == 200);
                };
            }),
            route("POST /companies/{companyId}/teams/{teamId}/restore", "200", () -> {
                Tenant co = company();
                String team = newTeam(co);
                co.co.as(
                        co.co.owner,
                        "POST /companies/{companyId}/teams/{teamId}/archive",
                        Map.of("teamId", team),
                        null);
                return () -> {
                    Reply restored = co.co.as(
                            co.co.owner,
                            "POST /companies/{companyId}/teams/{teamId}/restore",
                            Map.of("teamId", team),
                            null);
                    return Result.of(restored, restored.status() == 200);
                };
            }),
            route("PUT /companies/{companyId}/teams/{teamId}/members/{userId}", "200", () -> {
                Tenant co = autoJoinCompany();
                User bob = signUp("bob@" + co.domain);
                String team = teams(co).get(0);
                return () -> {
                    Reply put = co.co.as(
                            co.co.owner,
                            "PUT /companies/{companyId}/teams/{teamId}/members/{userId}",
                            Map.of("teamId", team, "userId", bob.sub()),
                            "{\"permissions\":[\"post_jobs\"]}");
                    return Result.of(put, put.status() == 200);
                };
            }),
            route("DELETE /companies/{companyId}/teams/{teamId}/members/{userId}", "204", () -> {
                Tenant co = autoJoinCompany();
                User bob = signUp("bob@" + co.domain);
                String team = teams(co).get(0);
                Reply in = co.co.as(
                        co.co.owner,
                        "PUT /companies/{companyId}/teams/{teamId}/members/{userId}",
                        Map.of("teamId", team, "userId", bob.sub()),
                        "{\"permissions\":[]}");
                assertThat(in.status()).isEqualTo(200);
                return () -> {
                    Reply out = co.co.as(
                            co.co.owner,
                            "DELETE /companies/{companyId}/teams/{teamId}/members/{userId}",
                            Map.of("teamId", team, "userId", bob.sub()),
                            null);
                    return Result.of(out, out.status() == 204);
                };
            }),
            read("GET /companies/{companyId}/domains"),
            route("GET /companies/{companyId}/domains/{domain}/people-outside", "200", () -> {
                Tenant co = capturing();
                return () -> {
                    Reply listed = co.co.as(
                            co.co.owner,
                            "GET /companies/{companyId}/domains/{domain}/people-outside",
                            Map.of("domain", co.domain),
                            null);
                    return Result.of(listed, listed.status() == 200);
                };
            }),
            route("POST /me/offers/{companyId}/join", "200", () -> {
                Tenant co = autoJoinCompany();
                User dave = offered(co);
                return () -> {
                    Reply joined = call(
                            stack.settings,
                            http("POST /me/offers/{companyId}/join", Map.of("companyId", co.co.id), null, dave));
                    return Result.of(joined, joined.status() == 200 && member(co, dave));
                };
            }),
            route("POST /me/offers/{companyId}/keep", "204", () -> {
                Tenant co = autoJoinCompany();
                User dave = offered(co);
                return () -> {
                    Reply kept = call(
                            stack.settings,
                            http("POST /me/offers/{companyId}/keep", Map.of("companyId", co.co.id), null, dave));
                    return Result.of(kept, kept.status() == 204 && !member(co, dave));
                };
            }),
            route("POST /companies/{companyId}/domains", "201", () -> {
                Tenant co = company();
                String domain = fresh("claim.com");
                return () -> {
                    Reply claimed = co.co.as(
                            co.co.owner,
                            "POST /companies/{companyId}/domains",
                            Map.of(),
                            "{\"domain\":\"" + domain + "\",\"method\":\"dns\"}");
                    return Result.of(claimed, claimed.status() == 201);
                };
            }),
            route("PATCH /companies/{companyId}/domains/{domain}", "200", () -> {
                Tenant co = suggestCompany();
                return () -> {
                    Reply patched = co.co.as(
                            co.co.owner,
                            "PATCH /companies/{companyId}/domains/{domain}",
                            Map.of("domain", co.domain),
                            "{\"enrollment\":\"auto_join\"}");
                    return Result.of(patched, patched.status() == 200);
                };
            }),
            route("POST /companies/{companyId}/domains/{domain}/check", "200", () -> {
                Tenant co = company();
                String domain = fresh("dns.com");
                Reply claimed = co.co.as(
                        co.co.owner,
                        "POST /companies/{companyId}/domains",
                        Map.of(),
                        "{\"domain\":\"" + domain + "\",\"method\":\"dns\"}");
                assertThat(claimed.status()).as("dns claim: %s", claimed.body()).isEqualTo(201);
                dns.publish(
                        "_autojoin-challenge." + domain,
                        List.of(claimed.body().path("dnsRecord").path("value").asText()));
                return () -> {
                    Reply checked = co.co.as(
                            co.co.owner,
                            "POST /companies/{companyId}/domains/{domain}/check",
                            Map.of("domain", domain),
                            null);
                    return Result.of(
                            checked,
                            checked.status() == 200
                                    && "verified"
                                            .equals(checked.body()
                                                    .path("status")
                                                    .asText()));
                };
            }),
            route("DELETE /companies/{companyId}/domains/{domain}", "204", () -> {
                Tenant co = suggestCompany();
                return () -> {
                    Reply released = co.co.as(
                            co.co.owner,
                            "DELETE /companies/{companyId}/domains/{domain}",
                            Map.of("domain", co.domain),
                            null);
                    return Result.of(released, released.status() == 204);
                };
            }),
            route("GET /domain-verifications/{token}", "200", () -> {
                String token = verificationLink();
                return () -> {
                    TestStack.Page page = TestStack.open(
                            stack.domains,
                            http("GET /domain-verifications/{token}", Map.of("token", token), null, null));
                    return new Result(Integer.toString(page.status()), page.status() == 200, "");
                };
            }),
            route("POST /domain-verifications/{token}", "200", () -> {
                String token = verificationLink();
                return () -> {
                    TestStack.Page page = TestStack.open(
                            stack.domains,
                            http("POST /domain-verifications/{token}", Map.of("token", token), null, null));
                    return new Result(Integer.toString(page.status()), page.status() == 200, codeOf(page));
                };
            }),
            route("POST /companies/{companyId}/invites", "200", () -> {
                Tenant co = company();
                String email = "invitee@" + fresh("elsewhere.com");
                return () -> {
                    Reply sent = invite(co, email);
                    return Result.of(
                            sent,
                            sent.status() == 200
                                    && "invited"
                                            .equals(sent.body()
                                                    .path("results")
                                                    .path(0)
                                                    .path("status")
                                                    .asText()));
                };
            }),
            read("GET /companies/{companyId}/invites"),
            onOpenInvitation("POST /companies/{companyId}/invites/{inviteId}/resend", "200"),
            onOpenInvitation("DELETE /companies/{companyId}/invites/{inviteId}", "204"),
            invitePage("GET /invites/{token}"),
            invitePage("HEAD /invites/{token}"),
            route("POST /invites/{token}/accept", "200", () -> {
                Tenant co = company();
                String email = "dana@" + fresh("elsewhere.com");
                invite(co, email);
                String token = stack.lastLinkTo(TestStack.INVITE_LINK, email);
                User dana = User.verified(email); // signed in without the trigger, which would accept it
                return () -> {
                    Reply accepted = call(
                            stack.invites, http("POST /invites/{token}/accept", Map.of("token", token), null, dana));
                    return Result.of(accepted, accepted.status() == 200 && member(co, dana));
                };
            }),
            route("GET /discovery", "200", () -> () -> {
                ObjectNode event = http("GET /discovery", Map.of(), null, null);
                TestStack.withQuery(event, "email", "someone@" + fresh("co.com"));
                Reply found = call(stack.domains, event);
                return Result.of(found, found.status() == 200);
            }),
            new Case("POST /hooks/signup", Regime.HOOK, "200", () -> {
                Tenant co = autoJoinCompany();
                User hooked = User.verified("hooked@" + co.domain);
                return () -> {
                    Reply answered = call(stack.signupWebhook, signedHook(hooked));
                    return Result.of(answered, member(co, hooked));
                };
            }),
            providerHook(Providers.Provider.CLERK, Regime.HOOK, "200"),
            providerHook(Providers.Provider.WORKOS, Regime.HOOK, "200"),
            providerHook(Providers.Provider.OKTA, Regime.HOOK, "204"),
            providerHook(Providers.Provider.KEYCLOAK, Regime.HOOK, "200"),
            providerHook(Providers.Provider.FIREBASE, Regime.BLOCKING, "200"),
            new Case("GET /hooks/okta", Regime.HOOK, "200", () -> () -> {
                ObjectNode challenge = http("GET /hooks/okta", Map.of(), null, null);
                TestStack.withHeader(challenge, "authorization", Providers.OKTA_AUTHORIZATION);
                TestStack.withHeader(challenge, "x-okta-verification-challenge", "c");
                Reply answered = call(stack.signupWebhook, challenge);
                return Result.of(answered, answered.status() == 200);
            }),
            new Case("PostSignupFunction (Cognito Post confirmation)", Regime.SIGNUP, "event echoed", () -> {
                Tenant co = autoJoinCompany();
                User erin = User.verified("erin@" + co.domain);
                byte[] event = TestStack.cognitoSignup(erin.sub(), erin.email(), "true");
                return () -> {
                    byte[] answer = TestStack.invoke(stack.postSignup, event);
                    return new Result(
                            Arrays.equals(answer, event) ? "event echoed" : "event changed", member(co, erin), "");
                };
            }),
            new Case("MailFeedbackFunction (SES bounce through SNS)", Regime.ASYNC, "recorded", () -> {
                Tenant co = company();
                String email = "bouncing@" + fresh("elsewhere.com");
                String inviteId = inviteId(invite(co, email));
                byte[] bounce = bounceOf(email, co.co.id, inviteId);
                return () -> {
                    try {
                        JsonNode summary = TestStack.deliver(new MailFeedbackHandler(stack.wiring), bounce);
                        return new Result(
                                summary.path("recorded").asInt() == 1 ? "recorded" : "recorded " + summary,
                                "bounced"
                                        .equals(invitation(co, inviteId)
                                                .path("status")
                                                .asText()),
                                "");
                    } catch (RuntimeException failed) {
                        return new Result("throws " + failed.getClass().getSimpleName(), false, "");
                    }
                };
            }),
            new Case("InvitationMailFunction (an invitation email from the queue)", Regime.QUEUE, "sent", () -> {
                Tenant co = company();
                String email = "queued@" + fresh("elsewhere.com");
                String inviteId = inviteId(invite(co, email));
                SQSEvent event = new SQSEvent();
                SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
                message.setMessageId(UUID.randomUUID().toString());
                message.setBody("{\"companyId\":\"" + co.co.id + "\",\"inviteId\":\"" + inviteId + "\"}");
                message.setAttributes(Map.of("ApproximateReceiveCount", "1"));
                event.setRecords(List.of(message));
                return () -> {
                    SQSBatchResponse answer = stack.mail().handleRequest(event, TestContext.fresh());
                    return new Result(
                            answer.getBatchItemFailures().isEmpty() ? "sent" : "retry",
                            "sent"
                                    .equals(invitation(co, inviteId)
                                            .path("delivery")
                                            .asText()),
                            "");
                };
            }),
            new Case("HousekeepingFunction (join digests, name copies)", Regime.SCHEDULE, "run", () -> {
                Tenant co = autoJoinCompany();
                signUp("digested@" + co.domain); // a notice for the next digest
                return () -> {
                    JsonNode summary = TestStack.schedule(stack.housekeeping, "eventbridge-scheduled.json");
                    return new Result("run", summary.path("emailFailures").asInt() == 0, "");
                };
            }),
            // Last: it moves the clock a day on, past every other case's re-check.
            new Case("DomainRecheckFunction (hourly DNS re-check)", Regime.SCHEDULE, "failing", () -> {
                Tenant co = company();
                String domain = fresh("recheck.com");
                Reply claimed = co.co.as(
                        co.co.owner,
                        "POST /companies/{companyId}/domains",
                        Map.of(),
                        "{\"domain\":\"" + domain + "\",\"method\":\"dns\"}");
                String name = "_autojoin-challenge." + domain;
                dns.publish(
                        name,
                        List.of(claimed.body().path("dnsRecord").path("value").asText()));
                Reply checked = co.co.as(
                        co.co.owner,
                        "POST /companies/{companyId}/domains/{domain}/check",
                        Map.of("domain", domain),
                        null);
                assertThat(checked.body().path("status").asText()).isEqualTo("verified");
                dns.publish(name, List.of()); // the record is gone: the re-check starts grace (a transaction)
                clock.advance(Duration.ofHours(26));
                scope = Set.of(domain, co.co.id);
                return () -> {
                    JsonNode run = TestStack.schedule(stack.domainRecheck, "scheduled-recheck.json");
                    String answer = run.path("deferred").asInt() > 0
                            ? "deferred " + run.path("deferred").asInt()
                            : run.path("failing").asInt() > 0 ? "failing" : "run " + run;
                    return new Result(answer, inGrace(co, domain), "");
                };
            }));

    // ---- The tests.

    @TestFactory
    Stream<DynamicTest> aConflictOnTheFirstTry_isTriedAgain_andTheCallSucceeds() {
        return CASES.stream()
                .map(c -> DynamicTest.dynamicTest(c.name(), () -> {
                    Supplier<Result> act = c.prepare().get();
                    CONFLICTS.arm(Mode.FIRST_TRY);
                    Result result;
                    try {
                        result = act.get();
                    } finally {
                        CONFLICTS.disarm();
                    }
                    int injected = CONFLICTS.injected();
                    assertThat(result.answer())
                            .as("%s answered %s", c.name(), result)
                            .isEqualTo(c.success());
                    assertThat(result.changed())
                            .as("%s did what it was asked", c.name())
                            .isTrue();
                    report(c, 0, injected == 0 ? "no transaction: " + result.answer() : "retried: " + result.answer());
                }));
    }

    @TestFactory
    Stream<DynamicTest> aConflictOnEveryTry_isTheCallersConflictAnswer_andWritesNothing() {
        return CASES.stream()
                .map(c -> DynamicTest.dynamicTest(c.name(), () -> {
                    Supplier<Result> act = c.prepare().get();
                    Map<String, String> before = table();
                    int mailsBefore = emulator.sentThroughOurClients().size();
                    CONFLICTS.arm(Mode.EVERY_TRY);
                    Result result;
                    try {
                        result = act.get();
                    } finally {
                        CONFLICTS.disarm();
                    }
                    int injected = CONFLICTS.injected();
                    if (injected == 0) {
                        assertThat(result.answer())
                                .as("%s, which writes no transaction", c.name())
                                .isEqualTo(c.success());
                        report(c, 1, "no transaction: " + result.answer());
                        return;
                    }
                    assertThat(result.changed())
                            .as("%s changed nothing: %s", c.name(), result)
                            .isFalse();
                    switch (c.regime()) {
                        case HTTP -> assertThat(result.answer() + " " + result.code())
                                .as(c.name())
                                .isEqualTo("409 concurrent_change");
                        case SIGNUP -> assertThat(result.answer()).as(c.name()).isEqualTo("event echoed");
                        case BLOCKING -> assertThat(result.answer())
                                .as(c.name())
                                .isEqualTo("200");
                        case HOOK -> assertThat(result.answer() + " " + result.code())
                                .as(c.name())
                                .isEqualTo("503 service_unavailable");
                        case SCHEDULE -> assertThat(result.answer())
                                .as(c.name())
                                .startsWith("deferred");
                        case ASYNC -> assertThat(result.answer()).as(c.name()).startsWith("throws");
                        case QUEUE -> assertThat(result.answer()).as(c.name()).isEqualTo("retry");
                    }
                    assertThat(diff(before, table()))
                            .as("%s left no half write", c.name())
                            .isEmpty();
                    assertThat(emulator.sentThroughOurClients().size())
                            .as("%s sent no email", c.name())
                            .isEqualTo(mailsBefore);
                    report(
                            c,
                            1,
                            result.answer() + (result.code().isEmpty() ? "" : " " + result.code()) + " after "
                                    + injected + " tries, nothing written");
                }));
    }

    @Test
    void everyRouteAndEveryOtherEntryPoint_hasACase() throws IOException {
        Set<String> routes = new TreeSet<>();
        routes.addAll(SettingsHandler.ROUTES);
        routes.addAll(DomainsHandler.ROUTES);
        routes.addAll(InvitesHandler.ROUTES);
        routes.addAll(SignupWebhookHandler.ROUTES);
        Set<String> functions = new TreeSet<>();
        JsonNode resources = new ObjectMapper(new YAMLFactory())
                .readTree(TestStack.repo().resolve("template.yaml").toFile())
                .path("Resources");
        for (Iterator<Map.Entry<String, JsonNode>> it = resources.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> resource = it.next();
            if (!"AWS::Serverless::Function"
                    .equals(resource.getValue().path("Type").asText())) {
                continue;
            }
            boolean http = false;
            for (JsonNode event : resource.getValue().path("Properties").path("Events")) {
                http |= "HttpApi".equals(event.path("Type").asText());
            }
            if (!http) {
                functions.add(resource.getKey());
            }
        }
        Set<String> covered = CASES.stream()
                .map(c -> c.name().replaceAll(" \\(.*\\)$", ""))
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(covered).containsAll(routes).containsAll(functions);
    }

    // ---- Building the world.

    /** A company with a claimed domain of its own (affiliation: the owner's address is at it). */
    record Tenant(Company co, String domain) {}

    private static Tenant company() {
        String domain = fresh("co.com");
        return new Tenant(Company.create(stack, "Co " + FRESH.get(), User.verified("owner@" + domain)), domain);
    }

    /** The company's team ids, oldest first. */
    private static List<String> teams(Tenant co) {
        List<String> ids = new ArrayList<>();
        co.co.as(co.co.owner, "GET /companies/{companyId}/teams", Map.of(), null)
                .body()
                .path("items")
                .forEach(t -> ids.add(t.path("id").asText()));
        return ids;
    }

    private static String newTeam(Tenant co) {
        Reply made = co.co.as(co.co.owner, "POST /companies/{companyId}/teams", Map.of(), "{\"name\":\"Second\"}");
        assertThat(made.status()).isEqualTo(201);
        return made.body().path("id").asText();
    }

    private static Tenant autoJoinCompany() {
        Tenant co = company();
        co.co.withDomain(co.domain, "auto_join");
        return co;
    }

    /** A company that proved its domain by DNS, auto-joins it and captures it. */
    private static Tenant capturing() {
        return captures(autoJoinCompany());
    }

    /** {@code co} proves its domain by DNS and captures it. */
    private static Tenant captures(Tenant co) {
        co.co.proveByDns(dns, co.domain);
        Reply captured = co.co.as(
                co.co.owner,
                "PATCH /companies/{companyId}/domains/{domain}",
                Map.of("domain", co.domain),
                "{\"capture\":true}");
        assertThat(captured.status()).as("capture: %s", captured.body()).isEqualTo(200);
        return co;
    }

    /**
     * Someone at {@code co}'s domain who founded a company of their own before {@code co} captured the domain, and
     * whom GET /me then offered {@code co}.
     */
    private static User offered(Tenant co) {
        User dave = User.verified("dave@" + co.domain);
        Company.create(stack, "Dave's " + FRESH.incrementAndGet(), dave);
        captures(co);
        Reply me = call(stack.settings, http("GET /me", Map.of(), null, dave));
        assertThat(me.body().path("suggestions").toString()).contains("offered");
        return dave;
    }

    private static Tenant suggestCompany() {
        Tenant co = company();
        co.co.withDomain(co.domain, "suggest");
        return co;
    }

    private static Supplier<Result> decide(String decision) {
        Tenant co = suggestCompany();
        User carol = signUp("carol@" + co.domain);
        Reply asked = co.co.as(carol, "POST /companies/{companyId}/join-requests", Map.of(), null);
        assertThat(asked.status()).as("join request: %s", asked.body()).isEqualTo(201);
        return () -> {
            Reply decided = co.co.as(
                    co.co.owner,
                    "POST /companies/{companyId}/join-requests/{userId}/" + decision,
                    Map.of("userId", carol.sub()),
                    null);
            return Result.of(decided, decided.status() == 200 && member(co, carol) == "approve".equals(decision));
        };
    }

    private static String verificationLink() {
        Tenant co = company();
        String domain = fresh("link.com");
        String mailbox = "it@" + domain;
        Reply claimed = co.co.as(
                co.co.owner,
                "POST /companies/{companyId}/domains",
                Map.of(),
                "{\"domain\":\"" + domain + "\",\"method\":\"email\",\"verificationEmail\":\"" + mailbox + "\"}");
        assertThat(claimed.status()).as("link claim: %s", claimed.body()).isEqualTo(201);
        return stack.lastLinkTo(TestStack.DOMAIN_LINK, mailbox);
    }

    /** The owner acts on an open invitation: resend or revoke. */
    private static Case onOpenInvitation(String route, String success) {
        return route(route, success, () -> {
            Tenant co = company();
            String inviteId = inviteId(invite(co, "invitee@" + fresh("elsewhere.com")));
            return () -> {
                Reply acted = co.co.as(co.co.owner, route, Map.of("inviteId", inviteId), null);
                return Result.of(acted, Integer.toString(acted.status()).equals(success));
            };
        });
    }

    private static Case invitePage(String route) {
        return route(route, "200", () -> {
            Tenant co = company();
            String email = "page@" + fresh("elsewhere.com");
            invite(co, email);
            String token = stack.lastLinkTo(TestStack.INVITE_LINK, email);
            return () -> {
                TestStack.Page page = TestStack.open(stack.invites, http(route, Map.of("token", token), null, null));
                return new Result(Integer.toString(page.status()), page.status() == 200, "");
            };
        });
    }

    /** A read: it writes nothing, so a conflict never reaches it; it stays in the table to show it was tried. */
    private static Case read(String route) {
        return route(route, "200", () -> {
            Tenant co = company();
            return () -> {
                Reply read = co.co.as(co.co.owner, route, Map.of(), null);
                return Result.of(read, read.status() == 200);
            };
        });
    }

    /** Whether the company's claim on {@code domain} is failing its re-check (a grace period has started). */
    private static boolean inGrace(Tenant co, String domain) {
        Reply domains = co.co.as(co.co.owner, "GET /companies/{companyId}/domains", Map.of(), null);
        for (JsonNode claim : domains.body().path("items")) {
            if (claim.path("domain").asText().equals(domain)) {
                return claim.hasNonNull("graceEndsAt");
            }
        }
        return false;
    }

    private static Case route(String route, String success, Supplier<Supplier<Result>> prepare) {
        return new Case(route, Regime.HTTP, success, prepare);
    }

    private static Reply invite(Tenant co, String email) {
        return co.co.as(
                co.co.owner,
                "POST /companies/{companyId}/invites",
                Map.of(),
                "{\"invites\":[{\"email\":\"" + email + "\"}]}");
    }

    private static String inviteId(Reply invited) {
        assertThat(invited.status()).as("invite: %s", invited.body()).isEqualTo(200);
        return invited.body().path("results").path(0).path("inviteId").asText();
    }

    private static JsonNode invitation(Tenant co, String inviteId) {
        Reply list = co.co.as(co.co.owner, "GET /companies/{companyId}/invites", Map.of(), null);
        for (JsonNode item : list.body().path("items")) {
            if (item.path("id").asText().equals(inviteId)) {
                return item;
            }
        }
        return Json.object();
    }

    private static User signUp(String email) {
        return Company.signUp(stack, email);
    }

    /** Whether {@code user} is in the company, read from the owner's member list (GET /me would repair it). */
    private static boolean member(Tenant co, User user) {
        Reply members = co.co.as(co.co.owner, "GET /companies/{companyId}/members", Map.of(), null);
        for (JsonNode m : members.body().path("items")) {
            if (m.path("userId").asText().equals(user.sub())) {
                return true;
            }
        }
        return false;
    }

    /** A sign-up at an auto-join domain delivered in {@code provider}'s own format. */
    private static Case providerHook(Providers.Provider provider, Regime regime, String success) {
        return new Case(provider.route, regime, success, () -> {
            Tenant co = autoJoinCompany();
            User hooked = User.verified("hooked@" + co.domain);
            return () -> {
                Reply answered = call(
                        stack.signupWebhook,
                        Providers.signup(provider, hooked.sub(), hooked.email(), true)
                                .event());
                return Result.of(answered, member(co, hooked));
            };
        });
    }

    private static ObjectNode signedHook(User user) {
        return Providers.signup(Providers.Provider.SIGNUP, user.sub(), user.email(), true)
                .event();
    }

    /** The sample permanent bounce, about the invitation email SES sent to {@code email} (its tags name it). */
    private static byte[] bounceOf(String email, String companyId, String inviteId) {
        ObjectNode record =
                MailFeedbackEventsTest.withMessage(MailFeedbackEventsTest.record("sns-ses-bounce.json"), message -> {
                    ((ObjectNode) message.path("bounce")
                                    .path("bouncedRecipients")
                                    .get(0))
                            .put("emailAddress", email);
                    ObjectNode mail = (ObjectNode) message.path("mail");
                    mail.put("messageId", UUID.randomUUID().toString());
                    mail.putArray("destination").add(email);
                    ObjectNode tags = (ObjectNode) mail.path("tags");
                    List.of("kind", "companyId", "invitationId", "userId").forEach(tags::remove);
                    tags.putArray("kind").add("invitation");
                    tags.putArray("companyId").add(companyId);
                    tags.putArray("invitationId").add(inviteId);
                });
        ((ObjectNode) record.path("Sns")).put("MessageId", UUID.randomUUID().toString());
        ObjectNode event = Json.object();
        event.putArray("Records").add(record);
        return TestStack.bytes(event);
    }

    private static String codeOf(TestStack.Page page) {
        Matcher code = Pattern.compile("\"code\"\\s*:\\s*\"([a-z_]+)\"").matcher(page.text());
        return code.find() ? code.group(1) : "";
    }

    private static String fresh(String suffix) {
        return "c" + FRESH.incrementAndGet() + "-conflict-" + suffix;
    }

    private static void report(Case c, int column, String outcome) {
        String[] row = REPORT.getOrDefault(c.name(), " | ").split(" \\| ", -1);
        row[column] = outcome;
        REPORT.put(c.name(), row[0] + " | " + row[1]);
    }

    // ---- The table, item by item (rate counters aside: a refused or conflicting attempt still counts).

    private static Map<String, String> table() {
        Map<String, String> items = new HashMap<>();
        Map<String, AttributeValue> start = null;
        do {
            ScanResponse page = emulator.dynamoDb()
                    .scan(ScanRequest.builder()
                            .tableName(EmulatorExtension.TABLE)
                            .exclusiveStartKey(start)
                            .build());
            for (Map<String, AttributeValue> item : page.items()) {
                String pk = item.get("PK").s();
                String sk = item.get("SK").s();
                if (pk.startsWith("RATE#") || sk.startsWith("RATE#")) {
                    continue;
                }
                items.put(pk + " " + sk, new TreeMap<>(item).toString());
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return items;
    }

    private static List<String> diff(Map<String, String> before, Map<String, String> after) {
        List<String> changes = new ArrayList<>();
        Set<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        for (String key : keys) {
            if (!scope.isEmpty() && scope.stream().noneMatch(key::contains)) {
                continue;
            }
            String was = before.get(key);
            String is = after.get(key);
            if (was == null) {
                changes.add("added " + key);
            } else if (is == null) {
                changes.add("removed " + key);
            } else if (!was.equals(is)) {
                changes.add("changed " + key + ": " + was + " -> " + is);
            }
        }
        return changes;
    }
}
