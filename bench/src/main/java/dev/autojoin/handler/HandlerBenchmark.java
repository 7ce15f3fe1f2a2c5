package dev.autojoin.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.autojoin.adapter.dynamodb.CannedItems;
import dev.autojoin.config.Env;
import dev.autojoin.config.Timeouts;
import dev.autojoin.config.Wiring;
import dev.autojoin.domain.Actor;
import dev.autojoin.domain.DomainClaim;
import dev.autojoin.domain.DomainName;
import dev.autojoin.domain.DomainStatus;
import dev.autojoin.domain.EmailAddress;
import dev.autojoin.domain.Enrollment;
import dev.autojoin.domain.Membership;
import dev.autojoin.domain.Permission;
import dev.autojoin.domain.Provenance;
import dev.autojoin.domain.ProvenanceType;
import dev.autojoin.domain.Role;
import dev.autojoin.domain.Verification;
import dev.autojoin.domain.VerificationMethod;
import dev.autojoin.handler.TestStack.User;
import dev.autojoin.testing.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * Warm overhead (issue 7, item 2): each handler path at steady state, the real handlers wired as in Lambda (same
 * clients, timeouts, retry strategy, endpoint resolution and signing) but with DynamoDB answered in process by
 * {@link CannedDynamoDb}. What remains is our cost per event: JSON in and out, parsing and rules, the SDK's
 * marshalling, signing and parsing, the log line. Goals: post-signup auto-join ≤ 50 µs/op, every route ≤ 200 µs/op.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
// The SDK's request path takes C2 a long while to compile on 2 busy cores: a long warm-up.
@Warmup(iterations = 8, time = 3)
@Measurement(iterations = 5, time = 2)
public class HandlerBenchmark {
    static final String ACME = "8c0e1d5a-4f7b-4d36-9a57-2f1f3c6d0a11";
    private static final Instant THEN = Instant.parse("2026-01-05T09:00:00Z");

    private CannedDynamoDb dynamoDb;
    private Invocation postSignup;
    private Invocation settings;
    private Invocation domains;
    private byte[] autoJoin;
    private byte[] noMatch;
    private byte[] freeMail;
    private byte[] me;
    private byte[] createCompany;
    private byte[] patchDomain;
    private byte[] discovery;
    private PrintStream stdout;
    private java.util.function.Function<Timeouts, DynamoDbClient> wiring;
    private DynamoDbClient triggerClient;
    private DynamoDbClient apiClient;
    private List<SdkRequest> autoJoinRequests;
    private List<SdkRequest> patchDomainRequests;
    private List<SdkRequest> meRequests;

