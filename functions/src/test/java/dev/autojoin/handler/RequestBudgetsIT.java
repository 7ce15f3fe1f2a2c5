package dev.autojoin.handler;

import static dev.autojoin.handler.TestStack.call;
import static dev.autojoin.handler.TestStack.http;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autojoin.adapter.ses.SesEmailSender;
import dev.autojoin.app.SignupWebhookVerifier;
import dev.autojoin.config.Timeouts;
import dev.autojoin.handler.TestStack.Reply;
import dev.autojoin.handler.TestStack.User;
import dev.autojoin.testing.Emulator;
import dev.autojoin.testing.EmulatorExtension;
import dev.autojoin.testing.RequestCounter;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Requests per operation (DESIGN §6): every built route and every path of the sign-up trigger, counted with an SDK
 * interceptor on both DynamoDB and SES, each held to a budget. Writes {@code target/request-budgets.md}, the table
 * docs/PERFORMANCE.md quotes, with the sizes of the items the hot path reads and writes.
 */
@ExtendWith(EmulatorExtension.class)
class RequestBudgetsIT {
    private static final Set<String> READS = Set.of("GetItem", "BatchGetItem", "Query", "Scan", "TransactGetItems");
    private static final Set<String> WRITES =
            Set.of("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems");
    private static final User ALICE = User.verified("alice@acme.com");
    private static final Map<String, Row> ROWS = new TreeMap<>();
    private static final List<String> SIZES = new ArrayList<>();

    private static Emulator emulator;
    private static RequestCounter requests;
    private static SettingsHandler settings;
    private static DomainsHandler domains;
    private static PostSignupHandler postSignup;
    private static String acmeId;

    /** One measured operation: what it cost against what it may cost. */
    record Row(String order, String operation, Map<String, Integer> calls, int maxReads, int maxWrites, int maxEmails) {
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
        TestStack stack = new TestStack(emulator, Timeouts.TRIGGER);
        requests = stack.requests;
        // Handlers built after the SES client is swapped for a counted one, so a sender captured at INIT counts too.
        stack.wiring.withEmailSender(new SesEmailSender(emulator.ses(requests), EmulatorExtension.SENDER));
        settings = new SettingsHandler(stack.wiring);
        domains = new DomainsHandler(stack.wiring);
        postSignup = new PostSignupHandler(stack.wiring);
        acmeId = company("Acme", ALICE);
        assertThat(claim(acmeId, "acme.com", ALICE).status()).isEqualTo(201);
        assertThat(enroll(acmeId, "acme.com", "auto_join", ALICE).status()).isEqualTo(200);
        User hank = User.verified("hank@globex.com");
        String globex = company("Globex", hank);
        claim(globex, "globex.com", hank);
        enroll(globex, "globex.com", "suggest", hank);
    }

    @Test
    void postSignup_autoJoin_costsOneReadAndOneWrite() {
        String sub = UUID.randomUUID().toString();
        Row row = measure("01", "post-signup: auto-join (match)", 1, 1, 0, () -> signup(sub, "bob@acme.com"));

        // One BatchGetItem reads the domain's claims and the address's open invitations together.
        assertThat(row.calls()).isEqualTo(Map.of("DynamoDb.BatchGetItem", 1, "DynamoDb.TransactWriteItems", 1));
        recordSizes(sub);
    }

    @Test
    void postSignup_duplicateDelivery_writesNothingNew() {
        String sub = UUID.randomUUID().toString();
        signup(sub, "dup@acme.com");
        int itemsBefore = itemCount();

        measure("02", "post-signup: duplicate delivery (already a member)", 1, 1, 0, () -> signup(sub, "dup@acme.com"));

        assertThat(itemCount()).isEqualTo(itemsBefore);
    }

    @Test
    void postSignup_noMatch_costsOneRead() {
        Row row = measure(
                "03", "post-signup: no company for the domain", 1, 0, 0, () -> signup("ivy", "ivy@initech.com"));

        assertThat(row.calls()).isEqualTo(Map.of("DynamoDb.BatchGetItem", 1));
    }

