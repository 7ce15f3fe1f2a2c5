package dev.autojoin.handler;

import static dev.autojoin.handler.TestStack.call;
import static dev.autojoin.handler.TestStack.http;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.autojoin.adapter.dynamodb.TableSeed;
import dev.autojoin.adapter.ses.SesEmailSender;
import dev.autojoin.config.Timeouts;
import dev.autojoin.domain.Actor;
import dev.autojoin.domain.EmailAddress;
import dev.autojoin.domain.Membership;
import dev.autojoin.domain.Permission;
import dev.autojoin.domain.Provenance;
import dev.autojoin.domain.ProvenanceType;
import dev.autojoin.domain.Role;
import dev.autojoin.handler.TestStack.Reply;
import dev.autojoin.handler.TestStack.User;
import dev.autojoin.testing.DnsServer;
import dev.autojoin.testing.Emulator;
import dev.autojoin.testing.EmulatorExtension;
import dev.autojoin.testing.MutableClock;
import dev.autojoin.testing.RequestCounter;
import dev.autojoin.testing.SqsEventSource;
import dev.autojoin.testing.TestContext;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsResponse;

/**
 * Requests per operation (DESIGN §6): every route of every handler's {@code ROUTES}, the Cognito trigger and every
 * schedule of template.yaml, each in its meaningful cases, counted with an SDK interceptor on both DynamoDB and SES
 * and held to the budget declared in {@link #BUDGETS}. Writes {@code target/request-budgets.md}, the table
 * docs/PERFORMANCE.md quotes, with the sizes of the items the hot path reads and writes.
 */