    @Setup(Level.Trial)
    public void setUp() {
        Membership alice = new Membership(
                ACME,
                "Acme",
                "alice",
                EmailAddress.parse("alice@acme.com"),
                Role.OWNER,
                EnumSet.allOf(Permission.class),
                new Provenance(ProvenanceType.CREATED, null, Actor.user("alice"), THEN));
        Membership bob = new Membership(
                ACME,
                "Acme",
                "bob",
                EmailAddress.parse("bob@acme.com"),
                Role.MEMBER,
                Permission.AUTO_JOIN_DEFAULT,
                new Provenance(ProvenanceType.AUTO_JOIN, DomainName.parse("acme.com"), Actor.policy(), THEN));
        DomainClaim claim = new DomainClaim(
                DomainName.parse("acme.com"),
                ACME,
                "Acme",
                DomainStatus.VERIFIED,
                VerificationMethod.AFFILIATION,
                Enrollment.AUTO_JOIN,
                false,
                Role.MEMBER,
                Permission.AUTO_JOIN_DEFAULT,
                THEN,
                "alice",
                2,
                Verification.NONE);
        dynamoDb = new CannedDynamoDb()
                .answer("GetItem", "DOMAIN#acme.com", CannedItems.getItem(claim))
                .answer("BatchGetItem", "MEMBER#alice", CannedItems.batchGet("autojoin", alice, claim))
                .answer("BatchGetItem", "DOMAIN#acme.com", CannedItems.batchGet("autojoin", claim))
                .answer("GetItem", "DOMAIN#", "{}")
                .answer("BatchGetItem", "DOMAIN#", "{\"Responses\":{\"autojoin\":[]},\"UnprocessedKeys\":{}}")
                .answer("GetItem", "INVITEE#", "{}")
                .answer("GetItem", "MEMBER#alice", CannedItems.getItem(alice))
                .answer("Query", "USER#bob", CannedItems.query(bob))
                .answer("UpdateItem", "RATE#discovery", "{}")
                .answer("UpdateItem", "RATE#companies-created", "{}")
                .answer("TransactWriteItems", "", "{}");
        // As in Lambda: no endpoint override (the SDK resolves the regional endpoint per call), one client each.
        Env env = new Env(Map.of(
                "TABLE_NAME", "autojoin",
                "AWS_REGION", "us-east-1",
                "SENDER_EMAIL", "noreply@autojoin.test",
                "APP_BASE_URL", "https://app.example.com",
                "SIGNUP_WEBHOOK_SECRET", "whsec_YmVuY2gtd2ViaG9vay1zZWNyZXQtMDEyMzQ1Njc4OWFi")::get);
        wiring = timeouts -> client(env, timeouts, List.of(), dynamoDb);
        postSignup = stream(new PostSignupHandler(wiring(env, Timeouts.TRIGGER, dynamoDb)));
        Wiring api = wiring(env, Timeouts.API, dynamoDb);
        settings = http(new SettingsHandler(api));
        domains = http(new DomainsHandler(api));

        User aliceCaller = new User("alice", "alice@acme.com", true);
        autoJoin = TestStack.cognitoSignup("bob", "bob@acme.com", "true");
        noMatch = TestStack.cognitoSignup("ivy", "ivy@initech.com", "true");
        freeMail = TestStack.cognitoSignup("gina", "gina@gmail.com", "true");
        me = TestStack.bytes(TestStack.http("GET /me", Map.of(), null, new User("bob", "bob@acme.com", true)));
        createCompany =
                TestStack.bytes(TestStack.http("POST /companies", Map.of(), "{\"name\":\"Initech\"}", aliceCaller));
        patchDomain = TestStack.bytes(TestStack.http(
                "PATCH /companies/{companyId}/domains/{domain}",
                Map.of("companyId", ACME, "domain", "acme.com"),
                "{\"enrollment\":\"auto_join\"}",
                aliceCaller));
        com.fasterxml.jackson.databind.node.ObjectNode discover =
                TestStack.http("GET /discovery", Map.of(), null, null);
        discover.putObject("queryStringParameters").put("email", "carol@acme.com");
        discovery = TestStack.bytes(discover);

        check();
        // The same requests the paths send, replayed through identically configured clients with no handler around
        // them: the SDK's share of each path (marshalling, signing, pipeline, parsing), so ours is the difference.
        triggerClient = wiring.apply(Timeouts.TRIGGER);
        apiClient = wiring.apply(Timeouts.API);
        autoJoinRequests = recorded(env, Timeouts.TRIGGER, w -> stream(new PostSignupHandler(w)), autoJoin);
        patchDomainRequests = recorded(env, Timeouts.API, w -> http(new DomainsHandler(w)), patchDomain);
        meRequests = recorded(env, Timeouts.API, w -> http(new SettingsHandler(w)), me);
        if (autoJoinRequests.size() != 2 || patchDomainRequests.size() != 2 || meRequests.size() != 2) {
            throw new IllegalStateException("recorded " + autoJoinRequests + patchDomainRequests + meRequests);
        }
        replay(triggerClient, autoJoinRequests);
        replay(apiClient, patchDomainRequests);
        replay(apiClient, meRequests);
        // The log lines are still built and written, to nowhere: the JMH report stays readable.
        stdout = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        System.setOut(stdout);
    }

    private static Wiring wiring(Env env, Timeouts timeouts, SdkHttpClient http) {
        return new Wiring(env, Clock.systemUTC(), client(env, timeouts, List.of(), http));
    }

    private static DynamoDbClient client(
            Env env, Timeouts timeouts, List<ExecutionInterceptor> interceptors, SdkHttpClient http) {
        return Wiring.dynamoDb(
                env,
                timeouts,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")),
                interceptors,
                http);
    }