    @Test
    void postSignup_freeMail_costsOneRead_forTheAddressesOpenInvitations() {
        // People are invited at gmail.com too: the one read is the address's open invitations, never a domain claim.
        measure("04", "post-signup: free mail (gmail.com)", 1, 0, 0, () -> signup("gina", "gina@gmail.com"));
        measure("05", "post-signup: disposable mail", 1, 0, 0, () -> signup("dina", "dina@mailinator.com"));
    }

    @Test
    void postSignup_notAConfirmedVerifiedSignup_costsNothing() {
        measure("06", "post-signup: unverified email / forgot password", 0, 0, 0, () -> {
            TestStack.invoke(postSignup, TestStack.event("cognito-post-confirmation-unverified.json"));
            TestStack.invoke(postSignup, TestStack.event("cognito-post-confirmation-forgot-password.json"));
        });
    }

    @Test
    void postSignup_suggest_costsOneReadAndOneWrite() {
        measure(
                "07",
                "post-signup: suggest mode",
                1,
                1,
                0,
                () -> signup(UUID.randomUUID().toString(), "sue@globex.com"));
    }

    @Test
    void postSignup_subdomainAddress_stillOneRead() {
        measure(
                "08",
                "post-signup: subdomain address (eng.acme.com, no subdomain opt-in)",
                1,
                0,
                0,
                () -> signup(UUID.randomUUID().toString(), "eve@eng.acme.com"));
    }

    @Test
    void webhook_autoJoin_costsOneReadAndOneWrite() {
        String body = "{\"sub\":\"" + UUID.randomUUID() + "\",\"email\":\"walt@acme.com\",\"emailVerified\":true}";
        SignupWebhookVerifier signer =
                new SignupWebhookVerifier(TestStack.WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8), Clock.systemUTC());
        String now = Long.toString(Instant.now().getEpochSecond());
        ObjectNode event = http("POST /hooks/signup", Map.of(), body, null);
        ((ObjectNode) event.path("headers"))
                .put("x-autojoin-timestamp", now)
                .put("x-autojoin-signature", signer.signature(now, body.getBytes(StandardCharsets.UTF_8)));

