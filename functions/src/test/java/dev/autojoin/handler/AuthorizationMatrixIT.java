package dev.autojoin.handler;

import static dev.autojoin.handler.Company.signUp;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autojoin.adapter.dynamodb.TableSeed;
import dev.autojoin.domain.Actor;
import dev.autojoin.domain.EmailAddress;
import dev.autojoin.domain.Membership;
import dev.autojoin.domain.Permission;
import dev.autojoin.domain.Provenance;
import dev.autojoin.domain.ProvenanceType;
import dev.autojoin.domain.Role;
import dev.autojoin.handler.TestStack.Reply;
import dev.autojoin.handler.TestStack.User;
import dev.autojoin.testing.Emulator;
import dev.autojoin.testing.EmulatorExtension;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every route built on this branch × every kind of caller → the status the caller must get, from the one table
 * {@link #MATRIX}. Each cell runs against the real handlers and the emulator, with fresh targets where the call
 * changes something (a member to remove, a request to approve). Adding a route: add a row;
 * {@link #everyRoute_isInTheMatrix} fails the day a route exists without one.
 */
@ExtendWith(EmulatorExtension.class)
class AuthorizationMatrixIT {
    /** The callers, in the column order of {@link #MATRIX}. */
    enum Caller {
        OWNER,
        ADMIN,
        MEMBER,
        MEMBER_MANAGE_SETTINGS,
        MEMBER_MANAGE_MEMBERS,
        MEMBER_INVITE,
        /** Owner of another company, with a verified email at this company's domain. */
        OTHER_COMPANY,
        SIGNED_OUT
    }

    static final String DOMAIN = "matrix-co.com";
    static final String REQUEST = "/companies/{companyId}/join-requests/{userId}";

    /** What one cell sends. */
    record Call(Map<String, String> path, String body, Map<String, String> headers, Map<String, String> query) {
        static Call of(Map<String, String> path, String body) {
            return new Call(path, body, Map.of(), Map.of());
        }
    }

    interface Setup {
        Call prepare(Caller caller);
    }

    record Row(String route, Setup setup, int[] expected) {}

    private static final Setup NOTHING = caller -> Call.of(Map.of(), null);
    private static final Setup SETTINGS = AuthorizationMatrixIT::settingsPatch;
    private static final Setup MEMBER_FLAGS = AuthorizationMatrixIT::memberPatch;
    private static final Setup SOME_MEMBER = AuthorizationMatrixIT::someMember;
    private static final Setup SOME_REQUEST = AuthorizationMatrixIT::someRequest;
    private static final Setup CLAIM =
            caller -> Call.of(Map.of(), "{\"domain\":\"" + DOMAIN + "\",\"method\":\"email\"}");
    private static final Setup DOMAIN_PATCH = caller -> Call.of(Map.of(), "{\"includeSubdomains\":false}");
    /** A domain the company never claimed: callers allowed past authorization meet a 404, the others a 403. */
    private static final Setup UNCLAIMED = caller -> Call.of(Map.of("domain", "unclaimed-" + DOMAIN), null);
    /** Public links: a token nobody issued is unknown to everyone, signed in or not. */
    private static final Setup UNKNOWN_TOKEN = caller -> Call.of(Map.of("token", "Zz9" + "a".repeat(40)), null);

    /** A fresh address per cell, so the per-address daily limit never decides a cell. */
    private static final Setup INVITE = caller -> Call.of(
            Map.of(),
            "{\"invites\":[{\"email\":\"invitee" + AuthorizationMatrixIT.FRESH.incrementAndGet()
                    + "@elsewhere-co.com\"}]}");

    private static final Setup UNKNOWN_INVITE = caller -> Call.of(Map.of("inviteId", "no-such-invite"), null);
    private static final Setup DISCOVERY =
            caller -> new Call(Map.of(), null, Map.of(), Map.of("email", "someone@" + DOMAIN));

    /** Columns: owner, admin, member, member+manage_settings, member+manage_members, member+invite, other, signed out. */
    static final List<Row> MATRIX = List.of(
            row("GET /me", NOTHING, "                                              200 200 200 200 200 200 200 401"),
            row("POST /companies", body("{\"name\":\"Mine\"}"), "                  201 201 201 201 201 201 201 401"),
            row("GET /companies/{companyId}", NOTHING, "                           200 200 200 200 200 200 404 401"),
            row("PATCH /companies/{companyId}/settings", SETTINGS, "               200 200 403 200 403 403 404 401"),
            row("GET /companies/{companyId}/members", NOTHING, "                   200 200 200 200 200 200 404 401"),
            row("PATCH /companies/{companyId}/members/{userId}", MEMBER_FLAGS, "   200 200 403 403 200 403 404 401"),
            row("DELETE /companies/{companyId}/members/{userId}", SOME_MEMBER, "   204 204 403 403 204 403 404 401"),
            row("POST /companies/{companyId}/join-requests", NOTHING, "            409 409 409 409 409 409 201 401"),
            row("GET /companies/{companyId}/join-requests", NOTHING, "             200 200 403 403 200 403 404 401"),
            row("POST " + REQUEST + "/approve", SOME_REQUEST, "                    200 200 403 403 200 403 404 401"),
            row("POST " + REQUEST + "/decline", SOME_REQUEST, "                    200 200 403 403 200 403 404 401"),
            row("GET /companies/{companyId}/audit", NOTHING, "                     200 200 403 200 403 403 404 401"),
            row("GET /companies/{companyId}/domains", NOTHING, "                   200 200 200 200 200 200 404 401"),
            row("POST /companies/{companyId}/domains", CLAIM, "                    200 200 403 200 403 403 404 401"),
            row("PATCH /companies/{companyId}/domains/{domain}", DOMAIN_PATCH, "   200 200 403 200 403 403 404 401"),
            row("POST /companies/{companyId}/domains/{domain}/check", UNCLAIMED, "404 404 403 404 403 403 404 401"),
            row("DELETE /companies/{companyId}/domains/{domain}", UNCLAIMED, "     404 404 403 404 403 403 404 401"),
            row("GET /domain-verifications/{token}", UNKNOWN_TOKEN, "             404 404 404 404 404 404 404 404"),
            row("POST /domain-verifications/{token}", UNKNOWN_TOKEN, "            404 404 404 404 404 404 404 404"),
            row("POST /companies/{companyId}/invites", INVITE, "                  200 200 403 403 403 200 404 401"),
            row("GET /companies/{companyId}/invites", NOTHING, "                   200 200 403 403 403 200 404 401"),
            row(
                    "POST /companies/{companyId}/invites/{inviteId}/resend",
                    UNKNOWN_INVITE,
                    "404 404 403 403 403 404 404 401"),
            row("DELETE /companies/{companyId}/invites/{inviteId}", UNKNOWN_INVITE, "404 404 403 403 403 404 404 401"),
            row("GET /invites/{token}", UNKNOWN_TOKEN, "                          404 404 404 404 404 404 404 404"),
            row("HEAD /invites/{token}", UNKNOWN_TOKEN, "                         404 404 404 404 404 404 404 404"),
            row("POST /invites/{token}/accept", UNKNOWN_TOKEN, "                  404 404 404 404 404 404 404 401"),
            row("GET /discovery", DISCOVERY, "                                     200 200 200 200 200 200 200 200"));

    private static TestStack stack;
    private static Emulator emulator;
    private static Company company;
    private static final Map<Caller, User> USERS = new EnumMap<>(Caller.class);
    private static final AtomicInteger FRESH = new AtomicInteger();

    @BeforeAll
    static void givenACompanyWithOneOfEachCaller(Emulator given) {
        emulator = given;
        stack = new TestStack(given);
        company = Company.create(stack, "Matrix Co", User.verified("owner@" + DOMAIN))
                .withDomain(DOMAIN, "auto_join");
        USERS.put(Caller.OWNER, company.owner);
        USERS.put(Caller.ADMIN, company.member("admin@" + DOMAIN, "admin"));
        USERS.put(Caller.MEMBER, company.member("member@" + DOMAIN, "member", "post_jobs"));
        USERS.put(Caller.MEMBER_MANAGE_SETTINGS, company.member("settings@" + DOMAIN, "member", "manage_settings"));
        USERS.put(Caller.MEMBER_MANAGE_MEMBERS, company.member("members@" + DOMAIN, "member", "manage_members"));
        USERS.put(Caller.MEMBER_INVITE, company.member("inviter@" + DOMAIN, "member", "invite"));
        // Join requests need suggest mode; the outsider signs up after the switch, so she is suggested, not joined.
        company.enrollment(DOMAIN, "suggest");
        User other = signUp(stack, "other@" + DOMAIN);
        Company.create(stack, "Other Co", other);
        USERS.put(Caller.OTHER_COMPANY, other);
    }

    @TestFactory
    Stream<DynamicTest> everyRoute_answersEveryKindOfCaller_asTheMatrixSays() {
        List<DynamicTest> cells = new ArrayList<>();
        for (Row row : MATRIX) {
            for (Caller caller : Caller.values()) {
                int expected = row.expected()[caller.ordinal()];
                cells.add(DynamicTest.dynamicTest(row.route() + " as " + caller + " -> " + expected, () -> {
                    Reply reply = run(row, caller);
                    assertThat(reply.status())
                            .as("%s as %s: %s", row.route(), caller, reply.body())
                            .isEqualTo(expected);
                    if (expected >= 400) {
                        assertThat(reply.headers().get("content-type")).startsWith("application/problem+json");
                    }
                }));
            }
        }
        return cells.stream();
    }

    @Test
    void theMatrix_hasAColumnPerCaller_andARowPerBuiltRoute() {
        assertThat(MATRIX).allSatisfy(row -> assertThat(row.expected()).hasSize(Caller.values().length));
        Set<String> rows = new HashSet<>();
        MATRIX.forEach(row -> assertThat(rows.add(row.route()))
                .as("one row for %s", row.route())
                .isTrue());
        assertThat(MATRIX.size() * Caller.values().length).isEqualTo(216);
    }

    @Test
    void everyRoute_isInTheMatrix() {
        Set<String> all = new TreeSet<>();
        all.addAll(SettingsHandler.ROUTES);
        all.addAll(DomainsHandler.ROUTES);
        all.addAll(InvitesHandler.ROUTES);
        Set<String> covered = new TreeSet<>();
        MATRIX.forEach(row -> covered.add(row.route()));
        assertThat(covered).isEqualTo(all);
    }

    private static Reply run(Row row, Caller caller) {
        Call call = row.setup().prepare(caller);
        Map<String, String> path = new java.util.HashMap<>(call.path());
        if (row.route().contains("{companyId}")) {
            path.put("companyId", company.id);
        }
        if (row.route().contains("{domain}")) {
            path.putIfAbsent("domain", DOMAIN);
        }
        ObjectNode event = TestStack.http(row.route(), path, call.body(), USERS.get(caller));
        call.headers().forEach((name, value) -> TestStack.withHeader(event, name, value));
        call.query().forEach((name, value) -> TestStack.withQuery(event, name, value));
        return TestStack.call(company.handlerOf(row.route()), event);
    }

    private static Row row(String route, Setup setup, String expected) {
        return new Row(
                route,
                setup,
                java.util.Arrays.stream(expected.strip().split(" +"))
                        .mapToInt(Integer::parseInt)
                        .toArray());
    }

    private static Setup body(String json) {
        return caller -> Call.of(Map.of(), json);
    }

    /** A real change each time (the expiry moves), against the version just read. */
    private static Call settingsPatch(Caller caller) {
        int days = 2 + FRESH.incrementAndGet() % 20;
        return new Call(
                Map.of(), "{\"invitationExpiryDays\":" + days + "}", Map.of("if-match", company.etag()), Map.of());
    }

    /** A fresh plain member per cell, whose flags the caller takes away. */
    private static Call memberPatch(Caller caller) {
        return Call.of(Map.of("userId", freshMember()), "{\"permissions\":[]}");
    }

    private static Call someMember(Caller caller) {
        return Call.of(Map.of("userId", freshMember()), null);
    }

    /** A fresh person at the domain who asked to join. */
    private static Call someRequest(Caller caller) {
        User asker = signUp(stack, "asker" + FRESH.incrementAndGet() + "@" + DOMAIN);
        Reply asked = company.as(asker, "POST /companies/{companyId}/join-requests", Map.of(), null);
        assertThat(asked.status()).as(asked.body().toString()).isEqualTo(201);
        return Call.of(Map.of("userId", asker.sub()), null);
    }

    private static String freshMember() {
        String sub = UUID.randomUUID().toString();
        TableSeed.members(
                emulator.dynamoDb(),
                EmulatorExtension.TABLE,
                List.of(new Membership(
                        company.id,
                        "Matrix Co",
                        sub,
                        EmailAddress.parse("fresh" + FRESH.incrementAndGet() + "@" + DOMAIN),
                        Role.MEMBER,
                        Set.of(Permission.POST_JOBS),
                        new Provenance(ProvenanceType.AUTO_JOIN, null, Actor.policy(), Instant.now()))));
        return sub;
    }
}
