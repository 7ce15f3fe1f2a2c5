package dev.autojoin.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.autojoin.config.AdjustableClock;
import dev.autojoin.testing.DnsServer;
import dev.autojoin.testing.Emulator;
import dev.autojoin.testing.FirebaseSigner;
import dev.autojoin.testing.SqsEventSource;
import dev.autojoin.testing.TableFromTemplate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The whole product on one machine: the emulator (DynamoDB, SES), every function of {@code template.yaml} in this
 * JVM behind a local HTTP API with its JWT authorizer, a local identity provider in place of Cognito, and the
 * console web app at {@code /}. Never deployed. {@code ./run} starts it; tests start it in process with
 * {@link #start(int)}.
 */
public final class LocalStack implements AutoCloseable {

    public static final String TABLE_NAME = "autojoin-local";
    public static final String SENDER_EMAIL = "noreply@autojoin.local";

    private static final int DEFAULT_PORT = 3000;
    static final String INVITATION_QUEUE = "autojoin-local-invitations";

    private final HttpServer server;
    private final ExecutorService executor;
    private final URI baseUrl;
    private final LocalIdentityProvider identityProvider;
    private final DnsServer dns;
    private final SqsEventSource invitationMail;

    private LocalStack(
            HttpServer server,
            ExecutorService executor,
            URI baseUrl,
            LocalIdentityProvider identityProvider,
            DnsServer dns,
            SqsEventSource invitationMail) {
        this.server = server;
        this.executor = executor;
        this.baseUrl = baseUrl;
        this.identityProvider = identityProvider;
        this.dns = dns;
        this.invitationMail = invitationMail;
    }

    public static void main(String[] args) {
        int port = port(System.getenv("PORT"));
        LocalStack stack;
        try {
            stack = start(port);
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof BindException) {
                System.err.println("port " + port + " is in use: stop what holds it or set PORT to another port");
                System.exit(1);
            }
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "local-stack-stop"));
        for (String name : HOOK_SECRETS.keySet()) {
            System.out.println("hook secret " + name + "=" + System.getProperty(name, System.getenv(name)));
        }
        System.out.println("autojoin local stack listening on " + stack.baseUrl() + " (emulator "
                + Emulator.shared().endpoint() + ", DNS " + stack.dns.address() + ")");
    }

    /** Starts on {@code port} (0 picks a free one) with this JVM's shared emulator; the table keeps its data. */
    public static LocalStack start(int port) {
        return start(port, HttpApiGateway.Listener.NONE);
    }

    /** {@link #start(int)} with {@code listener} seeing every answer of the HTTP API (tests check them). */
    static LocalStack start(int port, HttpApiGateway.Listener listener) {
        Path root = TableFromTemplate.findRepoRoot()
                .orElseThrow(() -> new IllegalStateException("no template.yaml in "
                        + Path.of("").toAbsolutePath() + " or any parent: run the local stack inside the repository"));
        return start(port, Emulator.shared(), root, Clock.systemUTC(), listener);
    }

    /**
     * {@code clock} is the identity provider's and the authorizer's: tokens live on this machine's time, so moving
     * the product's clock ({@code POST /_local/clock}) by days tries expiry without signing everyone out. The
     * functions and the HTTP API's request time read the product's clock.
     */
    static LocalStack start(int port, Emulator emulator, Path root, Clock clock, HttpApiGateway.Listener listener) {
        SamTemplate template = SamTemplate.read(root.resolve("template.yaml"));
        JsonNode postConfirmationSample = readJson(root.resolve("events/cognito-post-confirmation-signup.json"));
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port, e);
        }
        URI baseUrl = URI.create("http://localhost:" + server.getAddress().getPort());

        try {
            emulator.createTable(TABLE_NAME);
        } catch (ResourceInUseException alreadyThere) {
            // an emulator given by AWS_ENDPOINT_URL keeps the table (and its data) across runs
        }
        emulator.verifySender(SENDER_EMAIL);
        // A real DNS server for the domain TXT checks; POST /_local/dns/txt publishes into it.
        DnsServer dns = DnsServer.start();
        // The invitation mail queue in moto (SQS on the same port), drained by InvitationMailFunction's handler.
        SqsClient sqs = emulator.sqs();
        SqsEventSource.Queue queue = invitationQueue(sqs);
        System.setProperty("INVITATION_QUEUE_URL", queue.url());
        System.setProperty("INVITATION_MAIL_MAX_RECEIVES", "5");
        configureFunctions(emulator, baseUrl);
        FirebaseSigner firebase = FirebaseSigner.generate();
        SimulatedFeedback feedback = new SimulatedFeedback(root.resolve("events"));
        // The functions take the sample notifications' topic for the mail feedback topic (POST /_local/outbox/...).
        System.setProperty("MAIL_FEEDBACK_TOPIC_ARN", feedback.topicArn());
        System.setProperty("DNS_RESOLVER", dns.address());

        // JWT_ISSUER, JWT_AUDIENCE, EMAIL_CLAIM, EMAIL_VERIFIED_CLAIM: the local identity provider stands in for
        // any OIDC issuer (template.yaml's JwtIssuer, JwtAudience, EmailClaim, EmailVerifiedClaim), Cognito's by
        // default.
        LocalIdentityProvider identityProvider = new LocalIdentityProvider(
                setting("JWT_ISSUER", baseUrl + "/_local/idp"),
                setting("JWT_AUDIENCE", LocalIdentityProvider.CLIENT_ID),
                setting("EMAIL_CLAIM", "email"),
                setting("EMAIL_VERIFIED_CLAIM", "email_verified"),
                emulator.region(),
                clock,
                postConfirmationSample);
        JwtAuthorizer authorizer = new JwtAuthorizer(
                identityProvider.publicKeys(), identityProvider.issuer(), identityProvider.audience(), clock);
        Functions functions = new Functions(template.functions(), emulator.region());

        server.createContext(
                "/",
                Console.inFrontOf(
                        new HttpApiGateway(
                                new RouteTable(template.routes()),
                                authorizer,
                                functions,
                                AdjustableClock.clock(),
                                listener),
                        template.routes()));
        server.createContext(
                LocalRoutes.PREFIX + "/",
                new LocalRoutes(identityProvider, functions, template, emulator, dns, feedback, firebase));
        ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "local-stack-request");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext(SampleEvents.PATH, new SampleEvents(root.resolve("events"), template));
        server.start();
        SqsEventSource invitationMail = new SqsEventSource(
                        sqs, queue, emulator.region(), functions.sqsHandler("InvitationMailFunction"))
                .start();
        return new LocalStack(server, executor, baseUrl, identityProvider, dns, invitationMail);
    }

    /**
     * The handlers read configuration through {@code Env}: environment first, then a system property of the same
     * name. Set before any handler is built, since each reads it once, at INIT.
     */
    /**
     * The identity providers' hook secrets when the environment sets none: the samples' published values
     * (events/README.md), so the README's signed examples run as written. Never deployed: template.yaml takes Secrets
     * Manager ARNs.
     */
    static final Map<String, String> HOOK_SECRETS = Map.of(
            "SIGNUP_WEBHOOK_SECRET", "whsec_c2FtcGxlLXNpZ251cC1zZWNyZXQtMDEyMzQ1Njc4OWFi",
            "CLERK_WEBHOOK_SECRET", "whsec_c2FtcGxlLWNsZXJrLXNlY3JldC0wMTIzNDU2Nzg5YWJj",
            "WORKOS_WEBHOOK_SECRET", "sample-workos-secret",
            "OKTA_HOOK_AUTHORIZATION", "sample-okta-authorization",
            "KEYCLOAK_WEBHOOK_SECRET", "sample-keycloak-secret");

    /** The environment's value (or a system property's, as tests set them), else {@code fallback}. */
    private static String setting(String name, String fallback) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            value = System.getProperty(name);
        }
        return value == null || value.isBlank() ? fallback : value;
    }

    private static void configureFunctions(Emulator emulator, URI baseUrl) {
        AwsCredentials credentials = emulator.credentials().resolveCredentials();
        System.setProperty("TABLE_NAME", TABLE_NAME);
        System.setProperty("AWS_REGION", emulator.region());
        System.setProperty("AWS_ENDPOINT_URL", emulator.endpoint().toString());
        System.setProperty("SENDER_EMAIL", SENDER_EMAIL);
        System.setProperty("APP_BASE_URL", baseUrl.toString());
        HOOK_SECRETS.forEach((name, sample) -> System.setProperty(name, setting(name, sample)));
        System.setProperty("OKTA_EMAILS_VERIFIED", setting("OKTA_EMAILS_VERIFIED", "false"));
        System.setProperty("FIREBASE_PROJECT_ID", setting("FIREBASE_PROJECT_ID", "local-project"));
        System.setProperty("FIREBASE_AUDIENCE", setting("FIREBASE_AUDIENCE", baseUrl + "/hooks/firebase"));
        System.setProperty("FIREBASE_CERTS_URL", baseUrl + "/_local/firebase/certs");
        System.setProperty("EMAIL_CLAIM", setting("EMAIL_CLAIM", "email"));
        System.setProperty("EMAIL_VERIFIED_CLAIM", setting("EMAIL_VERIFIED_CLAIM", "email_verified"));
        System.setProperty("AUTOJOIN_ADJUSTABLE_CLOCK", "true");
        // A developer clicking through the console signs many people up from one address within a minute.
        System.setProperty("DISCOVERY_PER_CLIENT_PER_MINUTE", "600");
        // The template's default (SesMaxSendRate): moto's sesv2 has no GetAccount, so the sender logs and keeps it.
        System.setProperty("SES_MAX_SEND_RATE", System.getenv().getOrDefault("SES_MAX_SEND_RATE", "10"));
        // One poller drains the queue here, so the one sender container takes the whole rate.
        System.setProperty("INVITATION_MAIL_CONCURRENCY", "1");
        // The SDK's default credentials chain reads these system properties.
        System.setProperty("aws.accessKeyId", credentials.accessKeyId());
        System.setProperty("aws.secretAccessKey", credentials.secretAccessKey());
    }

    /**
     * Creates the invitation mail queue and its dead-letter queue (as template.yaml's, visibility 30 s) if they are
     * not there: at start, and again after a test reset the emulator. Same name, same URL.
     */
    static SqsEventSource.Queue invitationQueue(SqsClient sqs) {
        return SqsEventSource.create(sqs, INVITATION_QUEUE, 30, 5);
    }

    /** {@link #invitationQueue} after a test reset the emulator (which drops every queue). */
    static void invitationQueueAgain(Emulator emulator) {
        try (SqsClient sqs = emulator.sqs()) {
            invitationQueue(sqs);
        }
    }

    public URI baseUrl() {
        return baseUrl;
    }

    /** The local identity provider, for tests that need tokens no user could get (expired, wrong audience). */
    LocalIdentityProvider identityProvider() {
        return identityProvider;
    }

    @Override
    public void close() {
        invitationMail.close();
        server.stop(0);
        executor.shutdownNow();
        dns.close();
    }

    private static int port(String configured) {
        if (configured == null || configured.isBlank()) {
            return DEFAULT_PORT;
        }
        try {
            return Integer.parseInt(configured.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("PORT must be a port number, was: " + configured);
        }
    }

    private static JsonNode readJson(Path file) {
        try {
            return Replies.JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
