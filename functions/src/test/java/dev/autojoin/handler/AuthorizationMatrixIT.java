package dev.autojoin.handler;

import static dev.autojoin.handler.Company.signUp;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.autojoin.adapter.dynamodb.TableSeed;
import dev.autojoin.config.Timeouts;
import dev.autojoin.domain.Actor;
import dev.autojoin.domain.EmailAddress;
import dev.autojoin.domain.Membership;
import dev.autojoin.domain.Permission;
import dev.autojoin.domain.Provenance;
import dev.autojoin.domain.ProvenanceType;
import dev.autojoin.domain.Role;
import dev.autojoin.domain.TeamPermission;
import dev.autojoin.handler.TestStack.Reply;
import dev.autojoin.handler.TestStack.User;
import dev.autojoin.testing.DnsServer;
import dev.autojoin.testing.Emulator;
import dev.autojoin.testing.EmulatorExtension;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every route of template.yaml × every kind of caller → the answer the caller must get. The kinds are built from
 * {@link Permission#values()}: owner, admin, a member with no flag, for each flag a member holding only it and one
 * holding every flag but it, a member of another company, and nobody signed in. What each cell must answer is not
 * written per cell: each route has ONE rule in {@link #ROWS} (the permission it needs, any member, public, ...) and
 * {@link Kind} says what each caller holds, so the expectation of a cell is the rule applied to the kind.
 *
 * <p>Each cell runs the real handler against the emulator with a target that makes the refusal mean something: the
 * member a PATCH changes is one the caller could otherwise change, the join request to approve is pending, the
 * invitation to resend is open. A target is made once and reused by the cells that leave it as it was (every
 * refusal); a cell that succeeds uses it up and the next cell gets a new one. Every error cell must be an RFC 9457
 * problem document with the rule's status and code, and must have written nothing (no DynamoDB write, no email).
 * {@link #everyTemplateRoute_hasARow} fails the day a route exists without a row.
 */
@ExtendWith(EmulatorExtension.class)
class AuthorizationMatrixIT {

    static final String DOMAIN = "matrix-co.com";
    /** A claim waiting for its TXT record, which the DNS server never publishes. */
    static final String DNS_PENDING = "dns-matrix-co.com";
    /** A claim proven by DNS, auto-joining and captured: its people outside the company are listed. */
    static final String CAPTURED = "captured-matrix-co.com";
    /** A claim waiting for its emailed link to be clicked. */
    static final String LINK_PENDING = "link-matrix-co.com";
    /** Where shared invitations go: nobody among the callers. */
    static final String INVITEE = "invitee@elsewhere-co.com";

    static final String MEMBER = "/companies/{companyId}/members/{userId}";
    static final String REQUEST = "/companies/{companyId}/join-requests/{userId}";
    static final String INVITE = "/companies/{companyId}/invites/{inviteId}";
    static final String CLAIM = "/companies/{companyId}/domains/{domain}";
    static final String TEAMS = "/companies/{companyId}/teams";
    static final String TEAM = TEAMS + "/{teamId}";
    static final String TEAM_MEMBER = TEAM + "/members/{userId}";

    /** What the design says owners and admins hold by role ("Owner and admin imply the management flags"). */
    static final Set<Permission> MANAGEMENT =
            EnumSet.of(Permission.MANAGE_SETTINGS, Permission.MANAGE_MEMBERS, Permission.INVITE);

    private static final Set<String> WRITES =
            Set.of("PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems", "BatchWriteItem");

    // ---- The callers (columns).

    enum Relation {
        MEMBER,
        OTHER_COMPANY,
        SIGNED_OUT
    }

    /**
     * A kind of caller: a role and flags in the company, or someone outside it; {@code inTeam} the flags held in the
     * matrix's team ({@link #teamId}), {@code inOtherTeam} those held in another team of the company.
     */
    record Kind(
            String name,
            Relation relation,
            Role role,
            Set<Permission> flags,
            Set<TeamPermission> inTeam,
            Set<TeamPermission> inOtherTeam) {
        Kind(String name, Relation relation, Role role, Set<Permission> flags) {
            this(name, relation, role, flags, Set.of(), Set.of());
        }

        /** The test's own statement of what a kind may do in the matrix's team: owners and admins everything. */
        boolean holdsInTeam(TeamPermission permission) {
            return relation == Relation.MEMBER
                    && (role == Role.OWNER || role == Role.ADMIN || inTeam.contains(permission));
        }

        /** The test's own statement of who holds what, not the product's. */
        boolean holds(Permission permission) {
            if (relation != Relation.MEMBER) {
                return false;
            }
            return role == Role.OWNER
                    || (role == Role.ADMIN && MANAGEMENT.contains(permission))
                    || flags.contains(permission);
        }

        String slug() {
            return name.replaceAll("[^a-z]+", "-").replaceAll("^-|-$", "");
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static final List<Kind> KINDS = kinds();

    private static List<Kind> kinds() {
        List<Kind> kinds = new ArrayList<>();
        // The company's creator: stored with every flag, and holding them all by role anyway.
        kinds.add(new Kind("owner", Relation.MEMBER, Role.OWNER, EnumSet.allOf(Permission.class)));
        kinds.add(new Kind("admin", Relation.MEMBER, Role.ADMIN, Set.of()));
        kinds.add(new Kind("member with no flag", Relation.MEMBER, Role.MEMBER, Set.of()));
        for (Permission p : Permission.values()) {
            kinds.add(new Kind("member with only " + p.wire(), Relation.MEMBER, Role.MEMBER, EnumSet.of(p)));
        }
        for (Permission p : Permission.values()) {
            kinds.add(new Kind(
                    "member with all but " + p.wire(),
                    Relation.MEMBER,
                    Role.MEMBER,
                    EnumSet.complementOf(EnumSet.of(p))));
        }
        // Team-scoped flags, per team: an admin of the matrix's team, one of another team, a member of the team
        // holding every team flag but team_admin. None holds a company flag.
        kinds.add(new Kind(
                "member, team_admin of the team",
                Relation.MEMBER,
                Role.MEMBER,
                Set.of(),
                EnumSet.of(TeamPermission.TEAM_ADMIN, TeamPermission.POST_JOBS),
                Set.of()));
        kinds.add(new Kind(
                "member, team_admin of another team",
                Relation.MEMBER,
                Role.MEMBER,
                Set.of(),
                Set.of(),
                EnumSet.allOf(TeamPermission.class)));
        kinds.add(new Kind(
                "member, every team flag but team_admin in the team",
                Relation.MEMBER,
                Role.MEMBER,
                Set.of(),
                EnumSet.complementOf(EnumSet.of(TeamPermission.TEAM_ADMIN)),
                Set.of()));
        kinds.add(new Kind("member of another company", Relation.OTHER_COMPANY, null, Set.of()));
        kinds.add(new Kind("signed out", Relation.SIGNED_OUT, null, Set.of()));
        return List.copyOf(kinds);
    }

    // ---- The rules: what a kind of caller gets from a route.

    /** The status a cell must answer, and the problem's code when it is an error. */
    record Expect(int status, String code) {
        static Expect ok(int status) {
            return new Expect(status, null);
        }

        @Override
        public String toString() {
            return code == null ? Integer.toString(status) : status + " " + code;
        }
    }

    interface Rule extends Function<Kind, Expect> {}

    private static final Expect SIGN_IN = new Expect(401, "unauthenticated");
    private static final Expect NOT_FOUND = new Expect(404, "not_found");

    /** Anyone signed in. */
    static Rule signedIn(int success) {
        return kind -> kind.relation() == Relation.SIGNED_OUT ? SIGN_IN : Expect.ok(success);
    }

    /** Any member of the company, whatever their flags; others do not learn the company exists. */
    static Rule anyMember(int success) {
        return kind -> switch (kind.relation()) {
            case SIGNED_OUT -> SIGN_IN;
            case OTHER_COMPANY -> NOT_FOUND;
            case MEMBER -> Expect.ok(success);
        };
    }

    /** Members holding {@code permission} (by flag or by role). */
    static Rule needs(Permission permission, int success) {
        return kind -> switch (kind.relation()) {
            case SIGNED_OUT -> SIGN_IN;
            case OTHER_COMPANY -> NOT_FOUND;
            case MEMBER -> kind.holds(permission) ? Expect.ok(success) : new Expect(403, "forbidden");
        };
    }

    /** Who manages the matrix's team's members: {@code manage_members} holders and the team's own admins. */
    static Rule managesTeamMembers(int success) {
        return kind -> switch (kind.relation()) {
            case SIGNED_OUT -> SIGN_IN;
            case OTHER_COMPANY -> NOT_FOUND;
            case MEMBER -> kind.holds(Permission.MANAGE_MEMBERS) || kind.holdsInTeam(TeamPermission.TEAM_ADMIN)
                    ? Expect.ok(success)
                    : new Expect(403, "forbidden");
        };
    }

    /** {@link #managesTeamMembers}, granting {@code flag} in the team: only those who hold it there. */
    static Rule grantsInTeam(TeamPermission flag, int success) {
        return kind -> {
            Expect managing = managesTeamMembers(success).apply(kind);
            return managing.status() / 100 == 2 && !kind.holdsInTeam(flag) ? new Expect(403, "cannot_grant") : managing;
        };
    }

    /**
     * Inviting someone into the matrix's team: {@code invite}, then putting people in the team ({@code manage_members}
     * or {@code team_admin} there, as {@link #managesTeamMembers}), then {@code flag} (when named) held there.
     */
    static Rule invitesIntoTeam(TeamPermission flag, int success) {
        return kind -> {
            Expect inviting = needs(Permission.INVITE, success).apply(kind);
            if (inviting.status() / 100 != 2) {
                return inviting;
            }
            boolean places = kind.holds(Permission.MANAGE_MEMBERS) || kind.holdsInTeam(TeamPermission.TEAM_ADMIN);
            return places && (flag == null || kind.holdsInTeam(flag)) ? inviting : new Expect(403, "cannot_grant");
        };
    }

    /** Renaming the matrix's team: {@code manage_settings} holders and the team's own admins. */
    static Rule renamesTeam(int success) {
        return kind -> switch (kind.relation()) {
            case SIGNED_OUT -> SIGN_IN;
            case OTHER_COMPANY -> NOT_FOUND;
            case MEMBER -> kind.holds(Permission.MANAGE_SETTINGS) || kind.holdsInTeam(TeamPermission.TEAM_ADMIN)
                    ? Expect.ok(success)
                    : new Expect(403, "forbidden");
        };
    }

    /** People the company's domain covers and who are not in it yet. */
    static Rule notYetMember(int success) {
        return kind -> switch (kind.relation()) {
            case SIGNED_OUT -> SIGN_IN;
            case OTHER_COMPANY -> Expect.ok(success);
            case MEMBER -> new Expect(409, "already_member");
        };
    }

    /** Only the invited address; the invitation was sent to none of the callers. */
    static Rule invitedAddressOnly() {
        return kind -> kind.relation() == Relation.SIGNED_OUT ? SIGN_IN : new Expect(403, "email_mismatch");
    }

    /** Only a person a capturing company was offered to; it was offered to none of the callers. */
    static Rule offeredOnly() {
        return kind -> kind.relation() == Relation.SIGNED_OUT ? SIGN_IN : new Expect(404, "no_offer");
    }

    /** No caller identity at all: a token in the link, or nothing. Every kind gets the same. */
    static Rule publicRoute(Expect everyone) {
        return kind -> everyone;
    }

    /** The identity provider's HMAC signature alone decides; the caller's JWT, or none, changes nothing. */
    static Rule signatureOnly(Expect everyone) {
        return kind -> everyone;
    }

    // ---- The rows: one per route (two for the routes with two regimes), each one rule and one target.

    /** What one cell sends, and who sends it ({@code caller} null: signed out). */
    record Call(
            User caller,
            Map<String, String> path,
            String body,
            Map<String, String> headers,
            Map<String, String> query) {
        Call by(User someone) {
            return new Call(someone, path, body, headers, query);
        }
    }

    /** Prepares a cell's call; told when a cell succeeded, which may have used the target up. */
    interface Target {
        Call prepare(Kind kind);

        default void spent() {}

        /** Makes what the row's cells will use up while the table is still small (moto copies it per write). */
        default void prepareAhead(Row row) {}
    }

    record Row(String route, String variant, Rule rule, Target target) {
        String name() {
            return variant.isEmpty() ? route : route + " (" + variant + ")";
        }
    }

    /** Numbers the addresses, domains and people the cells make, so none is made twice. */
    private static final AtomicInteger FRESH = new AtomicInteger();
    /** The one user of each kind (signed out: none). */
    private static final Map<Kind, User> USERS = new LinkedHashMap<>();

    static final List<Row> ROWS = List.of(
            row("GET /me", signedIn(200), same(Map.of(), null)),
            row("POST /me/offers/{companyId}/join", offeredOnly(), same(Map.of(), null)),
            row("POST /me/offers/{companyId}/keep", offeredOnly(), same(Map.of(), null)),
            row("POST /companies", signedIn(201), same(Map.of(), "{\"name\":\"Mine\"}")),
            row("GET /companies/{companyId}", anyMember(200), same(Map.of(), null)),
            row(
                    "PATCH /companies/{companyId}/settings",
                    needs(Permission.MANAGE_SETTINGS, 200),
                    fresh(AuthorizationMatrixIT::settingsChange)),
            row("GET /companies/{companyId}/members", anyMember(200), same(Map.of(), null)),
            row(
                    "PATCH " + MEMBER,
                    "another member",
                    needs(Permission.MANAGE_MEMBERS, 200),
                    ahead(() -> call(Map.of("userId", plainMember()), "{\"permissions\":[]}"))),
            row(
                    "DELETE " + MEMBER,
                    "another member",
                    needs(Permission.MANAGE_MEMBERS, 204),
                    ahead(() -> call(Map.of("userId", plainMember()), null))),
            row("DELETE " + MEMBER, "leaving", anyMember(204), new Leavers(false)),
            row("POST /companies/{companyId}/join-requests", notYetMember(201), same(Map.of(), null)),
            row(
                    "GET /companies/{companyId}/join-requests",
                    needs(Permission.MANAGE_MEMBERS, 200),
                    same(Map.of(), null)),
            row(
                    "POST " + REQUEST + "/approve",
                    needs(Permission.MANAGE_MEMBERS, 200),
                    ahead(() -> call(Map.of("userId", pendingRequest()), null))),
            row(
                    "POST " + REQUEST + "/decline",
                    needs(Permission.MANAGE_MEMBERS, 200),
                    ahead(() -> call(Map.of("userId", pendingRequest()), null))),
            row("GET /companies/{companyId}/audit", needs(Permission.MANAGE_SETTINGS, 200), same(Map.of(), null)),
            row("GET " + TEAMS, anyMember(200), same(Map.of(), null)),
            row("POST " + TEAMS, needs(Permission.MANAGE_SETTINGS, 201), same(Map.of(), "{\"name\":\"Made\"}")),
            row(
                    "PATCH " + TEAM,
                    renamesTeam(200),
                    fresh(() -> call(
                            Map.of("teamId", AuthorizationMatrixIT.teamId),
                            "{\"name\":\"Matrix team " + FRESH.incrementAndGet() + "\"}"))),
            row(
                    "POST " + TEAM + "/archive",
                    needs(Permission.MANAGE_SETTINGS, 200),
                    ahead(() -> call(Map.of("teamId", newTeam(false)), null))),
            row(
                    "POST " + TEAM + "/restore",
                    needs(Permission.MANAGE_SETTINGS, 200),
                    ahead(() -> call(Map.of("teamId", newTeam(true)), null))),
            row(
                    "PUT " + TEAM_MEMBER,
                    "no team flag",
                    managesTeamMembers(200),
                    ahead(() -> call(
                            Map.of("teamId", AuthorizationMatrixIT.teamId, "userId", plainMember()),
                            "{\"permissions\":[]}"))),
            row(
                    "PUT " + TEAM_MEMBER,
                    "granting post_jobs in the team",
                    grantsInTeam(TeamPermission.POST_JOBS, 200),
                    ahead(() -> call(
                            Map.of("teamId", AuthorizationMatrixIT.teamId, "userId", plainMember()),
                            "{\"permissions\":[\"post_jobs\"]}"))),
            row(
                    "DELETE " + TEAM_MEMBER,
                    "another member",
                    managesTeamMembers(204),
                    ahead(() -> call(Map.of("teamId", AuthorizationMatrixIT.teamId, "userId", teamMember()), null))),
            row("DELETE " + TEAM_MEMBER, "leaving the team", anyMember(204), new Leavers(true)),
            row("GET /companies/{companyId}/domains", anyMember(200), same(Map.of(), null)),
            row(
                    "POST /companies/{companyId}/domains",
                    needs(Permission.MANAGE_SETTINGS, 201),
                    fresh(() -> call(Map.of(), dnsClaim("claim-" + FRESH.incrementAndGet() + "-matrix-co.com")))),
            row(
                    "PATCH " + CLAIM,
                    needs(Permission.MANAGE_SETTINGS, 200),
                    fresh(() -> call(
                            Map.of("domain", DOMAIN),
                            "{\"enrollment\":\"" + (FRESH.incrementAndGet() % 2 == 0 ? "suggest" : "off") + "\"}"))),
            row(
                    "POST " + CLAIM + "/check",
                    needs(Permission.MANAGE_SETTINGS, 200),
                    same(Map.of("domain", DNS_PENDING), null)),
            row(
                    "GET " + CLAIM + "/people-outside",
                    needs(Permission.MANAGE_MEMBERS, 200),
                    same(Map.of("domain", CAPTURED), null)),
            row(
                    "DELETE " + CLAIM,
                    needs(Permission.MANAGE_SETTINGS, 204),
                    ahead(() -> call(Map.of("domain", pendingClaim()), null))),
            row(
                    "GET /domain-verifications/{token}",
                    publicRoute(Expect.ok(200)),
                    token(() -> AuthorizationMatrixIT.verificationToken)),
            row(
                    "POST /domain-verifications/{token}",
                    "a link nobody was sent",
                    publicRoute(NOT_FOUND),
                    same(Map.of("token", "Zz9" + "a".repeat(40)), null)),
            row(
                    "POST /companies/{companyId}/invites",
                    needs(Permission.INVITE, 200),
                    fresh(() ->
                            call(Map.of(), invitation("invitee-" + FRESH.incrementAndGet() + "@elsewhere-co.com")))),
            row(
                    "POST /companies/{companyId}/invites",
                    "naming the team with no team flag",
                    invitesIntoTeam(null, 200),
                    fresh(() ->
                            call(Map.of(), invitation("teamed-" + FRESH.incrementAndGet() + "@elsewhere-co.com", "")))),
            row(
                    "POST /companies/{companyId}/invites",
                    "naming the team with post_jobs",
                    invitesIntoTeam(TeamPermission.POST_JOBS, 200),
                    fresh(() -> call(
                            Map.of(),
                            invitation("jobs-" + FRESH.incrementAndGet() + "@elsewhere-co.com", "\"post_jobs\"")))),
            row("GET /companies/{companyId}/invites", needs(Permission.INVITE, 200), same(Map.of(), null)),
            // A resent invitation is still open: one serves every cell (the stack allows an address many mails a day).
            row(
                    "POST " + INVITE + "/resend",
                    needs(Permission.INVITE, 200),
                    kind -> as(kind, call(Map.of("inviteId", AuthorizationMatrixIT.resendable), null))),
            row(
                    "DELETE " + INVITE,
                    needs(Permission.INVITE, 204),
                    ahead(() -> call(Map.of("inviteId", openInvitation()), null))),
            row("GET /invites/{token}", publicRoute(Expect.ok(200)), token(() -> AuthorizationMatrixIT.inviteToken)),
            row("HEAD /invites/{token}", publicRoute(Expect.ok(200)), token(() -> AuthorizationMatrixIT.inviteToken)),
            row("POST /invites/{token}/accept", invitedAddressOnly(), token(() -> AuthorizationMatrixIT.inviteToken)),
            row(
                    "GET /discovery",
                    publicRoute(Expect.ok(200)),
                    kind -> new Call(USERS.get(kind), Map.of(), null, Map.of(), Map.of("email", "someone@" + DOMAIN))),
            // Authenticated by the identity provider's HMAC, not by a JWT: whatever token the caller holds,
            // no signature is 401 and a valid one is accepted.
            row(
                    "POST /hooks/signup",
                    "the caller's JWT, no signature",
                    signatureOnly(new Expect(401, "invalid_signature")),
                    kind -> hook(kind, false)),
            row(
                    "POST /hooks/signup",
                    "signed by the identity provider",
                    signatureOnly(Expect.ok(200)),
                    kind -> hook(kind, true)),
            row(
                    "POST /hooks/clerk",
                    "the caller's JWT, not signed by the provider",
                    signatureOnly(new Expect(401, "invalid_signature")),
                    kind -> providerHook(Providers.Provider.CLERK, kind, false)),
            row(
                    "POST /hooks/clerk",
                    "signed by the provider",
                    signatureOnly(Expect.ok(200)),
                    kind -> providerHook(Providers.Provider.CLERK, kind, true)),
            row(
                    "POST /hooks/workos",
                    "the caller's JWT, not signed by the provider",
                    signatureOnly(new Expect(401, "invalid_signature")),
                    kind -> providerHook(Providers.Provider.WORKOS, kind, false)),
            row(
                    "POST /hooks/workos",
                    "signed by the provider",
                    signatureOnly(Expect.ok(200)),
                    kind -> providerHook(Providers.Provider.WORKOS, kind, true)),
            row(
                    "POST /hooks/okta",
                    "the caller's JWT, not signed by the provider",
                    signatureOnly(new Expect(401, "invalid_signature")),
                    kind -> providerHook(Providers.Provider.OKTA, kind, false)),
            row(
                    "POST /hooks/okta",
                    "signed by the provider",
                    signatureOnly(Expect.ok(204)),
                    kind -> providerHook(Providers.Provider.OKTA, kind, true)),
            row(
                    "POST /hooks/keycloak",
                    "the caller's JWT, not signed by the provider",
                    signatureOnly(new Expect(401, "invalid_signature")),
                    kind -> providerHook(Providers.Provider.KEYCLOAK, kind, false)),
            row(
                    "POST /hooks/keycloak",
                    "signed by the provider",
                    signatureOnly(Expect.ok(200)),
                    kind -> providerHook(Providers.Provider.KEYCLOAK, kind, true)),
            row(
                    "POST /hooks/firebase",
                    "the caller's JWT, not signed by the provider",
                    signatureOnly(new Expect(401, "invalid_signature")),
                    kind -> providerHook(Providers.Provider.FIREBASE, kind, false)),
            row(
                    "POST /hooks/firebase",
                    "signed by the provider",
                    signatureOnly(Expect.ok(200)),
                    kind -> providerHook(Providers.Provider.FIREBASE, kind, true)),
            row(
                    "GET /hooks/okta",
                    "the caller's JWT, not Okta's Authorization",
                    signatureOnly(new Expect(401, "invalid_signature")),
                    kind -> new Call(
                            USERS.get(kind), Map.of(), null, Map.of("x-okta-verification-challenge", "c"), Map.of())),
            row(
                    "GET /hooks/okta",
                    "with Okta's Authorization",
                    signatureOnly(Expect.ok(200)),
                    kind -> new Call(
                            USERS.get(kind),
                            Map.of(),
                            null,
                            Map.of("x-okta-verification-challenge", "c", "authorization", Providers.OKTA_AUTHORIZATION),
                            Map.of())));

    // ---- The world the cells run in.

    private static DnsServer dns;
    private static Emulator emulator;
    private static TestStack stack;
    private static Company company;
    private static Map<String, HttpFunction> handlers;
    private static String inviteToken;
    private static String verificationToken;
    private static String resendable;
    /** The matrix's team, and another team of the company (what the team kinds hold is held in these). */
    private static String teamId;

    private static String otherTeamId;

    @BeforeAll
    static void givenACompanyWithOneCallerOfEachKind(Emulator given) {
        emulator = given;
        dns = DnsServer.start();
        stack = new TestStack(
                given,
                given.endpoint().toString(),
                Timeouts.API,
                Clock.systemUTC(),
                Map.of("DNS_RESOLVER", dns.address(), "INVITES_PER_ADDRESS_PER_DAY", "100"),
                List.of());
        handlers = new HashMap<>();
        SettingsHandler.ROUTES.forEach(r -> handlers.put(r, stack.settings));
        DomainsHandler.ROUTES.forEach(r -> handlers.put(r, stack.domains));
        InvitesHandler.ROUTES.forEach(r -> handlers.put(r, stack.invites));
        SignupWebhookHandler.ROUTES.forEach(r -> handlers.put(r, stack.signupWebhook));

        // Suggest mode: people at the domain may ask to join (the outsider below is suggested, not joined).
        company = Company.create(stack, "Matrix Co", User.verified("owner@" + DOMAIN))
                .withDomain(DOMAIN, "suggest");
        // Joiners get nothing by default, so approving grants nothing any manage_members holder lacks.
        Reply defaults = company.as(
                company.owner,
                "PATCH " + CLAIM,
                Map.of("domain", DOMAIN),
                "{\"defaultRole\":\"member\",\"defaultPermissions\":[]}");
        assertThat(defaults.status()).as("domain defaults: %s", defaults.body()).isEqualTo(200);
        teamId = newTeam(false);
        otherTeamId = newTeam(false);
        Kind owner = KINDS.get(0);
        USERS.put(owner, company.owner);
        USERS.putAll(newMembers(
                "caller",
                KINDS.stream()
                        .filter(k -> k.relation() == Relation.MEMBER && k != owner)
                        .toList()));
        User other = signUp(stack, "other@" + DOMAIN);
        Company.create(stack, "Other Co", other);
        KINDS.stream().filter(k -> k.relation() == Relation.OTHER_COMPANY).forEach(k -> USERS.put(k, other));
        theColumns_areWhoTheySayTheyAre();

        Reply dnsClaim =
                company.as(company.owner, "POST /companies/{companyId}/domains", Map.of(), dnsClaim(DNS_PENDING));
        assertThat(dnsClaim.status()).as("dns claim: %s", dnsClaim.body()).isEqualTo(201);
        Reply captured = company.as(company.owner, "POST /companies/{companyId}/domains", Map.of(), dnsClaim(CAPTURED));
        JsonNode record = captured.body().path("dnsRecord");
        dns.publish(record.path("name").asText(), List.of(record.path("value").asText()));
        assertThat(company.as(company.owner, "POST " + CLAIM + "/check", Map.of("domain", CAPTURED), null)
                        .body()
                        .path("status")
                        .asText())
                .isEqualTo("verified");
        Reply capture = company.as(
                company.owner,
                "PATCH " + CLAIM,
                Map.of("domain", CAPTURED),
                "{\"enrollment\":\"auto_join\",\"capture\":true}");
        assertThat(capture.status()).as("capture: %s", capture.body()).isEqualTo(200);
        Reply linkClaim = company.as(
                company.owner,
                "POST /companies/{companyId}/domains",
                Map.of(),
                "{\"domain\":\"" + LINK_PENDING + "\",\"method\":\"email\",\"verificationEmail\":\"it@" + LINK_PENDING
                        + "\"}");
        assertThat(linkClaim.status()).as("link claim: %s", linkClaim.body()).isEqualTo(201);
        verificationToken = stack.lastLinkTo(TestStack.DOMAIN_LINK, "it@" + LINK_PENDING);
        invite(INVITEE);
        inviteToken = stack.lastLinkTo(TestStack.INVITE_LINK, INVITEE);
        resendable = openInvitation();
        ROWS.forEach(row -> row.target().prepareAhead(row));
    }

    @AfterAll
    static void stopDns() {
        if (dns != null) {
            dns.close();
        }
    }

    /** Each member column holds exactly the role and flags its name says, as the product stored them. */
    private static void theColumns_areWhoTheySayTheyAre() {
        ObjectNode list = TestStack.http(
                "GET /companies/{companyId}/members", Map.of("companyId", company.id), null, company.owner);
        TestStack.withQuery(list, "limit", "200");
        Reply members = TestStack.call(stack.settings, list);
        assertThat(members.status()).isEqualTo(200);
        Map<String, JsonNode> bySub = new HashMap<>();
        members.body().path("items").forEach(m -> bySub.put(m.path("userId").asText(), m));
        USERS.forEach((kind, user) -> {
            if (kind.relation() != Relation.MEMBER) {
                return;
            }
            JsonNode stored = bySub.get(user.sub());
            assertThat(stored).as("%s is a member", kind).isNotNull();
            assertThat(stored.path("role").asText())
                    .as("%s role", kind)
                    .isEqualTo(kind.role().wire());
            Set<String> flags = new TreeSet<>();
            stored.path("permissions").forEach(p -> flags.add(p.asText()));
            assertThat(flags).as("%s flags", kind).isEqualTo(new TreeSet<>(List.of(wire(kind.flags()))));
            Map<String, Set<String>> teams = new HashMap<>();
            stored.path("teams").forEach(t -> {
                Set<String> held = new TreeSet<>();
                t.path("permissions").forEach(p -> held.add(p.asText()));
                teams.put(t.path("teamId").asText(), held);
            });
            Map<String, Set<String>> expected = new HashMap<>();
            if (!kind.inTeam().isEmpty()) {
                expected.put(teamId, teamWire(kind.inTeam()));
            }
            if (!kind.inOtherTeam().isEmpty()) {
                expected.put(otherTeamId, teamWire(kind.inOtherTeam()));
            }
            if (kind.role() != Role.OWNER) {
                assertThat(teams).as("%s teams", kind).isEqualTo(expected);
            }
        });
    }

    // ---- The matrix.

    @TestFactory
    Stream<DynamicTest> everyRoute_answersEveryKindOfCaller_asItsRuleSays() {
        System.out.println(size());
        List<DynamicTest> cells = new ArrayList<>();
        for (Row row : ROWS) {
            for (Kind kind : KINDS) {
                Expect expected = row.rule().apply(kind);
                cells.add(DynamicTest.dynamicTest(
                        row.name() + " as " + kind + " -> " + expected, () -> cell(row, kind, expected)));
            }
        }
        return cells.stream();
    }

    private static void cell(Row row, Kind kind, Expect expected) {
        Call call = row.target().prepare(kind);
        stack.requests.reset();
        stack.emails.reset();
        Reply reply = send(row.route(), call);
        if (reply.status() / 100 == 2) {
            row.target().spent();
        }
        String what = row.name() + " as " + kind;
        assertThat(reply.status()).as("%s: %s", what, reply.body()).isEqualTo(expected.status());
        if (expected.status() < 400) {
            return;
        }
        assertThat(reply.headers().get("content-type"))
                .as("%s is a problem document", what)
                .startsWith("application/problem+json");
        assertThat(reply.body().path("status").asInt())
                .as("%s problem status", what)
                .isEqualTo(expected.status());
        assertThat(reply.body().path("code").asText())
                .as("%s problem code", what)
                .isEqualTo(expected.code());
        assertThat(reply.body().path("type").asText())
                .as("%s problem type", what)
                .isNotBlank();
        assertThat(reply.body().path("title").asText())
                .as("%s problem title", what)
                .isNotBlank();
        Map<String, Integer> writes = stack.requests.snapshot().entrySet().stream()
                .filter(e -> WRITES.contains(e.getKey().substring(e.getKey().indexOf('.') + 1)))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(writes).as("%s was refused and wrote nothing", what).isEmpty();
        assertThat(stack.emails.snapshot())
                .as("%s was refused and mailed nobody", what)
                .isEmpty();
    }

    @Test
    void theMatrix_isEveryKindOfCaller_builtFromThePermissions() {
        assertThat(KINDS).hasSize(5 + 2 * Permission.values().length + 3);
        assertThat(KINDS.stream().map(Kind::name).distinct()).hasSameSizeAs(KINDS);
        assertThat(KINDS.stream().filter(k -> k.relation() == Relation.MEMBER && k.role() == Role.MEMBER))
                .as("members with and without each flag")
                .allSatisfy(k -> assertThat(k.flags().size()).isIn(0, 1, Permission.values().length - 1));
        assertThat(ROWS.stream().map(Row::name).distinct())
                .as("one row per route and variant")
                .hasSameSizeAs(ROWS);
    }

    /**
     * One masking rule for both lists: a caller who sees other members' addresses masked in GET .../members sees the
     * addresses of invitations others sent masked in GET .../invites too, and a manager sees both in full.
     */
    @Test
    void whatACallerMayNotSeeInTheMemberList_theyMayNotSeeInTheInvitationListEither() {
        String invited = "masked.invitee@elsewhere-matrix.io";
        String inviteId = invite(invited);
        for (Kind kind : KINDS) {
            if (kind.relation() != Relation.MEMBER || !kind.holds(Permission.INVITE)) {
                continue;
            }
            User caller = USERS.get(kind);
            Reply members =
                    send("GET /companies/{companyId}/members", new Call(caller, Map.of(), null, Map.of(), Map.of()));
            Reply invites =
                    send("GET /companies/{companyId}/invites", new Call(caller, Map.of(), null, Map.of(), Map.of()));
            boolean manager = kind.holds(Permission.MANAGE_MEMBERS);
            List<String> others = new ArrayList<>();
            members.body().path("items").forEach(m -> {
                if (!m.path("userId").asText().equals(caller.sub())) {
                    others.add(m.path("email").asText());
                }
            });
            assertThat(others)
                    .as("%s: other members' addresses", kind)
                    .isNotEmpty()
                    .allSatisfy(email -> assertThat(email.contains("***@")).isEqualTo(!manager));
            List<String> shown = new ArrayList<>();
            invites.body().path("items").forEach(i -> {
                if (i.path("id").asText().equals(inviteId)) {
                    shown.add(i.path("email").asText());
                }
            });
            assertThat(shown)
                    .as("%s: an address the owner invited", kind)
                    .containsExactly(manager ? invited : maskedOf(invited));
        }
    }

    private static String maskedOf(String email) {
        return email.charAt(0) + "***" + email.substring(email.indexOf('@'));
    }

    @Test
    void everyTemplateRoute_hasARow() throws IOException {
        Set<String> covered = ROWS.stream().map(Row::route).collect(Collectors.toCollection(TreeSet::new));
        assertThat(covered).isEqualTo(templateRoutes());
        assertThat(handlers.keySet()).as("every row's route has a handler").containsAll(covered);
    }

    private static String size() {
        long routes = ROWS.stream().map(Row::route).distinct().count();
        return "Authorization matrix: " + routes + " routes (" + ROWS.size() + " rows) × " + KINDS.size()
                + " kinds of caller = " + ROWS.size() * KINDS.size() + " cells";
    }

    /** Method and path of every HttpApi event in template.yaml. */
    static Set<String> templateRoutes() throws IOException {
        JsonNode template = new ObjectMapper(new YAMLFactory())
                .readTree(TestStack.repo().resolve("template.yaml").toFile());
        Set<String> routes = new TreeSet<>();
        template.path("Resources")
                .forEach(resource -> resource.path("Properties").path("Events").forEach(event -> {
                    if ("HttpApi".equals(event.path("Type").asText())) {
                        JsonNode p = event.path("Properties");
                        routes.add(p.path("Method").asText().toUpperCase(Locale.ROOT) + " "
                                + p.path("Path").asText());
                    }
                }));
        assertThat(routes).as("routes in template.yaml").isNotEmpty();
        return routes;
    }

    // ---- Sending a cell's call.

    private static Reply send(String route, Call call) {
        Map<String, String> path = new HashMap<>(call.path());
        if (route.contains("{companyId}")) {
            path.put("companyId", company.id);
        }
        ObjectNode event = TestStack.http(route, path, call.body(), call.caller());
        call.headers().forEach((name, value) -> TestStack.withHeader(event, name, value));
        call.query().forEach((name, value) -> TestStack.withQuery(event, name, value));
        return TestStack.call(handlers.get(route), event);
    }

    private static Row row(String route, Rule rule, Target target) {
        return new Row(route, "", rule, target);
    }

    private static Row row(String route, String variant, Rule rule, Target target) {
        return new Row(route, variant, rule, target);
    }

    private static Call call(Map<String, String> path, String body) {
        return new Call(null, path, body, Map.of(), Map.of());
    }

    /** The caller of this kind, sending what {@code call} holds. */
    private static Call as(Kind kind, Call call) {
        return call.by(USERS.get(kind));
    }

    /** The same call for every cell: the route changes nothing a later cell depends on. */
    private static Target same(Map<String, String> path, String body) {
        return kind -> as(kind, call(path, body));
    }

    /** A link's token, the same for every cell (opening or refusing it changes nothing). */
    private static Target token(Supplier<String> token) {
        return kind -> as(kind, call(Map.of("token", token.get()), null));
    }

    /**
     * A target made on first use and reused by every cell that leaves it as it was (a refusal writes nothing); a
     * cell that succeeds has used it up, so the next cell gets a new one.
     */
    private static Target fresh(Supplier<Call> make) {
        return new Fresh(make, false);
    }

    /** {@link #fresh}, with as many targets made ahead as the row's rule lets cells succeed. */
    private static Target ahead(Supplier<Call> make) {
        return new Fresh(make, true);
    }

    private static final class Fresh implements Target {
        private final Supplier<Call> make;
        private final boolean ahead;
        private final Deque<Call> ready = new ArrayDeque<>();
        private Call current;

        Fresh(Supplier<Call> make, boolean ahead) {
            this.make = make;
            this.ahead = ahead;
        }

        @Override
        public Call prepare(Kind kind) {
            if (current == null) {
                current = ready.isEmpty() ? make.get() : ready.pop();
            }
            return as(kind, current);
        }

        @Override
        public void spent() {
            current = null;
        }

        @Override
        public void prepareAhead(Row row) {
            if (ahead) {
                KINDS.stream()
                        .filter(kind -> row.rule().apply(kind).status() / 100 == 2)
                        .forEach(kind -> ready.add(make.get()));
            }
        }
    }

    /**
     * The caller leaves the company, or ({@code team}) the matrix's team, which they are put in: a member of the same
     * kind made for the cell, so the columns themselves stay.
     */
    private static final class Leavers implements Target {
        private final Map<Kind, User> made = new HashMap<>();
        private final boolean team;

        Leavers(boolean team) {
            this.team = team;
        }

        private Map<String, String> path(User who) {
            return team ? Map.of("teamId", teamId, "userId", who.sub()) : Map.of("userId", who.sub());
        }

        @Override
        public Call prepare(Kind kind) {
            switch (kind.relation()) {
                case SIGNED_OUT:
                    return call(path(company.owner), null);
                case OTHER_COMPANY:
                    return as(kind, call(path(USERS.get(kind)), null));
                default:
                    User leaver = made.containsKey(kind)
                            ? made.remove(kind)
                            : newMembers("leaver", List.of(kind), team).get(kind);
                    return call(path(leaver), null).by(leaver);
            }
        }

        @Override
        public void prepareAhead(Row row) {
            made.putAll(newMembers(
                    "leaver",
                    KINDS.stream().filter(k -> k.relation() == Relation.MEMBER).toList(),
                    team));
        }
    }

    // ---- Targets.

    /** A real change (the invitation expiry moves) against the version just read. */
    private static Call settingsChange() {
        int days = 2 + FRESH.incrementAndGet() % 20;
        return new Call(
                null,
                Map.of(),
                "{\"invitationExpiryDays\":" + days + "}",
                Map.of("if-match", company.etag()),
                Map.of());
    }

    /** A member with pay: any manage_members holder may change or remove them. */
    private static String plainMember() {
        User target = User.verified("target" + FRESH.incrementAndGet() + "@" + DOMAIN);
        TableSeed.members(
                emulator.dynamoDb(),
                EmulatorExtension.TABLE,
                List.of(membership(target, Role.MEMBER, EnumSet.of(Permission.PAY))));
        return target.sub();
    }

    /**
     * One member per kind, stored as the product stores them (one batch write, no transaction); owners are made
     * owners through the route, so the company's ownerCount counts them.
     */
    private static Map<Kind, User> newMembers(String prefix, List<Kind> kinds) {
        return newMembers(prefix, kinds, false);
    }

    /** {@code inTeam}: each is in the matrix's team, with their kind's flags there or none. */
    private static Map<Kind, User> newMembers(String prefix, List<Kind> kinds, boolean inTeam) {
        Map<Kind, User> made = new LinkedHashMap<>();
        List<Membership> memberships = new ArrayList<>();
        for (Kind kind : kinds) {
            User user = User.verified(prefix + FRESH.incrementAndGet() + "-" + kind.slug() + "@" + DOMAIN);
            made.put(kind, user);
            memberships.add(inTeams(
                    membership(user, kind.role() == Role.OWNER ? Role.MEMBER : kind.role(), kind.flags()),
                    kind,
                    inTeam));
        }
        TableSeed.members(emulator.dynamoDb(), EmulatorExtension.TABLE, memberships);
        made.forEach((kind, user) -> {
            if (kind.role() == Role.OWNER) {
                Reply promoted = company.as(
                        company.owner, "PATCH " + MEMBER, Map.of("userId", user.sub()), "{\"role\":\"owner\"}");
                assertThat(promoted.status())
                        .as("make an owner: %s", promoted.body())
                        .isEqualTo(200);
            }
        });
        return made;
    }

    private static Membership membership(User user, Role role, Set<Permission> flags) {
        return new Membership(
                company.id,
                "Matrix Co",
                user.sub(),
                EmailAddress.parse(user.email()),
                role,
                flags,
                new Provenance(ProvenanceType.AUTO_JOIN, null, Actor.policy(), Instant.now()));
    }

    /** The membership with the team flags {@code kind} holds in the matrix's team and in the other team. */
    private static Membership inTeams(Membership m, Kind kind, boolean inTeam) {
        Map<String, Set<TeamPermission>> teams = new HashMap<>();
        if (inTeam || !kind.inTeam().isEmpty()) {
            teams.put(teamId, kind.inTeam());
        }
        if (!kind.inOtherTeam().isEmpty()) {
            teams.put(otherTeamId, kind.inOtherTeam());
        }
        return new Membership(
                m.companyId(),
                m.companyName(),
                m.userId(),
                m.email(),
                m.role(),
                m.permissions(),
                m.provenance(),
                m.version(),
                null,
                teams);
    }

    /** A team the owner made (and archived, when {@code archived}), which the cell may archive or restore. */
    private static String newTeam(boolean archived) {
        Reply made = company.as(
                company.owner, "POST " + TEAMS, Map.of(), "{\"name\":\"Team " + FRESH.incrementAndGet() + "\"}");
        assertThat(made.status()).as("team: %s", made.body()).isEqualTo(201);
        String id = made.body().path("id").asText();
        if (archived) {
            Reply out = company.as(company.owner, "POST " + TEAM + "/archive", Map.of("teamId", id), null);
            assertThat(out.status()).as("archive: %s", out.body()).isEqualTo(200);
        }
        return id;
    }

    /** A plain member the owner put in the matrix's team, whom a cell may take out. */
    private static String teamMember() {
        String member = plainMember();
        Reply in = company.as(
                company.owner,
                "PUT " + TEAM_MEMBER,
                Map.of("teamId", teamId, "userId", member),
                "{\"permissions\":[\"post_jobs\"]}");
        assertThat(in.status()).as("into the team: %s", in.body()).isEqualTo(200);
        return member;
    }

    /** A new person at the suggest-mode domain who asked to join. */
    private static String pendingRequest() {
        User asker = signUp(stack, "asker" + FRESH.incrementAndGet() + "@" + DOMAIN);
        Reply asked = company.as(asker, "POST /companies/{companyId}/join-requests", Map.of(), null);
        assertThat(asked.status()).as("ask: %s", asked.body()).isEqualTo(201);
        return asker.sub();
    }

    /** A claim the owner started by DNS, which the cell may release. */
    private static String pendingClaim() {
        String domain = "release-" + FRESH.incrementAndGet() + "-matrix-co.com";
        Reply claimed = company.as(company.owner, "POST /companies/{companyId}/domains", Map.of(), dnsClaim(domain));
        assertThat(claimed.status()).as("claim %s: %s", domain, claimed.body()).isEqualTo(201);
        return domain;
    }

    private static String dnsClaim(String domain) {
        return "{\"domain\":\"" + domain + "\",\"method\":\"dns\"}";
    }

    /** Role and permissions named, so the cell measures the invite permission, not what the inviter may grant. */
    private static String invitation(String email) {
        return "{\"invites\":[{\"email\":\"" + email + "\",\"role\":\"member\",\"permissions\":[]}]}";
    }

    /** An invitation naming the matrix's team with {@code flags} (JSON strings, comma-separated). */
    private static String invitation(String email, String flags) {
        return "{\"invites\":[{\"email\":\"" + email + "\",\"role\":\"member\",\"permissions\":[],\"teams\":{\""
                + teamId + "\":[" + flags + "]}}]}";
    }

    /** An open invitation the owner sent, which the cell may resend or revoke. */
    private static String openInvitation() {
        return invite("open-" + FRESH.incrementAndGet() + "@elsewhere-co.com");
    }

    private static String invite(String email) {
        Reply sent = company.as(company.owner, "POST /companies/{companyId}/invites", Map.of(), invitation(email));
        assertThat(sent.status()).as("invite: %s", sent.body()).isEqualTo(200);
        JsonNode result = sent.body().path("results").get(0);
        assertThat(result.path("status").asText()).as("invite: %s", sent.body()).isEqualTo("invited");
        return result.path("inviteId").asText();
    }

    /** POST /hooks/signup as the identity provider would send it, with the caller's JWT (if any) on top. */
    private static Call hook(Kind kind, boolean signed) {
        Providers.Delivery delivery = Providers.signup(
                Providers.Provider.SIGNUP,
                UUID.randomUUID().toString(),
                "hook" + FRESH.incrementAndGet() + "@nobody-matrix.com",
                true);
        Map<String, String> headers = signed ? delivery.headers() : Map.of();
        return new Call(USERS.get(kind), Map.of(), delivery.body(), headers, Map.of());
    }

    /**
     * A delivery in {@code provider}'s own format, signed by it or (unsigned) carrying whatever the caller holds: a
     * Firebase token signed by another key, the others without their signature header.
     */
    private static Call providerHook(Providers.Provider provider, Kind kind, boolean signed) {
        String n = Integer.toString(FRESH.incrementAndGet());
        Providers.Delivery delivery = Providers.signup(provider, "sub-" + n, "hook" + n + "@nobody-matrix.com", true);
        if (!signed && provider == Providers.Provider.FIREBASE) {
            delivery = delivery.withBody(delivery.body().replaceAll("\\.[A-Za-z0-9_-]+\"}}$", ".c2lnbmF0dXJl\"}}"));
        }
        Map<String, String> headers = new HashMap<>(delivery.headers());
        if (!signed) {
            headers.keySet().removeIf(h -> h.endsWith("signature") || h.equals("authorization"));
        }
        return new Call(USERS.get(kind), Map.of(), delivery.body(), headers, Map.of());
    }

    private static Set<String> teamWire(Set<TeamPermission> flags) {
        return flags.stream().map(TeamPermission::wire).collect(Collectors.toCollection(TreeSet::new));
    }

    private static String[] wire(Set<Permission> flags) {
        return flags.stream().map(Permission::wire).sorted().toArray(String[]::new);
    }
}