@ExtendWith(EmulatorExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RequestBudgetsIT {
    private static final Set<String> READS = Set.of("GetItem", "BatchGetItem", "Query", "Scan", "TransactGetItems");
    private static final Set<String> WRITES =
            Set.of("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems");

    private static final String SIGNUP = "Cognito PostConfirmation";
    private static final String RECHECK = "Schedule DomainRecheckFunction.RecheckSchedule";
    private static final String HOUSEKEEPING = "Schedule HousekeepingFunction.Housekeeping";
    private static final String MAIL = "SQS InvitationMailFunction.InvitationMail";
    private static final String COMPANY = "/companies/{companyId}";
    private static final String MEMBER = COMPANY + "/members/{userId}";
    private static final String JOIN_REQUESTS = COMPANY + "/join-requests";
    private static final String INVITES = COMPANY + "/invites";
    private static final String DOMAINS = COMPANY + "/domains";
    private static final String DOMAIN = DOMAINS + "/{domain}";
    private static final String TEAMS = COMPANY + "/teams";
    private static final String TEAM = TEAMS + "/{teamId}";
    private static final String TEAM_MEMBER = TEAM + "/members/{userId}";

    /**
     * What each path may cost, in requests (not capacity units): DynamoDB reads, DynamoDB writes, SES emails. Each is
     * what the code does now, the fewest its use case needs as built; the table lists them in this order.
     */
    private static final Map<String, Budget> BUDGETS = budgets(
            new Budget("signup.match", SIGNUP, "auto-join (match)", 1, 1, 0),
            new Budget("signup.duplicate", SIGNUP, "duplicate delivery (already a member)", 1, 1, 0),
            new Budget("signup.noMatch", SIGNUP, "no company for the domain", 1, 0, 0),
            new Budget("signup.freeMail", SIGNUP, "free mail (gmail.com)", 1, 0, 0),
            new Budget("signup.disposable", SIGNUP, "disposable mail", 1, 0, 0),
            new Budget("signup.unverified", SIGNUP, "unverified email / forgot password", 0, 0, 0),
            new Budget("signup.suggest", SIGNUP, "suggest mode", 1, 1, 0),
            new Budget("signup.subdomain", SIGNUP, "subdomain address (eng.acme.com, no subdomain opt-in)", 1, 0, 0),
            new Budget("signup.crowd", SIGNUP, "auto-join into a company of 30+ members", 1, 1, 0),
            new Budget(
                    "signup.invited",
                    SIGNUP,
                    "invited by 2 companies (gmail.com): per invitation, its inviter's authority read and 1 write",
                    3,
                    2,
                    0),
            new Budget("signup.removed", SIGNUP, "an admin removed this email: refused, marked once", 1, 2, 0),
            new Budget(
                    "hook.signup.match",
                    "POST /hooks/signup",
                    "auto-join: delivery id read, sign-up, recorded",
                    2,
                    2,
                    0),
            new Budget("hook.signup.duplicate", "POST /hooks/signup", "the same delivery again", 1, 0, 0),
            new Budget("hook.signup.unverified", "POST /hooks/signup", "unverified email", 0, 0, 0),
            new Budget("hook.signup.badSignature", "POST /hooks/signup", "bad signature (401)", 0, 0, 0),
            new Budget("hook.clerk.match", "POST /hooks/clerk", "user.created, verified: auto-join", 2, 2, 0),
            new Budget("hook.clerk.duplicate", "POST /hooks/clerk", "the same svix-id again", 1, 0, 0),
            new Budget("hook.clerk.unverified", "POST /hooks/clerk", "user.created, unverified", 0, 0, 0),
            new Budget("hook.clerk.badSignature", "POST /hooks/clerk", "bad signature (401)", 0, 0, 0),
            new Budget("hook.workos.match", "POST /hooks/workos", "user.created, verified: auto-join", 2, 2, 0),
            new Budget("hook.workos.duplicate", "POST /hooks/workos", "the same event again", 1, 0, 0),
            new Budget("hook.workos.unverified", "POST /hooks/workos", "user.created, unverified", 0, 0, 0),
            new Budget("hook.workos.badSignature", "POST /hooks/workos", "bad signature (401)", 0, 0, 0),
            new Budget("hook.okta.verification", "GET /hooks/okta", "one-time verification challenge", 0, 0, 0),
            new Budget("hook.okta.match", "POST /hooks/okta", "user.lifecycle.create, opted in: auto-join", 2, 2, 0),
            new Budget("hook.okta.duplicate", "POST /hooks/okta", "the same event uuid again", 1, 0, 0),
            new Budget(
                    "hook.okta.unverified",
                    "POST /hooks/okta",
                    "no opt-in: Okta's logins are not verified emails",
                    0,
                    0,
                    0),
            new Budget("hook.okta.badSignature", "POST /hooks/okta", "wrong Authorization (401)", 0, 0, 0),
            new Budget("hook.keycloak.match", "POST /hooks/keycloak", "VERIFY_EMAIL: auto-join", 2, 2, 0),
            new Budget("hook.keycloak.duplicate", "POST /hooks/keycloak", "the same event again", 1, 0, 0),
            new Budget(
                    "hook.keycloak.unverified", "POST /hooks/keycloak", "REGISTER (email not verified yet)", 0, 0, 0),
            new Budget("hook.keycloak.badSignature", "POST /hooks/keycloak", "bad signature (401)", 0, 0, 0),
            new Budget("hook.firebase.match", "POST /hooks/firebase", "beforeCreate, verified: auto-join", 2, 2, 0),
            new Budget("hook.firebase.duplicate", "POST /hooks/firebase", "the same event_id again", 1, 0, 0),
            new Budget("hook.firebase.unverified", "POST /hooks/firebase", "beforeCreate, unverified", 0, 0, 0),
            new Budget(
                    "hook.firebase.badSignature",
                    "POST /hooks/firebase",
                    "a token not signed by Google (401)",
                    0,
                    0,
                    0),
            new Budget("me.plain", "GET /me", "nothing to repair", 2, 0, 0),
            new Budget("me.repair", "GET /me", "post-signup missed, repaired (joins)", 2, 1, 0),
            new Budget(
                    "me.many",
                    "GET /me",
                    "member of 6 companies, in a team of 5 (+1 BatchGetItem: the caller's teams)",
                    3,
                    0,
                    0),
            new Budget("me.unverified", "GET /me", "unverified email (no domain lookup)", 1, 0, 0),
            new Budget(
                    "me.offer",
                    "GET /me",
                    "in a company already, the domain captured: the capturing company offered, not joined",
                    3,
                    1,
                    0),
            new Budget("me.offerJoin", "POST /me/offers/{companyId}/join", "join the offered company", 2, 1, 0),
            new Budget(
                    "me.offerKeep",
                    "POST /me/offers/{companyId}/keep",
                    "keep going as one is (the offer read, then put away)",
                    1,
                    1,
                    0),
            new Budget(
                    "domains.peopleOutside",
                    "GET " + DOMAIN + "/people-outside",
                    "2 people in 2 other companies (index page, then their memberships and this company's read together)",
                    3,
                    0,
                    0),
            new Budget(
                    "company.create",
                    "POST /companies",
                    "create (is the founder's domain captured; count the founder's companies today)",
                    1,
                    2,
                    0),
            new Budget("company.show", "GET " + COMPANY, "a member", 1, 0, 0),
            new Budget("company.outsider", "GET " + COMPANY, "not a member (404)", 1, 0, 0),
            new Budget("settings.notify", "PATCH " + COMPANY + "/settings", "notify", 1, 1, 0),
            new Budget(
                    "settings.rename",
                    "PATCH " + COMPANY + "/settings",
                    "rename, 2 members + 1 domain claim (+1 UpdateItem per copy of the name)",
                    7,
                    5,
                    0),
            new Budget("members.page", "GET " + COMPANY + "/members", "one page", 2, 0, 0),
            new Budget("members.change", "PATCH " + MEMBER, "permissions", 1, 1, 0),
            new Budget("members.remove", "DELETE " + MEMBER, "an admin removes a member", 2, 1, 0),
            new Budget("members.leave", "DELETE " + MEMBER, "a member leaves", 2, 1, 0),
            new Budget("requests.open", "POST " + JOIN_REQUESTS, "ask to join", 1, 1, 0),
            new Budget("requests.again", "POST " + JOIN_REQUESTS, "ask again while pending", 1, 0, 0),
            new Budget("requests.page", "GET " + JOIN_REQUESTS, "one page", 2, 0, 0),
            new Budget("requests.approve", "POST " + JOIN_REQUESTS + "/{userId}/approve", "approve", 2, 1, 0),
            new Budget(
                    "requests.approveTeams",
                    "POST " + JOIN_REQUESTS + "/{userId}/approve",
                    "approve naming teams (+1 Query: the company's teams)",
                    3,
                    1,
                    0),
            new Budget("requests.decline", "POST " + JOIN_REQUESTS + "/{userId}/decline", "decline", 2, 1, 0),
            new Budget("audit.page", "GET " + COMPANY + "/audit", "one page", 2, 0, 0),
            new Budget("teams.list", "GET " + TEAMS, "the company's teams", 2, 0, 0),
            new Budget("teams.create", "POST " + TEAMS, "create (team, count of active teams, audit)", 1, 1, 0),
            new Budget("teams.rename", "PATCH " + TEAM, "rename", 1, 1, 0),
            new Budget("teams.archive", "POST " + TEAM + "/archive", "archive", 1, 1, 0),
            new Budget(
                    "teams.archiveLast",
                    "POST " + TEAM + "/archive",
                    "the last active team (409 last_team: the write's condition refuses it)",
                    1,
                    1,
                    0),
            new Budget("teams.restore", "POST " + TEAM + "/restore", "restore", 1, 1, 0),
            new Budget("teams.put", "PUT " + TEAM_MEMBER, "put a member in a team", 1, 1, 0),
            new Budget(
                    "teams.grantRefused", "PUT " + TEAM_MEMBER, "refused (403): the caller manages no team", 1, 0, 0),
            new Budget("teams.remove", "DELETE " + TEAM_MEMBER, "take a member out of a team", 1, 1, 0),
            // n = 1, 10, 100 new addresses: members and open invitations are one BatchGetItem each per 100 addresses,
            // the allowance one UpdateItem, the invitations one transaction per 19; the emails go on the queue.
            new Budget("invites.one", "POST " + INVITES, "n = 1 new address (1 queue message)", 4, 2, 0),
            new Budget("invites.bulk", "POST " + INVITES, "n = 10 new addresses (10 queue messages)", 4, 2, 0),
            new Budget("invites.bulk100", "POST " + INVITES, "n = 100 new addresses (100 queue messages)", 4, 7, 0),
            new Budget(
                    "mail.one",
                    MAIL,
                    "1 invitation email from the queue: read, take it, its new link's item, send, record sent",
                    1,
                    3,
                    1),
            new Budget(
                    "invites.teams", "POST " + INVITES, "n = 1 naming a team (+1 Query: the company's teams)", 5, 2, 0),
            new Budget("invites.already", "POST " + INVITES, "1 address already invited", 4, 0, 0),
            new Budget("invites.page", "GET " + INVITES, "one page", 2, 0, 0),
            new Budget("invites.resend", "POST " + INVITES + "/{inviteId}/resend", "resend (1 queue message)", 1, 2, 0),
            new Budget("invites.revoke", "DELETE " + INVITES + "/{inviteId}", "revoke", 1, 1, 0),
            new Budget("invites.show", "GET /invites/{token}", "the link's page", 2, 0, 0),
            new Budget("invites.head", "HEAD /invites/{token}", "a mail scanner's probe", 2, 0, 0),
            new Budget(
                    "invites.accept",
                    "POST /invites/{token}/accept",
                    "accept (the token, the invitation, the inviter's authority)",
                    3,
                    1,
                    0),
            new Budget(
                    "invites.acceptTeams",
                    "POST /invites/{token}/accept",
                    "accept an invitation naming a team (+1 BatchGetItem: its teams, skipped if archived)",
                    4,
                    1,
                    0),
            new Budget("invites.expired", "POST /invites/{token}/accept", "expired (410), recorded once", 2, 1, 0),
            new Budget("domains.claim", "POST " + DOMAINS, "by affiliation (caller's own email)", 1, 1, 0),
            new Budget(
                    "domains.claimLink",
                    "POST " + DOMAINS,
                    "by email link (+1 UpdateItem: the address's daily count)",
                    1,
                    2,
                    1),
            new Budget("domains.claimDns", "POST " + DOMAINS, "by DNS", 1, 1, 0),
            new Budget("domains.enroll", "PATCH " + DOMAIN, "enrollment", 1, 1, 0),
            new Budget("domains.list", "GET " + DOMAINS, "list", 2, 0, 0),
            new Budget("domains.checkMissing", "POST " + DOMAIN + "/check", "record missing", 1, 1, 0),
            new Budget("domains.checkFound", "POST " + DOMAIN + "/check", "proven", 1, 2, 0),
            new Budget(
                    "domains.checkDisplaces",
                    "POST " + DOMAIN + "/check",
                    "proven, displacing another company's email claim (its 1 admin told, +1 suppression read)",
                    3,
                    2,
                    1),
            new Budget("domains.release", "DELETE " + DOMAIN, "release", 1, 1, 0),
            new Budget("domains.linkPage", "GET /domain-verifications/{token}", "the link's page", 2, 0, 0),
            new Budget("domains.linkConfirm", "POST /domain-verifications/{token}", "confirm", 2, 1, 0),
            new Budget("domains.discovery", "GET /discovery", "a company domain", 1, 1, 0),
            new Budget("recheck.none", RECHECK, "nothing due", 1, 0, 0),
            new Budget("recheck.pass", RECHECK, "3 due, all pass (+1 write per due domain)", 1, 3, 0),
            new Budget(
                    "recheck.failing",
                    RECHECK,
                    "1 due, record gone: grace starts, 1 admin told (+1 suppression read)",
                    3,
                    1,
                    1),
            new Budget("recheck.inGrace", RECHECK, "1 due during grace, still failing", 1, 1, 0),
            new Budget(
                    "recheck.lapsed", RECHECK, "grace over: unverified, 1 admin told (+1 suppression read)", 3, 1, 1),
            // Every run also reads the invitation outbox once, and the captures still to tell once (a Query each of
            // a sparse GSI1 partition).
            new Budget("housekeeping.none", HOUSEKEEPING, "nothing pending", 4, 0, 0),
            new Budget(
                    "housekeeping.capture",
                    HOUSEKEEPING,
                    "a capture turned on, 2 shadow companies with 1 owner each: the claim, the domain's members (1 Query),"
                            + " per company its told mark, owners and suppression read, 1 write; the capture's mark deleted",
                    12,
                    3,
                    2),
            new Budget(
                    "housekeeping.digest",
                    HOUSEKEEPING,
                    "3 joins at 1 company, 1 member manager (lease, re-read)",
                    8,
                    3,
                    1),
            new Budget("housekeeping.digests", HOUSEKEEPING, "1 join at each of 2 companies", 12, 6, 2),
            new Budget(
                    "housekeeping.rename",
                    HOUSEKEEPING,
                    "a rename its request could not finish, 2 members + 1 domain claim",
                    10,
                    4,
                    0),
            // The same three lookups in a company of 5 and one of 40 members: the same requests, the same items.
            new Budget("bound.invites5", "POST " + INVITES, "2 addresses, 1 a member, company of 5 members", 4, 2, 0),
            new Budget("bound.invites40", "POST " + INVITES, "2 addresses, 1 a member, company of 40 members", 4, 2, 0),
            new Budget(
                    "bound.displaces5",
                    "POST " + DOMAIN + "/check",
                    "proven, displacing a company of 5 members (its 2 admins told, +2 suppression reads)",
                    4,
                    2,
                    2),
            new Budget(
                    "bound.displaces40",
                    "POST " + DOMAIN + "/check",
                    "proven, displacing a company of 40 members (its 2 admins told, +2 suppression reads)",
                    4,
                    2,
                    2),
            new Budget("bound.digest5", HOUSEKEEPING, "1 join at a company of 5 members, 2 member managers", 9, 3, 2),
            new Budget(
                    "bound.digest40", HOUSEKEEPING, "1 join at a company of 40 members, 2 member managers", 9, 3, 2));

    private static final Pattern INVITE_LINK = Pattern.compile("http://localhost:3000/invites/([A-Za-z0-9_-]+)");
    private static final Pattern DOMAIN_LINK =
            Pattern.compile("http://localhost:3000/domain-verifications/([A-Za-z0-9_-]+)");
    private static final User ALICE = User.verified("alice@acme.com");
    private static final User HANK = User.verified("hank@globex.com");
    private static final Map<String, Row> ROWS = new LinkedHashMap<>();
    private static final List<String> SIZES = new ArrayList<>();
    /** While set, every DynamoDB UpdateItem fails: a rename whose request could not copy the name. */
    private static final AtomicBoolean UPDATES_FAIL = new AtomicBoolean();
    /** Items every read request returned or evaluated (a Query's ScannedCount), what DynamoDB bills reads by. */
    private static final ItemsRead ITEMS = new ItemsRead();

    private static Emulator emulator;
    private static DnsServer dns;
    private static MutableClock clock;
    private static RequestCounter requests;
    private static SettingsHandler settings;
    private static DomainsHandler domains;
    private static InvitesHandler invites;
    private static PostSignupHandler postSignup;
    private static SignupWebhookHandler signupWebhook;
    private static TestStack oktaNotOptedIn;
    private static DomainRecheckHandler domainRecheck;
    private static HousekeepingHandler housekeeping;
    /** The invitation mail queue, drained through a sender built with the counted SES client. */
    private static SqsEventSource mail;

    private static String acmeId;
    private static String globexId;

    /** One path's budget: DynamoDB read and write requests, SES emails. */
    record Budget(String id, String path, String operation, int reads, int writes, int emails) {}

    /** One measured operation: what it cost against what it may cost, and the items its reads went through. */
    record Row(Budget budget, Map<String, Integer> calls, int items) {
        int reads() {
            return sum(READS);
        }

        int writes() {
            return sum(WRITES);
        }

        int emails() {
            return calls.entrySet().stream()
                    .filter(e -> e.getKey().endsWith(".SendEmail"))
                    .mapToInt(Map.Entry::getValue)
                    .sum();
        }

        private int sum(Set<String> operations) {
            return calls.entrySet().stream()
                    .filter(e -> e.getKey().startsWith("DynamoDb.")
                            && operations.contains(e.getKey().substring("DynamoDb.".length())))
                    .mapToInt(Map.Entry::getValue)
                    .sum();
        }
    }

    @BeforeAll
    static void givenAcmeInAutoJoinAndGlobexInSuggest(Emulator given) {
        emulator = given;
        dns = DnsServer.start();
        // Real time to start with (the webhook signs with it); tests that need days to pass move it on.
        clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        TestStack stack = new TestStack(
                emulator,
                emulator.endpoint().toString(),
                Timeouts.API,
                clock,
                Map.of("DNS_RESOLVER", dns.address(), "OKTA_EMAILS_VERIFIED", "true"),
                List.of(new FailingUpdates(), ITEMS));
        requests = stack.requests;
        // The product's default: Okta's sign-ups join nobody without the operator's opt-in.
        oktaNotOptedIn = new TestStack(
                emulator,
                emulator.endpoint().toString(),
                Timeouts.API,
                clock,
                Map.of("DNS_RESOLVER", dns.address()),
                List.of(new FailingUpdates(), ITEMS));
        // Handlers built after the SES client is swapped for a counted one, so a sender captured at INIT counts too.
        stack.wiring.withEmailSender(new SesEmailSender(emulator.ses(requests), EmulatorExtension.SENDER));
        settings = new SettingsHandler(stack.wiring);
        domains = new DomainsHandler(stack.wiring);
        invites = new InvitesHandler(stack.wiring);
        postSignup = new PostSignupHandler(stack.wiring);
        signupWebhook = new SignupWebhookHandler(stack.wiring);
        domainRecheck = new DomainRecheckHandler(stack.wiring);
        housekeeping = new HousekeepingHandler(stack.wiring);
        InvitationMailHandler sender = new InvitationMailHandler(stack.wiring);
        mail = new SqsEventSource(
                emulator.sqs(),
                SqsEventSource.create(emulator.sqs(), TestStack.QUEUE, 1, TestStack.MAX_RECEIVES),
                emulator.region(),
                event -> sender.handleRequest(event, TestContext.fresh()));
        acmeId = company("Acme", ALICE);
        claim(acmeId, "acme.com", ALICE);
        enroll(acmeId, "acme.com", "auto_join", ALICE);
        globexId = company("Globex", HANK);
        claim(globexId, "globex.com", HANK);
        enroll(globexId, "globex.com", "suggest", HANK);
    }

    // --- coverage: every route, trigger and schedule has a budget, and every budget is measured ---

    @Test
    void everyRouteTriggerAndSchedule_hasABudget() throws IOException {
        Set<String> paths = new TreeSet<>();
        Stream.of(SettingsHandler.ROUTES, DomainsHandler.ROUTES, InvitesHandler.ROUTES, SignupWebhookHandler.ROUTES)
                .forEach(paths::addAll);
        paths.addAll(triggersAndSchedules());
        Set<String> budgeted =
                BUDGETS.values().stream().map(Budget::path).collect(Collectors.toCollection(TreeSet::new));

        assertThat(paths).as("routes, triggers and schedules without a budget").isSubsetOf(budgeted);
        assertThat(budgeted).as("budgets for no route, trigger or schedule").isSubsetOf(paths);
        assertThat(triggersAndSchedules()).contains(SIGNUP, RECHECK, HOUSEKEEPING, MAIL);
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void everyBudget_wasMeasured() {
        assertThat(ROWS.keySet()).as("budgets no test measured").containsExactlyInAnyOrderElementsOf(BUDGETS.keySet());
    }

    // --- post-signup: the Cognito trigger and the webhook ---

    @Test
    void postSignup_autoJoin_costsOneReadAndOneWrite() {
        String sub = UUID.randomUUID().toString();
        Row row = measure("signup.match", () -> signup(sub, "bob@acme.com"));

        // One BatchGetItem reads the domain's claims and the address's open invitations together.
        assertThat(row.calls()).isEqualTo(Map.of("DynamoDb.BatchGetItem", 1, "DynamoDb.TransactWriteItems", 1));
        recordSizes(sub);
    }

    @Test
    void postSignup_duplicateDelivery_writesNothingNew() {
        String sub = UUID.randomUUID().toString();
        signup(sub, "dup@acme.com");
        int itemsBefore = itemCount();

        measure("signup.duplicate", () -> signup(sub, "dup@acme.com"));

        assertThat(itemCount()).isEqualTo(itemsBefore);
    }

    @Test
    void postSignup_noMatch_costsOneRead() {
        Row row = measure("signup.noMatch", () -> signup("ivy", "ivy@initech.com"));

        assertThat(row.calls()).isEqualTo(Map.of("DynamoDb.BatchGetItem", 1));
    }

    @Test
    void postSignup_freeMail_costsOneRead_forTheAddressesOpenInvitations() {
        // People are invited at gmail.com too: the one read is the address's open invitations, never a domain claim.
        measure("signup.freeMail", () -> signup("gina", "gina@gmail.com"));
        measure("signup.disposable", () -> signup("dina", "dina@mailinator.com"));
    }

    @Test
    void postSignup_notAConfirmedVerifiedSignup_costsNothing() {
        measure("signup.unverified", () -> {
            TestStack.invoke(postSignup, TestStack.event("cognito-post-confirmation-unverified.json"));
            TestStack.invoke(postSignup, TestStack.event("cognito-post-confirmation-forgot-password.json"));
        });
    }

    @Test
    void postSignup_suggest_costsOneReadAndOneWrite() {
        measure("signup.suggest", () -> signup(UUID.randomUUID().toString(), "sue@globex.com"));
    }

    @Test
    void postSignup_subdomainAddress_stillOneRead() {
        measure("signup.subdomain", () -> signup(UUID.randomUUID().toString(), "eve@eng.acme.com"));
    }

    @Test
    void autoJoin_intoACompanyWithManyMembers_costsTheSame() {
        for (int i = 0; i < 30; i++) {
            signup(UUID.randomUUID().toString(), "crowd" + i + "@acme.com");
        }

        measure("signup.crowd", () -> signup(UUID.randomUUID().toString(), "late@acme.com"));
    }

    @Test
    void postSignup_invited_acceptsEachOpenInvitation_withOneWriteEach() {
        assertThat(invite(acmeId, ALICE, "pat@gmail.com").status()).isEqualTo(200);
        assertThat(invite(globexId, HANK, "pat@gmail.com").status()).isEqualTo(200);
        String sub = UUID.randomUUID().toString();

        Row row = measure("signup.invited", () -> signup(sub, "pat@gmail.com"));

        assertThat(row.calls()).isEqualTo(Map.of("DynamoDb.GetItem", 3, "DynamoDb.TransactWriteItems", 2));
        assertThat(me(new User(sub, "pat@gmail.com", true)).body().path("companies"))
                .hasSize(2);
    }

    @Test
    void everyHook_autoJoin_costsTwoReadsAndTwoWrites_aRedeliveryOneRead_andAForgeryNothing() {
        for (Providers.Provider provider : Providers.Provider.values()) {
            String name = "hook." + provider.name().toLowerCase();
            String sub = "sub-" + UUID.randomUUID();
            Providers.Delivery delivery = Providers.signup(provider, sub, name + "@acme.com", true);
            measure(name + ".match", () -> assertThat(
                            call(signupWebhook, delivery.event()).status())
                    .as(name)
                    .isIn(200, 204));
            measure(name + ".duplicate", () -> assertThat(
                            call(signupWebhook, delivery.event()).status())
                    .as(name)
                    .isIn(200, 204));
            boolean okta = provider == Providers.Provider.OKTA;
            RequestCounter counted = requests;
            requests = okta ? oktaNotOptedIn.requests : counted;
            measure(name + ".unverified", () -> assertThat(call(
                                    okta ? oktaNotOptedIn.signupWebhook : signupWebhook,
                                    Providers.signup(
                                                    provider,
                                                    "sub-" + UUID.randomUUID(),
                                                    "u." + name + "@acme.com",
                                                    false)
                                            .event())
                            .status())
                    .as(name)
                    .isIn(200, 204));
            requests = counted;
            Providers.Delivery forged = provider == Providers.Provider.FIREBASE
                    ? delivery.withBody(delivery.body().replaceAll("\\.[A-Za-z0-9_-]+\"}}$", ".c2lnbmF0dXJl\"}}"))
                    : Providers.signed(
                            provider,
                            delivery.id(),
                            delivery.body(),
                            Instant.now(),
                            "whsec_"
                                    + java.util.Base64.getEncoder()
                                            .encodeToString("a-secret-nobody-configured-here".getBytes()));
            measure(name + ".badSignature", () -> assertThat(
                            call(signupWebhook, forged.event()).status())
                    .as(name)
                    .isEqualTo(401));
        }
        Providers.Delivery challenge = Providers.signed(
                        Providers.Provider.OKTA, "-", null, Instant.now(), Providers.OKTA_AUTHORIZATION)
                .withHeader("x-okta-verification-challenge", "challenge-123");
        ObjectNode get = http("GET /hooks/okta", Map.of(), null, null);
        challenge.headers().forEach((n, v) -> TestStack.withHeader(get, n, v));
        measure("hook.okta.verification", () -> assertThat(
                        call(signupWebhook, get).body().path("verification").asText())
                .isEqualTo("challenge-123"));
    }

    // --- GET /me, companies, settings ---

    @Test
    void me_readsAtMostTwice_andRepairsWithOneWrite() {
        User bob = User.verified("bob@acme.com");
        measure("me.repair", () -> me(bob));
        measure("me.plain", () -> me(bob));
        measure("me.unverified", () -> me(new User(UUID.randomUUID().toString(), "una@acme.com", false)));
    }

    @Test
    void me_ofAMemberOfManyCompanies_stillReadsTwice() {
        User multi = User.verified("multi@acme.com");
        me(multi); // joins Acme
        for (int i = 0; i < 5; i++) {
            company("Side " + i, multi);
        }

        Row row = measure(
                "me.many", () -> assertThat(me(multi).body().path("companies")).hasSize(6));

        assertThat(row.calls()).containsEntry("DynamoDb.Query", 1);
    }

    @Test
    void companyRoutes_stayWithinBudget() {
        String[] id = new String[1];
        measure("company.create", () -> id[0] = company("Initech", ALICE));
        measure("company.show", () -> assertThat(
                        as(ALICE, "GET " + COMPANY, id[0], Map.of(), null).status())
                .isEqualTo(200));
        measure("company.outsider", () -> assertThat(
                        as(HANK, "GET " + COMPANY, id[0], Map.of(), null).status())
                .isEqualTo(404));
        measure("settings.notify", () -> assertThat(as(
                                ALICE,
                                "PATCH " + COMPANY + "/settings",
                                id[0],
                                Map.of(),
                                "{\"notify\":\"requests_only\"}",
                                "if-match",
                                "\"1\"")
                        .status())
                .isEqualTo(200));
    }

    @Test
    void rename_copiesTheNameOncePerCopy() {
        User rita = User.verified("rita@rename-co.com");
        String renameCo = company("Rename Co", rita);
        claim(renameCo, "rename-co.com", rita);
        enroll(renameCo, "rename-co.com", "auto_join", rita);
        signup(UUID.randomUUID().toString(), "bo@rename-co.com");

        measure("settings.rename", () -> assertThat(as(
                                rita,
                                "PATCH " + COMPANY + "/settings",
                                renameCo,
                                Map.of(),
                                "{\"name\":\"Renamed Co\"}",
                                "if-match",
                                "\"1\"")
                        .status())
                .isEqualTo(200));
    }

    // --- members, join requests, audit ---

    @Test
    void memberRoutes_stayWithinBudget_andARemovedPersonsSignUpIsRefusedOnce() {
        User mo = signup(User.verified("mo@acme.com"));
        User lee = signup(User.verified("lee@acme.com"));

        measure("members.page", () -> assertThat(as(ALICE, "GET " + COMPANY + "/members", acmeId, Map.of(), null)
                        .status())
                .isEqualTo(200));
        measure("members.change", () -> assertThat(
                        // A real change: Mo auto-joined with no company flag (the default), and gets invite.
                        as(
                                        ALICE,
                                        "PATCH " + MEMBER,
                                        acmeId,
                                        Map.of("userId", mo.sub()),
                                        "{\"permissions\":[\"invite\"]}")
                                .status())
                .isEqualTo(200));
        measure("members.remove", () -> assertThat(
                        as(ALICE, "DELETE " + MEMBER, acmeId, Map.of("userId", mo.sub()), null)
                                .status())
                .isEqualTo(204));
        measure("members.leave", () -> assertThat(as(lee, "DELETE " + MEMBER, acmeId, Map.of("userId", lee.sub()), null)
                        .status())
                .isEqualTo(204));
        measure("signup.removed", () -> signup(UUID.randomUUID().toString(), "mo@acme.com"));
        measure("audit.page", () -> assertThat(as(ALICE, "GET " + COMPANY + "/audit", acmeId, Map.of(), null)
                        .status())
                .isEqualTo(200));
    }

    @Test
    void teamRoutes_stayWithinBudget() {
        String co = company("Teamco", ALICE);
        User tess = signup(User.verified("tess@acme.com"));
        String[] team = new String[1];
        String general = as(ALICE, "GET " + TEAMS, co, Map.of(), null)
                .body()
                .path("items")
                .get(0)
                .path("id")
                .asText();

        measure("teams.list", () -> assertThat(
                        as(ALICE, "GET " + TEAMS, co, Map.of(), null).status())
                .isEqualTo(200));
        measure("teams.archiveLast", () -> assertThat(
                        as(ALICE, "POST " + TEAM + "/archive", co, Map.of("teamId", general), null)
                                .status())
                .isEqualTo(409));
        measure(
                "teams.create",
                () -> team[0] = as(ALICE, "POST " + TEAMS, co, Map.of(), "{\"name\":\"Design\"}")
                        .body()
                        .path("id")
                        .asText());
        measure("teams.rename", () -> assertThat(
                        as(ALICE, "PATCH " + TEAM, co, Map.of("teamId", team[0]), "{\"name\":\"Designers\"}")
                                .status())
                .isEqualTo(200));
        measure("teams.archive", () -> assertThat(
                        as(ALICE, "POST " + TEAM + "/archive", co, Map.of("teamId", team[0]), null)
                                .status())
                .isEqualTo(200));
        measure("teams.restore", () -> assertThat(
                        as(ALICE, "POST " + TEAM + "/restore", co, Map.of("teamId", team[0]), null)
                                .status())
                .isEqualTo(200));
        // Tess is in Acme, not in Teamco: Alice puts Tess's Acme membership in an Acme team.
        String acmeTeam = as(ALICE, "GET " + TEAMS, acmeId, Map.of(), null)
                .body()
                .path("items")
                .get(0)
                .path("id")
                .asText();
        Map<String, String> tessInTeam = Map.of("teamId", acmeTeam, "userId", tess.sub());
        measure("teams.put", () -> assertThat(
                        as(ALICE, "PUT " + TEAM_MEMBER, acmeId, tessInTeam, "{\"permissions\":[\"post_jobs\"]}")
                                .status())
                .isEqualTo(200));
        measure("teams.grantRefused", () -> assertThat(
                        as(tess, "PUT " + TEAM_MEMBER, acmeId, tessInTeam, "{\"permissions\":[\"hire\"]}")
                                .status())
                .isEqualTo(403));
        measure("teams.remove", () -> assertThat(as(ALICE, "DELETE " + TEAM_MEMBER, acmeId, tessInTeam, null)
                        .status())
                .isEqualTo(204));
    }

    @Test
    void joinRequestRoutes_stayWithinBudget() {
        User ivy = signup(User.verified("ivy@globex.com"));
        User jo = signup(User.verified("jo@globex.com"));
        as(jo, "POST " + JOIN_REQUESTS, globexId, Map.of(), null);

        measure("requests.open", () -> assertThat(as(ivy, "POST " + JOIN_REQUESTS, globexId, Map.of(), null)
                        .status())
                .isEqualTo(201));
        measure("requests.again", () -> assertThat(as(ivy, "POST " + JOIN_REQUESTS, globexId, Map.of(), null)
                        .status())
                .isEqualTo(200));
        measure("requests.page", () -> assertThat(as(HANK, "GET " + JOIN_REQUESTS, globexId, Map.of(), null)
                        .body()
                        .path("items"))
                .hasSize(2));
        measure("requests.approve", () -> assertThat(as(
                                HANK,
                                "POST " + JOIN_REQUESTS + "/{userId}/approve",
                                globexId,
                                Map.of("userId", ivy.sub()),
                                null)
                        .status())
                .isEqualTo(200));
        User kim = signup(User.verified("kim@globex.com"));
        as(kim, "POST " + JOIN_REQUESTS, globexId, Map.of(), null);
        String teams = "{\"teams\":{\"" + firstTeam(globexId, HANK) + "\":[\"hire\"]}}";
        measure("requests.approveTeams", () -> assertThat(as(
                                HANK,
                                "POST " + JOIN_REQUESTS + "/{userId}/approve",
                                globexId,
                                Map.of("userId", kim.sub()),
                                teams)
                        .status())
                .isEqualTo(200));
        measure("requests.decline", () -> assertThat(as(
                                HANK,
                                "POST " + JOIN_REQUESTS + "/{userId}/decline",
                                globexId,
                                Map.of("userId", jo.sub()),
                                null)
                        .status())
                .isEqualTo(200));
    }

    // --- invitations ---

    @Test
    void invitationRoutes_stayWithinBudget_andABulkCostsOneWriteAndOneEmailPerAddress() {
        measure("invites.one", () -> assertThat(invite(acmeId, ALICE, "nia@initech.com")
                        .body()
                        .path("results")
                        .get(0)
                        .path("status")
                        .asText())
                .isEqualTo("invited"));
        String[] bulk = IntStream.range(0, 10)
                .mapToObj(i -> "bulk" + i + "@initech.com")
                .toArray(String[]::new);
        measure("invites.bulk", () -> assertThat(invite(acmeId, ALICE, bulk).status())
                .isEqualTo(200));
        String[] hundred = IntStream.range(0, 100)
                .mapToObj(i -> "hundred" + i + "@initech.com")
                .toArray(String[]::new);
        Row row = measure("invites.bulk100", () -> assertThat(
                        invite(acmeId, ALICE, hundred).body().path("results").findValuesAsText("status"))
                .hasSize(100)
                .containsOnly("invited"));
        assertThat(row.calls())
                .as("reads: one BatchGetItem per 100 addresses for each kind of key; no Query per address")
                .containsEntry("DynamoDb.BatchGetItem", 2)
                .doesNotContainKey("DynamoDb.Query");
        mail.drain();
        invite(acmeId, ALICE, "una@initech.com");
        measure("mail.one", () -> assertThat(mail.drain()).isEqualTo(1));
        measure("invites.already", () -> assertThat(invite(acmeId, ALICE, "nia@initech.com")
                        .body()
                        .path("results")
                        .get(0)
                        .path("status")
                        .asText())
                .isEqualTo("already_invited"));
        measure("invites.page", () -> assertThat(
                        as(ALICE, "GET " + INVITES, acmeId, Map.of(), null).status())
                .isEqualTo(200));

        String resent = inviteId(invite(acmeId, ALICE, "rae@initech.com"));
        measure("invites.resend", () -> assertThat(
                        as(ALICE, "POST " + INVITES + "/{inviteId}/resend", acmeId, Map.of("inviteId", resent), null)
                                .status())
                .isEqualTo(200));
        String revoked = inviteId(invite(acmeId, ALICE, "rob@initech.com"));
        measure("invites.revoke", () -> assertThat(
                        as(ALICE, "DELETE " + INVITES + "/{inviteId}", acmeId, Map.of("inviteId", revoked), null)
                                .status())
                .isEqualTo(204));

        String token = lastLink(INVITE_LINK, "nia@initech.com");
        measure("invites.show", () -> assertThat(TestStack.open(
                                invites,
                                TestStack.sample("http-get-invite-page.json", Map.of("token", token), null, null))
                        .status())
                .isEqualTo(200));
        measure("invites.head", () -> assertThat(TestStack.open(
                                invites,
                                TestStack.sample("http-head-invite-page.json", Map.of("token", token), null, null))
                        .status())
                .isEqualTo(200));
        measure("invites.accept", () -> assertThat(
                        accept(token, User.verified("nia@initech.com")).status())
                .isEqualTo(200));

        String teamed = "{\"invites\":[{\"email\":\"tia@initech.com\",\"teams\":{\"" + firstTeam(acmeId, ALICE)
                + "\":[\"post_jobs\"]}}]}";
        measure("invites.teams", () -> assertThat(
                        as(ALICE, "POST " + INVITES, acmeId, Map.of(), teamed).status())
                .isEqualTo(200));
        String teamToken = lastLink(INVITE_LINK, "tia@initech.com");
        measure("invites.acceptTeams", () -> assertThat(
                        accept(teamToken, User.verified("tia@initech.com")).status())
                .isEqualTo(200));
    }

    private static String firstTeam(String companyId, User member) {
        return as(member, "GET " + TEAMS, companyId, Map.of(), null)
                .body()
                .path("items")
                .get(0)
                .path("id")
                .asText();
    }

    @Test
    void anExpiredInvitation_isRecordedOnceWhenUsed() {
        invite(acmeId, ALICE, "old@initech.com");
        String token = lastLink(INVITE_LINK, "old@initech.com");
        clock.advance(Duration.ofDays(8));

        measure("invites.expired", () -> assertThat(
                        accept(token, User.verified("old@initech.com")).status())
                .isEqualTo(410));
    }

    // --- domains ---

    @Test
    void domainRoutes_stayWithinBudget() {
        User erin = User.verified("erin@erin-co.com");
        String erinCo = company("ErinCo", erin);
        measure(
                "domains.claim",
                () -> assertThat(claim(erinCo, "erin-co.com", erin).status()).isEqualTo(201));
        measure("domains.enroll", () -> assertThat(
                        enroll(erinCo, "erin-co.com", "suggest", erin).status())
                .isEqualTo(200));
        measure("domains.list", () -> assertThat(
                        as(erin, "GET " + DOMAINS, erinCo, Map.of(), null).status())
                .isEqualTo(200));
        // One read, and one conditional write: the per-client-address rate counter.
        measure("domains.discovery", () -> {
            ObjectNode event = http("GET /discovery", Map.of(), null, null);
            event.putObject("queryStringParameters").put("email", "x@erin-co.com");
            assertThat(call(domains, event).status()).isEqualTo(200);
        });

        measure("domains.claimLink", () -> assertThat(claimWith(
                                erinCo,
                                "{\"domain\":\"erin-mail.com\",\"method\":\"email\","
                                        + "\"verificationEmail\":\"it@erin-mail.com\"}",
                                erin)
                        .status())
                .isEqualTo(201));
        String link = lastLink(DOMAIN_LINK, "it@erin-mail.com");
        measure("domains.linkPage", () -> assertThat(
                        TestStack.open(domains, verificationLink("GET", link)).status())
                .isEqualTo(200));
        measure("domains.linkConfirm", () -> assertThat(
                        TestStack.open(domains, verificationLink("POST", link)).status())
                .isEqualTo(200));
    }

    @Test
    void dnsProofs_stayWithinBudget_includingADisplacement() {
        User dan = User.verified("dan@consultancy-dns.io");
        String danCo = company("DanCo", dan);
        measure("domains.claimDns", () -> assertThat(claimByDns(danCo, "dan-dns.com", dan))
                .isNotBlank());
        measure("domains.checkMissing", () -> assertThat(
                        check(danCo, "dan-dns.com", dan).path("checkResult").asText())
                .isEqualTo("record_missing"));
        publish(danCo, "dan-dns.com", dan);
        measure("domains.checkFound", () -> assertThat(
                        check(danCo, "dan-dns.com", dan).path("status").asText())
                .isEqualTo("verified"));

        User pam = User.verified("pam@papa-co.com");
        String papaCo = company("Papa", pam);
        claim(papaCo, "papa-co.com", pam);
        claimByDns(danCo, "papa-co.com", dan);
        publish(danCo, "papa-co.com", dan);
        measure("domains.checkDisplaces", () -> assertThat(
                        check(danCo, "papa-co.com", dan).path("status").asText())
                .isEqualTo("verified"));

        // Released again, so no DNS-verified claim is left for the schedule rows of another test.
        measure("domains.release", () -> assertThat(release(danCo, "dan-dns.com", dan))
                .isEqualTo(204));
        assertThat(release(danCo, "papa-co.com", dan)).isEqualTo(204);
    }

    // --- schedules ---

    @Test
    void domainRecheckSchedule_costsOneQueryAndOneWritePerDueDomain() {
        User rob = User.verified("rob@consultancy-recheck.io");
        String romeo = company("Romeo", rob);
        claimByDns(romeo, "romeo-d.com", rob);
        publish(romeo, "romeo-d.com", rob);
        assertThat(check(romeo, "romeo-d.com", rob).path("status").asText()).isEqualTo("verified");

        measure("recheck.none", () -> assertThat(recheck().path("checked").asInt())
                .isZero());
        dns.publish("_autojoin-challenge.romeo-d.com", List.of());
        clock.advance(Duration.ofHours(25));
        measure("recheck.failing", () -> assertThat(recheck().path("failing").asInt())
                .isEqualTo(1));
        clock.advance(Duration.ofHours(7));
        measure("recheck.inGrace", () -> assertThat(recheck().path("failing").asInt())
                .isEqualTo(1));
        clock.advance(Duration.ofHours(72));
        measure("recheck.lapsed", () -> assertThat(recheck().path("unverified").asInt())
                .isEqualTo(1));

        List<String> three = List.of("romeo-a.com", "romeo-b.com", "romeo-c.com");
        for (String domain : three) {
            claimByDns(romeo, domain, rob);
            publish(romeo, domain, rob);
            assertThat(check(romeo, domain, rob).path("status").asText()).isEqualTo("verified");
        }
        clock.advance(Duration.ofHours(25));
        measure("recheck.pass", () -> assertThat(recheck().path("passed").asInt())
                .isEqualTo(3));
        three.forEach(domain -> assertThat(release(romeo, domain, rob)).isEqualTo(204));
    }

    @Test
    void housekeepingSchedule_costsPerCompanyWithNews_andPerCopyOfAnUnfinishedRename() {
        housekeeping(); // whatever other tests left pending
        measure(
                "housekeeping.none",
                () -> assertThat(housekeeping().path("notices").asInt()).isZero());

        User dee = User.verified("dee@digest-one.com");
        String one = company("Digest One", dee);
        claim(one, "digest-one.com", dee);
        enroll(one, "digest-one.com", "auto_join", dee);
        for (int i = 0; i < 3; i++) {
            signup(UUID.randomUUID().toString(), "joiner" + i + "@digest-one.com");
        }
        measure(
                "housekeeping.digest",
                () -> assertThat(housekeeping().path("emails").asInt()).isEqualTo(1));

        User tim = User.verified("tim@digest-two.com");
        String two = company("Digest Two", tim);
        claim(two, "digest-two.com", tim);
        enroll(two, "digest-two.com", "auto_join", tim);
        signup(UUID.randomUUID().toString(), "later@digest-one.com");
        signup(UUID.randomUUID().toString(), "later@digest-two.com");
        measure(
                "housekeeping.digests",
                () -> assertThat(housekeeping().path("emails").asInt()).isEqualTo(2));

        UPDATES_FAIL.set(true);
        try {
            assertThat(as(
                                    tim,
                                    "PATCH " + COMPANY + "/settings",
                                    two,
                                    Map.of(),
                                    "{\"name\":\"Digest Deux\"}",
                                    "if-match",
                                    "\"1\"")
                            .status())
                    .isEqualTo(200);
        } finally {
            UPDATES_FAIL.set(false);
        }
        measure("housekeeping.rename", () -> assertThat(
                        housekeeping().path("renamesUnfinished").asInt())
                .isZero());
        assertThat(me(tim).body().path("companies").get(0).path("name").asText())
                .isEqualTo("Digest Deux");
    }

    @Test
    void shadowCompanies_offeredInGetMe_toldOnceByTheSchedule_listedToTheCapturingAdmins() {
        housekeeping(); // whatever other tests left pending
        User sam = User.verified("sam@shadow-budget.com");
        String samCo = company("Sam's", sam);
        User tia = User.verified("tia@shadow-budget.com");
        String tiaCo = company("Tia's", tia);
        User ada = User.verified("ada@shadow-budget.com");
        String acme = company("Acme Budget", ada);
        claimByDns(acme, "shadow-budget.com", ada);
        publish(acme, "shadow-budget.com", ada);
        check(acme, "shadow-budget.com", ada);
        assertThat(as(
                                ada,
                                "PATCH " + DOMAIN,
                                acme,
                                Map.of("domain", "shadow-budget.com"),
                                "{\"enrollment\":\"auto_join\",\"capture\":true}")
                        .status())
                .isEqualTo(200);

        measure("housekeeping.capture", () -> assertThat(
                        housekeeping().path("shadowCompaniesTold").asInt())
                .isEqualTo(2));
        measure("domains.peopleOutside", () -> assertThat(
                        as(ada, "GET " + DOMAIN + "/people-outside", acme, Map.of("domain", "shadow-budget.com"), null)
                                .body()
                                .path("items"))
                .hasSize(2));
        measure("me.offer", () -> assertThat(
                        me(sam).body().path("suggestions").get(0).path("status").asText())
                .isEqualTo("offered"));
        me(tia);
        measure("me.offerJoin", () -> assertThat(
                        call(settings, http("POST /me/offers/{companyId}/join", Map.of("companyId", acme), null, sam))
                                .status())
                .isEqualTo(200));
        measure("me.offerKeep", () -> assertThat(
                        call(settings, http("POST /me/offers/{companyId}/keep", Map.of("companyId", acme), null, tia))
                                .status())
                .isEqualTo(204));
        assertThat(samCo).isNotEqualTo(tiaCo);
        // Released, so no DNS-verified claim is left for the schedule rows of another test.
        assertThat(release(acme, "shadow-budget.com", ada)).isEqualTo(204);
    }

    // --- the lookups that once read a whole company's memberships: the same in a company of 5 and of 40 ---

    @Test
    void findingAFewMembers_readsTheSameItems_inACompanyOf5AndOf40() {
        User pat = User.verified("pat@consultancy-bound.io");
        String prover = company("Bound Prover", pat);

        Map<String, Row> five = lookupsIn(5, prover, pat);
        Map<String, Row> forty = lookupsIn(40, prover, pat);

        five.forEach((lookup, small) -> {
            Row big = forty.get(lookup);
            assertThat(big.calls()).as(lookup + ": requests, 40 members vs 5").isEqualTo(small.calls());
            assertThat(big.items()).as(lookup + ": items read, 40 members vs 5").isEqualTo(small.items());
        });
        assertThat(five.get("invites").calls())
                .as("one BatchGetItem of the addresses' member items, one of their open invitations: no Query")
                .containsEntry("DynamoDb.BatchGetItem", 2)
                .doesNotContainKey("DynamoDb.Query");
    }

    /**
     * A company of {@code size} members (its owner, an admin, members seeded as the stores write them, and one who
     * joins by auto-join), then the digest of that join, an invitation of 2 addresses (one a member) and another
     * company's DNS proof displacing its claim, which tells its admins.
     */
    private static Map<String, Row> lookupsIn(int size, String prover, User pat) {
        String domain = "bound-" + size + ".com";
        User owner = User.verified("owner@" + domain);
        String id = company("Bound " + size, owner);
        claim(id, domain, owner);
        enroll(id, domain, "auto_join", owner);
        List<Membership> seeded = new ArrayList<>();
        seeded.add(seeded(id, "admin@" + domain, Role.ADMIN, Set.of()));
        for (int i = 0; i < size - 3; i++) {
            seeded.add(seeded(id, "m" + i + "@" + domain, Role.MEMBER, Set.of(Permission.PAY)));
        }
        TableSeed.members(emulator.dynamoDb(), EmulatorExtension.TABLE, seeded);
        housekeeping(); // whatever other tests left pending
        signup(UUID.randomUUID().toString(), "joiner@" + domain);

        Map<String, Row> rows = new LinkedHashMap<>();
        rows.put("digest", measure("bound.digest" + size, () -> assertThat(
                        housekeeping().path("emails").asInt())
                .isEqualTo(2)));
        rows.put("invites", measure("bound.invites" + size, () -> {
            List<String> statuses = new ArrayList<>();
            invite(id, owner, "M0@" + domain, "new@" + domain)
                    .body()
                    .path("results")
                    .forEach(r -> statuses.add(r.path("status").asText()));
            assertThat(statuses).containsExactly("already_member", "invited");
        }));
        claimByDns(prover, domain, pat);
        publish(prover, domain, pat);
        rows.put("displaces", measure("bound.displaces" + size, () -> assertThat(
                        check(prover, domain, pat).path("status").asText())
                .isEqualTo("verified")));
        assertThat(release(prover, domain, pat)).isEqualTo(204);
        return rows;
    }

    private static Membership seeded(String companyId, String email, Role role, Set<Permission> permissions) {
        EmailAddress address = EmailAddress.parse(email);
        return new Membership(
                companyId,
                "Bound",
                UUID.randomUUID().toString(),
                address,
                role,
                permissions,
                new Provenance(ProvenanceType.AUTO_JOIN, address.domain(), Actor.policy(), clock.instant()));
    }

    @AfterAll
    static void writeTableAndStopDns() throws IOException {
        try {
            writeTable();
        } finally {
            dns.close();
        }
    }

    private static void writeTable() throws IOException {
        StringBuilder md = new StringBuilder();
        md.append(
                "| route or trigger | case | DynamoDB requests | reads | items read | writes | SES | budget (reads / writes / SES) |\n");
        md.append("|---|---|---|---:|---:|---:|---:|---|\n");
        for (Budget budget : BUDGETS.values()) {
            Row row = ROWS.get(budget.id());
            if (row == null) {
                continue;
            }
            String calls = row.calls().entrySet().stream()
                    .filter(e -> e.getKey().startsWith("DynamoDb."))
                    .map(e -> e.getValue() + " " + e.getKey().substring("DynamoDb.".length()))
                    .collect(Collectors.joining(" + "));
            md.append("| ")
                    .append(budget.path())
                    .append(" | ")
                    .append(budget.operation())
                    .append(" | ")
                    .append(calls.isEmpty() ? "none" : calls)
                    .append(" | ")
                    .append(row.reads())
                    .append(" | ")
                    .append(row.items())
                    .append(" | ")
                    .append(row.writes())
                    .append(" | ")
                    .append(row.emails())
                    .append(" | ≤ ")
                    .append(budget.reads())
                    .append(" / ≤ ")
                    .append(budget.writes())
                    .append(" / ≤ ")
                    .append(budget.emails())
                    .append(" |\n");
        }
        if (!SIZES.isEmpty()) {
            md.append("\n| item on the auto-join path | size (bytes, DynamoDB rules) | capacity per request |\n");
            md.append("|---|---:|---|\n");
            SIZES.forEach(line -> md.append(line).append('\n'));
        }
        Path out = Path.of(System.getProperty("buildDirectory", "target"), "request-budgets.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, md.toString());
        System.out.println("Request budgets (" + out + "):\n" + md);
    }

    private static Map<String, Budget> budgets(Budget... budgets) {
        Map<String, Budget> byId = new LinkedHashMap<>();
        for (Budget budget : budgets) {
            assertThat(byId.put(budget.id(), budget))
                    .as("budget id " + budget.id())
                    .isNull();
        }
        return byId;
    }

    /** Runs {@code action} and holds what it cost to the budget named {@code id}. */
    private static Row measure(String id, Runnable action) {
        Budget budget = BUDGETS.get(id);
        assertThat(budget).as("a budget named " + id).isNotNull();
        requests.reset();
        ITEMS.reset();
        action.run();
        Row row = new Row(budget, requests.snapshot(), ITEMS.count());
        ROWS.put(id, row);
        String what = budget.path() + ", " + budget.operation() + ": " + row.calls();
        assertThat(row.reads()).as(what + " reads").isLessThanOrEqualTo(budget.reads());
        assertThat(row.writes()).as(what + " writes").isLessThanOrEqualTo(budget.writes());
        assertThat(row.emails()).as(what + " emails").isLessThanOrEqualTo(budget.emails());
        return row;
    }

    /** "Cognito PostConfirmation" per user pool trigger, "Schedule Function.Event" per scheduled event. */
    private static Set<String> triggersAndSchedules() throws IOException {
        JsonNode template = new ObjectMapper(new YAMLFactory())
                .readTree(TestStack.repo().resolve("template.yaml").toFile());
        Set<String> paths = new TreeSet<>();
        template.path("Resources").fields().forEachRemaining(resource -> {
            JsonNode properties = resource.getValue().path("Properties");
            switch (resource.getValue().path("Type").asText()) {
                case "AWS::Cognito::UserPool" -> properties
                        .path("LambdaConfig")
                        .fieldNames()
                        .forEachRemaining(trigger -> paths.add("Cognito " + trigger));
                case "AWS::Serverless::Function" -> properties
                        .path("Events")
                        .fields()
                        .forEachRemaining(event -> {
                            if (event.getValue().path("Type").asText().startsWith("Schedule")) {
                                paths.add("Schedule " + resource.getKey() + "." + event.getKey());
                            }
                            if (event.getValue().path("Type").asText().equals("SQS")) {
                                paths.add("SQS " + resource.getKey() + "." + event.getKey());
                            }
                        });
                default -> {}
            }
        });
        return paths;
    }

    /** Counts the items each DynamoDB read returned or, for a Query or Scan, evaluated (billed by them). */
    private static final class ItemsRead implements ExecutionInterceptor {
        private final AtomicInteger items = new AtomicInteger();

        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            SdkResponse response = context.response();
            if (response instanceof QueryResponse query) {
                items.addAndGet(query.scannedCount());
            } else if (response instanceof ScanResponse scan) {
                items.addAndGet(scan.scannedCount());
            } else if (response instanceof GetItemResponse get) {
                items.addAndGet(get.hasItem() && !get.item().isEmpty() ? 1 : 0);
            } else if (response instanceof BatchGetItemResponse batch) {
                batch.responses().values().forEach(found -> items.addAndGet(found.size()));
            } else if (response instanceof TransactGetItemsResponse transact) {
                transact.responses().forEach(found -> items.addAndGet(found.hasItem() ? 1 : 0));
            }
        }

        int count() {
            return items.get();
        }

        void reset() {
            items.set(0);
        }
    }

    /** Fails DynamoDB UpdateItem calls while {@link #UPDATES_FAIL} is set. */
    private static final class FailingUpdates implements ExecutionInterceptor {
        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (UPDATES_FAIL.get()
                    && "UpdateItem".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
                throw SdkClientException.create("injected: UpdateItem fails");
            }
        }
    }

    /** Sizes of the claim read and the two items the auto-join writes, read back from the table. */
    private static void recordSizes(String sub) {
        Map<String, AttributeValue> membership = item("COMPANY#" + acmeId, "MEMBER#" + sub);
        Map<String, AttributeValue> claim = item("DOMAIN#acme.com", "CLAIM");
        Map<String, AttributeValue> audit = emulator
                .dynamoDb()
                .query(b -> b.tableName(EmulatorExtension.TABLE)
                        .keyConditionExpression("PK = :pk AND begins_with(SK, :audit)")
                        .expressionAttributeValues(Map.of(
                                ":pk",
                                AttributeValue.fromS("COMPANY#" + acmeId),
                                ":audit",
                                AttributeValue.fromS("AUDIT#"))))
                .items()
                .stream()
                .filter(item -> item.toString().contains(sub))
                .findFirst()
                .orElseThrow();
        SIZES.clear();
        SIZES.add(sizeRow("domain claim (read, eventually consistent)", claim, "0.5 RRU (≤ 4 KB)"));
        SIZES.add(sizeRow(
                "membership and its address item (transactional writes, GSI1)",
                membership,
                "2 WRU + 2 WRU + 2 GSI1 WRU (≤ 1 KB each: the membership and its address item are each in GSI1)"));
        SIZES.add(sizeRow("audit entry (transactional write)", audit, "2 WRU (≤ 1 KB)"));
        assertThat(size(membership)).isLessThanOrEqualTo(1024);
        assertThat(size(audit)).isLessThanOrEqualTo(1024);
        assertThat(size(claim)).isLessThanOrEqualTo(4096);
    }

    private static String sizeRow(String what, Map<String, AttributeValue> item, String units) {
        return "| " + what + " | " + size(item) + " | " + units + " |";
    }

    /** The item size DynamoDB bills by: attribute names plus values, per the documented rules. */
    static int size(Map<String, AttributeValue> item) {
        return item.entrySet().stream()
                .mapToInt(e -> utf8(e.getKey()) + size(e.getValue()))
                .sum();
    }

    private static int size(AttributeValue value) {
        return switch (value.type()) {
            case S -> utf8(value.s());
            case N -> number(value.n());
            case B -> value.b().asByteArray().length;
            case BOOL, NUL -> 1;
            case SS -> value.ss().stream().mapToInt(RequestBudgetsIT::utf8).sum();
            case NS -> value.ns().stream().mapToInt(RequestBudgetsIT::number).sum();
            case BS -> value.bs().stream().mapToInt(b -> b.asByteArray().length).sum();
            case L -> 3 + value.l().stream().mapToInt(v -> 1 + size(v)).sum();
            case M -> 3
                    + value.m().entrySet().stream()
                            .mapToInt(e -> 1 + utf8(e.getKey()) + size(e.getValue()))
                            .sum();
            default -> throw new IllegalArgumentException("unknown attribute type " + value);
        };
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static int number(String n) {
        BigDecimal d = new BigDecimal(n).stripTrailingZeros();
        return (d.precision() + 1) / 2 + 1;
    }

    private static Map<String, AttributeValue> item(String pk, String sk) {
        Map<String, AttributeValue> item = emulator.dynamoDb()
                .getItem(b -> b.tableName(EmulatorExtension.TABLE)
                        .key(Map.of("PK", AttributeValue.fromS(pk), "SK", AttributeValue.fromS(sk))))
                .item();
        assertThat(item).as(pk + " " + sk).isNotEmpty();
        return item;
    }

    private static int itemCount() {
        return emulator.dynamoDb()
                .scan(b -> b.tableName(EmulatorExtension.TABLE).select("COUNT"))
                .count();
    }

    // --- calls, as the API, Cognito and EventBridge make them ---

    private static void signup(String sub, String email) {
        TestStack.invoke(postSignup, TestStack.cognitoSignup(sub, email, "true"));
    }

    private static User signup(User user) {
        signup(user.sub(), user.email());
        return user;
    }

    private static JsonNode recheck() {
        return TestStack.schedule(domainRecheck, "scheduled-recheck.json");
    }

    private static JsonNode housekeeping() {
        return TestStack.schedule(housekeeping, "eventbridge-scheduled.json");
    }

    private static Reply me(User user) {
        Reply reply = call(settings, http("GET /me", Map.of(), null, user));
        assertThat(reply.status()).isEqualTo(200);
        return reply;
    }

    /** A route as {@code user}, on company {@code companyId}, through the handler that serves it. */
    private static Reply as(
            User user,
            String routeKey,
            String companyId,
            Map<String, String> pathParameters,
            String body,
            String... headers) {
        Map<String, String> params = new HashMap<>(pathParameters);
        params.put("companyId", companyId);
        ObjectNode event = http(routeKey, params, body, user);
        for (int i = 0; i < headers.length; i += 2) {
            TestStack.withHeader(event, headers[i], headers[i + 1]);
        }
        return call(handlerOf(routeKey), event);
    }

    private static HttpFunction handlerOf(String routeKey) {
        if (InvitesHandler.ROUTES.contains(routeKey)) {
            return invites;
        }
        return DomainsHandler.ROUTES.contains(routeKey) ? domains : settings;
    }

    private static String company(String name, User owner) {
        Reply created = call(settings, http("POST /companies", Map.of(), "{\"name\":\"" + name + "\"}", owner));
        assertThat(created.status()).isEqualTo(201);
        return created.body().path("id").asText();
    }

    /** Claims {@code domain} by the caller's own email there (affiliation). */
    private static Reply claim(String companyId, String domain, User user) {
        Reply claimed = claimWith(companyId, "{\"domain\":\"" + domain + "\",\"method\":\"email\"}", user);
        assertThat(claimed.status()).as(String.valueOf(claimed.body())).isIn(200, 201);
        return claimed;
    }

    private static Reply claimWith(String companyId, String body, User user) {
        return as(user, "POST " + DOMAINS, companyId, Map.of(), body);
    }

    /** Claims {@code domain} by DNS; the TXT value to publish. */
    private static String claimByDns(String companyId, String domain, User user) {
        Reply claimed = claimWith(companyId, "{\"domain\":\"" + domain + "\",\"method\":\"dns\"}", user);
        assertThat(claimed.status()).as(String.valueOf(claimed.body())).isEqualTo(201);
        return claimed.body().path("dnsRecord").path("value").asText();
    }

    /** Publishes the company's TXT record for {@code domain}, read from its claim. */
    private static void publish(String companyId, String domain, User user) {
        for (JsonNode item :
                as(user, "GET " + DOMAINS, companyId, Map.of(), null).body().path("items")) {
            if (item.path("domain").asText().equals(domain)) {
                JsonNode record = item.path("dnsRecord");
                dns.publish(
                        record.path("name").asText(),
                        List.of(record.path("value").asText()));
                return;
            }
        }
        throw new AssertionError(companyId + " has no claim on " + domain);
    }

    private static JsonNode check(String companyId, String domain, User user) {
        Reply checked = as(user, "POST " + DOMAIN + "/check", companyId, Map.of("domain", domain), null);
        assertThat(checked.status()).as(String.valueOf(checked.body())).isEqualTo(200);
        return checked.body();
    }

    private static int release(String companyId, String domain, User user) {
        return as(user, "DELETE " + DOMAIN, companyId, Map.of("domain", domain), null)
                .status();
    }

    private static Reply enroll(String companyId, String domain, String enrollment, User user) {
        Reply patched = as(
                user,
                "PATCH " + DOMAIN,
                companyId,
                Map.of("domain", domain),
                "{\"enrollment\":\"" + enrollment + "\"}");
        assertThat(patched.status()).as(String.valueOf(patched.body())).isEqualTo(200);
        return patched;
    }

    private static ObjectNode verificationLink(String method, String token) {
        ObjectNode event = http(method + " /domain-verifications/{token}", Map.of("token", token), null, null);
        ((ObjectNode) event.path("headers")).put("accept", "text/html");
        return event;
    }

    private static Reply invite(String companyId, User inviter, String... emails) {
        String list =
                Stream.of(emails).map(email -> "{\"email\":\"" + email + "\"}").collect(Collectors.joining(","));
        Reply reply = as(inviter, "POST " + INVITES, companyId, Map.of(), "{\"invites\":[" + list + "]}");
        assertThat(reply.status()).as(String.valueOf(reply.body())).isEqualTo(200);
        return reply;
    }

    private static String inviteId(Reply invited) {
        return invited.body().path("results").get(0).path("inviteId").asText();
    }

    private static Reply accept(String token, User user) {
        return call(invites, TestStack.sample("http-post-invite-accept.json", Map.of("token", token), null, user));
    }

    /** The token of the last link matching {@code link} mailed to {@code address}. */
    private static String lastLink(Pattern link, String address) {
        mail.drain();
        List<Emulator.SentEmail> sent = emulator.sentEmails().stream()
                .filter(e -> e.to().contains(address))
                .toList();
        assertThat(sent).as("emails to " + address).isNotEmpty();
        Matcher matcher = link.matcher(sent.get(sent.size() - 1).text());
        assertThat(matcher.find()).as("a link in the email to " + address).isTrue();
        return matcher.group(1);
    }
}