    /** The DynamoDB requests one event makes, as the SDK received them from our code. */
    private List<SdkRequest> recorded(
            Env env, Timeouts timeouts, java.util.function.Function<Wiring, Invocation> handler, byte[] event) {
        List<SdkRequest> requests = new java.util.ArrayList<>();
        ExecutionInterceptor recorder = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                requests.add(context.request());
            }
        };
        quietly(() -> invoke(
                handler.apply(new Wiring(env, Clock.systemUTC(), client(env, timeouts, List.of(recorder), dynamoDb))),
                event));
        return List.copyOf(requests);
    }

    /** Sends each request as our code did, through a client configured as the handler's is. */
    private static Object replay(DynamoDbClient client, List<SdkRequest> requests) {
        Object last = null;
        for (SdkRequest request : requests) {
            if (request instanceof BatchGetItemRequest batch) {
                last = client.batchGetItem(batch);
            } else if (request instanceof TransactWriteItemsRequest transaction) {
                last = client.transactWriteItems(transaction);
            } else if (request instanceof GetItemRequest get) {
                last = client.getItem(get);
            } else if (request instanceof QueryRequest query) {
                last = client.query(query);
            } else {
                throw new IllegalStateException(
                        "no replay for " + request.getClass().getSimpleName());
            }
        }
        return last;
    }

    /** The SDK's share of the auto-join: its two requests replayed without the handler. */
    @Benchmark
    public Object sdkOnly_autoJoin() {
        return replay(triggerClient, autoJoinRequests);
    }

    @Benchmark
    public Object sdkOnly_patchDomain() {
        return replay(apiClient, patchDomainRequests);
    }

    @Benchmark
    public Object sdkOnly_getMe() {
        return replay(apiClient, meRequests);
    }

    @Benchmark
    public byte[] postSignup_autoJoin() {
        return invoke(postSignup, autoJoin);
    }

    @Benchmark
    public byte[] postSignup_noMatch() {
        return invoke(postSignup, noMatch);
    }

    @Benchmark
    public byte[] postSignup_freeMail() {
        return invoke(postSignup, freeMail);
    }

    @Benchmark
    public byte[] getMe() {
        return invoke(settings, me);
    }

    @Benchmark
    public byte[] postCompanies() {
        return invoke(settings, createCompany);
    }

    @Benchmark
    public byte[] patchDomain() {
        return invoke(domains, patchDomain);
    }

    @Benchmark
    public byte[] getDiscovery() {
        return invoke(domains, discovery);
    }

    /**
     * Runs every path once and fails unless each made exactly the requests it should and answered as it should: a
     * path that broke must not look fast.
     */
    void check() {
        expect(
                "post-signup auto-join",
                postSignup,
                autoJoin,
                "\"event\":\"signup.joined\"",
                Map.of("BatchGetItem", 1, "TransactWriteItems", 1));
        expect("post-signup no match", postSignup, noMatch, "\"event\":\"signup.no_match\"", Map.of("BatchGetItem", 1));
        expect(
                "post-signup free mail",
                postSignup,
                freeMail,
                "\"event\":\"signup.not_a_company_domain\"",
                Map.of("GetItem", 1));
        expect("GET /me", settings, me, "\"status\":200", Map.of("BatchGetItem", 1, "Query", 1));
        expect(
                "POST /companies",
                settings,
                createCompany,
                "\"status\":201",
                // Is the founder's domain captured (the sign-up lookup), the day's count, the company.
                Map.of("BatchGetItem", 1, "TransactWriteItems", 1, "UpdateItem", 1));
        expect(
                "PATCH domain",
                domains,
                patchDomain,
                "\"status\":200",
                Map.of("BatchGetItem", 1, "TransactWriteItems", 1));
        expect("GET /discovery", domains, discovery, "\"status\":200", Map.of("GetItem", 1, "UpdateItem", 1));
        String answer = new String(quietly(() -> invoke(domains, discovery)), StandardCharsets.UTF_8);
        if (!answer.contains("\\\"hasCompany\\\":true")) {
            throw new IllegalStateException("GET /discovery did not find Acme: " + answer);
        }
    }

    private void expect(String path, Invocation handler, byte[] event, String logged, Map<String, Integer> calls) {
        PrintStream original = System.out;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        dynamoDb.reset();
        System.setOut(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            invoke(handler, event);
        } finally {
            System.setOut(original);
        }
        String lines = log.toString(StandardCharsets.UTF_8);
        if (!lines.contains(logged) || !dynamoDb.calls().equals(calls)) {
            throw new IllegalStateException(
                    path + ": expected " + logged + " and " + calls + ", got " + dynamoDb.calls() + " and " + lines);
        }
    }

    private static byte[] quietly(java.util.function.Supplier<byte[]> action) {
        PrintStream original = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            return action.get();
        } finally {
            System.setOut(original);
        }
    }

    private static byte[] invoke(Invocation handler, byte[] event) {
        return handler.invoke(event);
    }

    /** One Lambda invocation, bytes in and bytes out, as the runtime drives the handler. */
    interface Invocation {
        byte[] invoke(byte[] event);
    }

    /** The Cognito trigger: a stream handler, handed the bytes. */
    private static Invocation stream(com.amazonaws.services.lambda.runtime.RequestStreamHandler handler) {
        return event -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
            try {
                handler.handleRequest(new ByteArrayInputStream(event), out, TestContext.fresh());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        };
    }

    /** An HTTP function: the runtime's own serialization decodes the event and encodes the response around it. */
    private static Invocation http(HttpFunction handler) {
        return event -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
            RESPONSES.toJson(
                    handler.handleRequest(EVENTS.fromJson(new ByteArrayInputStream(event)), TestContext.fresh()), out);
            return out.toByteArray();
        };
    }

    private static final PojoSerializer<APIGatewayV2HTTPEvent> EVENTS =
            LambdaEventSerializers.serializerFor(APIGatewayV2HTTPEvent.class, HandlerBenchmark.class.getClassLoader());
    private static final PojoSerializer<APIGatewayV2HTTPResponse> RESPONSES = LambdaEventSerializers.serializerFor(
            APIGatewayV2HTTPResponse.class, HandlerBenchmark.class.getClassLoader());
}