        measure("09", "POST /hooks/signup: auto-join", 1, 1, 0, () -> assertThat(
                        call(postSignup, event).status())
                .isEqualTo(200));
    }

    @Test
    void me_readsAtMostTwice_andRepairsWithOneWrite() {
        User bob = User.verified("bob@acme.com");
        measure("11", "GET /me: post-signup missed, repaired (joins)", 2, 1, 0, () -> me(bob));
        measure("10", "GET /me: nothing to repair", 2, 0, 0, () -> me(bob));
    }

    @Test
    void me_ofAMemberOfManyCompanies_stillReadsTwice() {
        User multi = User.verified("multi@acme.com");
        me(multi); // joins Acme
        for (int i = 0; i < 5; i++) {
            company("Side " + i, multi);
        }

        Row row = measure("12", "GET /me: member of 6 companies", 2, 0, 0, () -> assertThat(
                        me(multi).body().path("companies"))
                .hasSize(6));

        assertThat(row.calls()).containsEntry("DynamoDb.Query", 1);
    }

    @Test
    void companyRoutes_stayWithinBudget() {
        Reply[] created = new Reply[1];
        measure(
                "13",
                "POST /companies",
                0,
                1,
                0,
                () -> created[0] = call(settings, http("POST /companies", Map.of(), "{\"name\":\"Initech\"}", ALICE)));
        String id = created[0].body().path("id").asText();
        measure("14", "GET /companies/{companyId}", 2, 0, 0, () -> assertThat(
                        call(settings, http("GET /companies/{companyId}", Map.of("companyId", id), null, ALICE))
                                .status())
                .isEqualTo(200));
    }

    @Test
    void domainRoutes_stayWithinBudget() {
        User erin = User.verified("erin@erin-co.com");
        String erinCo = company("ErinCo", erin);
        measure("15", "POST /companies/{companyId}/domains (claim)", 1, 1, 0, () -> assertThat(
                        claim(erinCo, "erin-co.com", erin).status())
                .isEqualTo(201));
        measure("16", "PATCH /companies/{companyId}/domains/{domain}", 1, 1, 0, () -> assertThat(
                        enroll(erinCo, "erin-co.com", "suggest", erin).status())
                .isEqualTo(200));
        measure("17", "GET /companies/{companyId}/domains", 2, 0, 0, () -> assertThat(call(
                                domains,
                                http("GET /companies/{companyId}/domains", Map.of("companyId", erinCo), null, erin))
                        .status())
                .isEqualTo(200));
        // One read, and one conditional write: the per-client-address rate counter.
        measure("18", "GET /discovery", 1, 1, 0, () -> {
            ObjectNode event = http("GET /discovery", Map.of(), null, null);
            event.putObject("queryStringParameters").put("email", "x@erin-co.com");
            assertThat(call(domains, event).status()).isEqualTo(200);
        });
    }

    @Test
    void autoJoin_intoACompanyWithManyMembers_costsTheSame() {
        for (int i = 0; i < 30; i++) {
            signup(UUID.randomUUID().toString(), "crowd" + i + "@acme.com");
        }

        measure(
                "19",
                "post-signup: auto-join into a company of 30+ members",
                1,
                1,
                0,
                () -> signup(UUID.randomUUID().toString(), "late@acme.com"));
    }

    @AfterAll
    static void writeTable() throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("| operation | DynamoDB requests | reads | writes | SES | budget (reads / writes / SES) |\n");
        md.append("|---|---|---:|---:|---:|---|\n");
        for (Row row : ROWS.values()) {
            String calls = row.calls().isEmpty()
                    ? "none"
                    : row.calls().entrySet().stream()
                            .filter(e -> e.getKey().startsWith("DynamoDb."))
                            .map(e -> e.getValue() + " " + e.getKey().substring("DynamoDb.".length()))
                            .collect(Collectors.joining(" + "));
            md.append("| ")
                    .append(row.operation())
                    .append(" | ")
                    .append(calls.isEmpty() ? "none" : calls)
                    .append(" | ")
                    .append(row.reads())
                    .append(" | ")
                    .append(row.writes())
                    .append(" | ")
                    .append(row.emails())
                    .append(" | ≤ ")
                    .append(row.maxReads())
                    .append(" / ≤ ")
                    .append(row.maxWrites())
                    .append(" / ≤ ")
                    .append(row.maxEmails())
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

    private static Row measure(
            String order, String operation, int maxReads, int maxWrites, int maxEmails, Runnable action) {
        requests.reset();
        action.run();
        Row row = new Row(order, operation, requests.snapshot(), maxReads, maxWrites, maxEmails);
        ROWS.put(order, row);
        assertThat(row.reads()).as(operation + " reads " + row.calls()).isLessThanOrEqualTo(maxReads);
        assertThat(row.writes()).as(operation + " writes " + row.calls()).isLessThanOrEqualTo(maxWrites);
        assertThat(row.emails()).as(operation + " emails " + row.calls()).isLessThanOrEqualTo(maxEmails);
        return row;
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
        SIZES.add(sizeRow("membership (transactional write, GSI1)", membership, "2 WRU + 1 GSI1 WRU (≤ 1 KB)"));
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

    private static void signup(String sub, String email) {
        TestStack.invoke(postSignup, TestStack.cognitoSignup(sub, email, "true"));
    }

    private static Reply me(User user) {
        Reply reply = call(settings, http("GET /me", Map.of(), null, user));
        assertThat(reply.status()).isEqualTo(200);
        return reply;
    }

    private static String company(String name, User owner) {
        Reply created = call(settings, http("POST /companies", Map.of(), "{\"name\":\"" + name + "\"}", owner));
        assertThat(created.status()).isEqualTo(201);
        return created.body().path("id").asText();
    }

    private static Reply claim(String companyId, String domain, User user) {
        return call(
                domains,
                http(
                        "POST /companies/{companyId}/domains",
                        Map.of("companyId", companyId),
                        "{\"domain\":\"" + domain + "\",\"method\":\"email\"}",
                        user));
    }

    private static Reply enroll(String companyId, String domain, String enrollment, User user) {
        return call(
                domains,
                http(
                        "PATCH /companies/{companyId}/domains/{domain}",
                        Map.of("companyId", companyId, "domain", domain),
                        "{\"enrollment\":\"" + enrollment + "\"}",
                        user));
    }
}
