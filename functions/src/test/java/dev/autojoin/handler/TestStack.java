package dev.autojoin.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autojoin.adapter.ses.SesEmailSender;
import dev.autojoin.adapter.sqs.SqsInvitationQueue;
import dev.autojoin.config.Env;
import dev.autojoin.config.Timeouts;
import dev.autojoin.config.Wiring;
import dev.autojoin.testing.Emulator;
import dev.autojoin.testing.EmulatorExtension;
import dev.autojoin.testing.RequestCounter;
import dev.autojoin.testing.SqsEventSource;
import dev.autojoin.testing.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The real handlers, wired as in Lambda but pointed at the emulator, with every DynamoDB request counted. */
final class TestStack {
    final RequestCounter requests = new RequestCounter();
    /** Every SES request the handlers make. */
    final RequestCounter emails = new RequestCounter();

    final Env env;
    final Wiring wiring;
    private final Emulator emulator;
    final SettingsHandler settings;
    final HousekeepingHandler housekeeping;
    final DomainsHandler domains;
    final DomainRecheckHandler domainRecheck;
    final PostSignupHandler postSignup;
    final SignupWebhookHandler signupWebhook;
    final InvitesHandler invites;
    /** Every SQS request the handlers make (the invitation mail queue). */
    final RequestCounter queueRequests = new RequestCounter();
    /** The invitation mail queue in the emulator, drained through the sender function's handler. */
    final SqsEventSource invitationMail;

    private InvitationMailHandler mail;

    TestStack(Emulator emulator) {
        this(emulator, Timeouts.API);
    }

    TestStack(Emulator emulator, Timeouts timeouts) {
        this(emulator, emulator.endpoint().toString(), timeouts);
    }

    TestStack(Emulator emulator, String endpoint, Timeouts timeouts) {
        this(emulator, endpoint, timeouts, Clock.systemUTC(), Map.of(), List.of());
    }

    /** With more interceptors on the DynamoDB client, after the request counter. */
    TestStack(Emulator emulator, String endpoint, Timeouts timeouts, List<ExecutionInterceptor> more) {
        this(emulator, endpoint, timeouts, Clock.systemUTC(), Map.of(), more);
    }

    /** A stack whose time is {@code clock}, with {@code settings} added to (or over) the environment. */
    TestStack(Emulator emulator, Clock clock, Map<String, String> settings) {
        this(emulator, emulator.endpoint().toString(), Timeouts.API, clock, settings, List.of());
    }

    /**
     * With a clock the test moves, TXT lookups against the DNS server at {@code dnsResolver}, and email sent through
     * the emulator's SES (readable with {@code Emulator.sentEmails()}).
     */
    TestStack(Emulator emulator, Clock clock, String dnsResolver) {
        this(emulator, clock, Map.of("DNS_RESOLVER", dnsResolver));
    }

    TestStack(
            Emulator emulator,
            String endpoint,
            Timeouts timeouts,
            Clock clock,
            Map<String, String> settings,
            List<ExecutionInterceptor> more) {
        this(emulator, endpoint, timeouts, clock, settings, more, null);
    }

    /**
     * A stack whose SES client is the one the API functions build (their timeouts and retries), pointed at
     * {@code sesEndpoint} (a fault proxy, say); DynamoDB stays the emulator's.
     */
    static TestStack withSesAt(Emulator emulator, String sesEndpoint) {
        return new TestStack(
                emulator,
                emulator.endpoint().toString(),
                Timeouts.API,
                Clock.systemUTC(),
                Map.of(),
                List.of(),
                sesEndpoint);
    }

    private TestStack(
            Emulator emulator,
            String endpoint,
            Timeouts timeouts,
            Clock clock,
            Map<String, String> settings,
            List<ExecutionInterceptor> more,
            String sesEndpoint) {
        this.emulator = emulator;
        Map<String, String> values = new HashMap<>(Map.of(
                "TABLE_NAME",
                EmulatorExtension.TABLE,
                "AWS_REGION",
                emulator.region(),
                "AWS_ENDPOINT_URL",
                endpoint,
                "SENDER_EMAIL",
                EmulatorExtension.SENDER,
                "APP_BASE_URL",
                "http://localhost:3000"));
        values.putAll(Providers.env());
        SqsClient sqs = emulator.sqs(queueRequests);
        // A short visibility timeout: a message a test failed comes back within a second.
        SqsEventSource.Queue queue = SqsEventSource.create(sqs, QUEUE, 1, MAX_RECEIVES);
        values.put("INVITATION_QUEUE_URL", queue.url());
        values.put("INVITATION_MAIL_MAX_RECEIVES", Integer.toString(MAX_RECEIVES));
        // Fast enough for tests that mail dozens; the pace itself is SendPaceTest's and InvitationMailIT's.
        values.put("SES_MAX_SEND_RATE", "200");
        values.putAll(settings);
        env = new Env(values::get);
        // The emulator's own SES client records both parts of every email (moto keeps only the HTML one).
        SesV2Client ses = emulator.ses(emails);
        if (sesEndpoint != null) {
            Map<String, String> elsewhere = new HashMap<>(values);
            elsewhere.put("AWS_ENDPOINT_URL", sesEndpoint);
            ses = Wiring.ses(new Env(elsewhere::get), Timeouts.API, emulator.credentials(), List.of(emails));
        }
        wiring = new Wiring(env, clock, Wiring.dynamoDb(env, timeouts, emulator.credentials(), interceptors(more)))
                .withEmailSender(new SesEmailSender(ses, values.get("SENDER_EMAIL")))
                .withSecretsManager(Wiring.secretsManager(env, emulator.credentials()))
                .withInvitationQueue(new SqsInvitationQueue(sqs, queue.url()));
        this.settings = new SettingsHandler(wiring);
        housekeeping = new HousekeepingHandler(wiring);
        domains = new DomainsHandler(wiring);
        domainRecheck = new DomainRecheckHandler(wiring);
        postSignup = new PostSignupHandler(wiring);
        signupWebhook = new SignupWebhookHandler(wiring);
        invites = new InvitesHandler(wiring);
        invitationMail = new SqsEventSource(
                sqs, queue, emulator.region(), event -> mail().handleRequest(event, TestContext.fresh()));
    }

    /** The sender function's handler, built on first use: after a test swapped the email sender, with its choice. */
    synchronized InvitationMailHandler mail() {
        if (mail == null) {
            mail = new InvitationMailHandler(wiring);
        }
        return mail;
    }

    static final String QUEUE = "autojoin-invitations";
    static final int MAX_RECEIVES = 5;

    /** The sender function drains the invitation mail queue: what is queued now is mailed; how many messages. */
    int mailInvitations() {
        return invitationMail.drain();
    }

    private List<ExecutionInterceptor> interceptors(List<ExecutionInterceptor> more) {
        // Writes reach moto one at a time through SerializedWrites, an SDK global interceptor of the test harness.
        List<ExecutionInterceptor> all = new java.util.ArrayList<>(List.of(requests));
        all.addAll(more);
        return all;
    }

    static Path repo() {
        Path dir = Path.of("").toAbsolutePath();
        while (!Files.exists(dir.resolve("template.yaml"))) {
            dir = dir.getParent();
        }
        return dir;
    }

    static byte[] event(String name) {
        try {
            return Files.readAllBytes(repo().resolve("events").resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Cognito Post confirmation event from events/, with this person's attributes. */
    static byte[] cognitoSignup(String sub, String email, String emailVerified) {
        ObjectNode event = (ObjectNode) read(event("cognito-post-confirmation-signup.json"));
        event.put("userName", sub);
        ObjectNode attributes = (ObjectNode) event.path("request").path("userAttributes");
        attributes.put("sub", sub);
        attributes.put("email", email);
        attributes.put("email_verified", emailVerified);
        return bytes(event);
    }

    /** An HTTP API 2.0 event from events/http-get-me.json, re-aimed at a route, as the JWT authorizer passes it. */
    static ObjectNode http(String routeKey, Map<String, String> pathParameters, String body, User user) {
        return aim((ObjectNode) read(event("http-get-me.json")), routeKey, pathParameters, body, user);
    }

    /** The sample event {@code file} of events/, with these path parameters, body (if not null) and caller. */
    static ObjectNode sample(String file, Map<String, String> pathParameters, String body, User user) {
        ObjectNode event = (ObjectNode) read(event(file));
        if (body == null) {
            event.remove("body");
        }
        return aim(event, event.path("routeKey").asText(), pathParameters, body, user);
    }

    static ObjectNode withHeader(ObjectNode event, String name, String value) {
        ((ObjectNode) event.path("headers")).put(name, value);
        return event;
    }

    static ObjectNode withQuery(ObjectNode event, String name, String value) {
        JsonNode existing = event.path("queryStringParameters");
        ObjectNode query = existing.isObject() ? (ObjectNode) existing : event.putObject("queryStringParameters");
        query.put(name, value);
        event.put("rawQueryString", name + "=" + value);
        return event;
    }

    private static ObjectNode aim(
            ObjectNode event, String routeKey, Map<String, String> pathParameters, String body, User user) {
        String method = routeKey.substring(0, routeKey.indexOf(' '));
        String path = routeKey.substring(routeKey.indexOf(' ') + 1);
        for (Map.Entry<String, String> p : pathParameters.entrySet()) {
            path = path.replace("{" + p.getKey() + "}", p.getValue());
        }
        event.put("routeKey", routeKey);
        event.put("rawPath", path);
        ObjectNode context = (ObjectNode) event.path("requestContext");
        context.put("routeKey", routeKey);
        context.put("requestId", UUID.randomUUID().toString());
        ((ObjectNode) context.path("http")).put("method", method).put("path", path);
        if (!pathParameters.isEmpty()) {
            ObjectNode params = event.putObject("pathParameters");
            pathParameters.forEach(params::put);
        }
        if (body != null) {
            event.put("body", body);
        }
        if (user == null) {
            context.remove("authorizer");
            ((ObjectNode) event.path("headers")).remove("authorization");
        } else {
            if (!context.has("authorizer")) {
                context.set(
                        "authorizer",
                        read(event("http-get-me.json")).path("requestContext").path("authorizer"));
            }
            ObjectNode claims =
                    (ObjectNode) context.path("authorizer").path("jwt").path("claims");
            claims.put("sub", user.sub());
            claims.put("email", user.email());
            claims.put("email_verified", user.verified() ? "true" : "false");
        }
        return event;
    }

    /** The link in an invitation email, and in a domain verification email; group 1 is the token. */
    static final Pattern INVITE_LINK = Pattern.compile("http://localhost:3000/invites/([A-Za-z0-9_-]+)");

    static final Pattern DOMAIN_LINK = Pattern.compile("http://localhost:3000/domain-verifications/([A-Za-z0-9_-]+)");

    /**
     * The token of the {@code pattern} link in the last email our clients sent to {@code address}, once the sender
     * function has drained the invitation mail queue.
     */
    String lastLinkTo(Pattern pattern, String address) {
        mailInvitations();
        List<Emulator.SentEmail> to = emulator.sentThroughOurClients().stream()
                .filter(e -> e.to().contains(address))
                .toList();
        assertThat(to).as("emails to %s", address).isNotEmpty();
        Matcher link = pattern.matcher(to.get(to.size() - 1).text());
        assertThat(link.find()).as("a link to %s", address).isTrue();
        return link.group(1);
    }

    record User(String sub, String email, boolean verified) {
        static User verified(String email) {
            return new User(UUID.randomUUID().toString(), email, true);
        }
    }

    record Reply(int status, Map<String, String> headers, JsonNode body) {}

    /** The runtime's own decoding of an HTTP API event: what Lambda hands the handler for this JSON. */
    private static final PojoSerializer<APIGatewayV2HTTPEvent> HTTP_EVENTS =
            LambdaEventSerializers.serializerFor(APIGatewayV2HTTPEvent.class, TestStack.class.getClassLoader());

    private static final PojoSerializer<SNSEvent> SNS_EVENTS =
            LambdaEventSerializers.serializerFor(SNSEvent.class, TestStack.class.getClassLoader());

    static Reply call(HttpFunction handler, ObjectNode event) {
        return call(handler, typed(event));
    }

    static Reply call(HttpFunction handler, APIGatewayV2HTTPEvent event) {
        Page page = open(handler, event);
        return new Reply(
                page.status(),
                page.headers(),
                page.text().isEmpty() ? null : read(page.text().getBytes(StandardCharsets.UTF_8)));
    }

    /** An answer whose body is not JSON (an HTML page, or nothing at all). */
    record Page(int status, Map<String, String> headers, String text) {}

    static Page open(HttpFunction handler, ObjectNode event) {
        return open(handler, typed(event));
    }

    static Page open(HttpFunction handler, APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, TestContext.fresh());
        Page page = new Page(
                response.getStatusCode(),
                response.getHeaders() == null ? Map.of() : response.getHeaders(),
                response.getBody() == null ? "" : response.getBody());
        Contract.check(event.getRouteKey(), page.status(), page.headers(), page.text());
        return page;
    }

    /** An event edited as JSON, decoded as the Lambda runtime decodes it. */
    static APIGatewayV2HTTPEvent typed(ObjectNode event) {
        return HTTP_EVENTS.fromJson(event.toString());
    }

    /** The Cognito trigger, a stream handler: its raw answer. */
    static byte[] invoke(RequestStreamHandler handler, byte[] event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(event), out, TestContext.fresh());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A schedule's run on the sample event {@code file} of events/, as EventBridge delivers it. */
    static JsonNode schedule(RequestHandler<ScheduledEvent, Map<String, Integer>> handler, String file) {
        return Json.MAPPER.valueToTree(
                handler.handleRequest(EventLoader.loadScheduledEvent(eventPath(file)), TestContext.fresh()));
    }

    /** An SNS delivery given as JSON, decoded as the Lambda runtime decodes it; the handler's summary. */
    static JsonNode deliver(MailFeedbackHandler handler, byte[] event) {
        return Json.MAPPER.valueToTree(handler.handleRequest(snsEvent(event), TestContext.fresh()));
    }

    /** An SNS delivery given as JSON, decoded as the Lambda runtime decodes it. */
    static SNSEvent snsEvent(byte[] event) {
        return SNS_EVENTS.fromJson(new String(event, StandardCharsets.UTF_8));
    }

    /** The path of a sample event of events/, for EventLoader and @Event. */
    static String eventPath(String file) {
        return repo().resolve("events").resolve(file).toString();
    }

    static JsonNode read(byte[] json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(JsonNode node) {
        try {
            return Json.MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
