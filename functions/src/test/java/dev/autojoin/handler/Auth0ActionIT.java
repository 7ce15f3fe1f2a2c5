package dev.autojoin.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import com.sun.net.httpserver.HttpServer;
import dev.autojoin.app.ReceiveSignup;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Auth0 Actions we ship ({@code integrations/auth0}), run by the real {@code node} against a local HTTP server:
 * what they send verifies with Standard Webhooks' own Java library and is read by {@code POST /hooks/signup}'s
 * {@link SignupHook} as the sign-up Auth0 reported. Node is a prerequisite ({@code scripts/prerequisites node}), so a
 * missing one fails here rather than skipping.
 */
class Auth0ActionIT {
    private static final String SECRET = "whsec_"
            + Base64.getEncoder().encodeToString("auth0-action-test-secret-32bytes".getBytes(StandardCharsets.UTF_8));
    private static final Path ACTIONS =
            Path.of("..", "integrations", "auth0").toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Requires the action, calls one handler with the event, prints the api calls it made as JSON. */
    private static final String HARNESS =
            """
            const [path, handler, event] = process.argv.slice(1);
            const calls = [];
            const api = { user: { setAppMetadata: (key, value) => calls.push({ setAppMetadata: [key, value] }) } };
            require(path)[handler](JSON.parse(event), api).then(
                () => process.stdout.write(JSON.stringify(calls)),
                (thrown) => { console.error(thrown); process.exit(3); });
            """;

    private record Request(String method, String path, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.getOrDefault(name, List.of()).stream().findFirst().orElse(null);
        }
    }

    private record Run(List<Request> requests, JsonNode apiCalls, String log) {}

    private HttpServer server;
    private final List<Request> received = Collections.synchronizedList(new ArrayList<>());
    private final Deque<Integer> answers = new ArrayDeque<>();

    @TempDir
    Path temp;

    @BeforeAll
    static void nodeIsInstalled() throws Exception {
        Process node;
        try {
            node = new ProcessBuilder("node", "--version")
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException missing) {
            throw new AssertionError("node 18 or newer is a prerequisite (scripts/prerequisites node): " + missing);
        }
        String version = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(node.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(Integer.parseInt(version.replaceFirst("^v(\\d+)\\..*", "$1")))
                .as("node --version said %s; the Actions need 18 or newer (global fetch)", version)
                .isGreaterThanOrEqualTo(18);
    }

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            Map<String, List<String>> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
            received.add(new Request(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(),
                    headers,
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            Integer status;
            synchronized (answers) {
                status = answers.isEmpty() ? 200 : answers.poll();
            }
            byte[] out = "{\"outcome\":\"test\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void postUserRegistration_sendsOurBody_signedWithStandardWebhooks_whichTheSignupHookReads() throws Exception {
        Run run = run("post-user-registration.js", "onExecutePostUserRegistration", user("dana@acme.com", true));

        assertThat(run.requests()).hasSize(1);
        Request request = run.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/hooks/signup");
        assertThat(request.header("content-type")).startsWith("application/json");
        assertThat(request.header("webhook-id")).startsWith("auth0-registration-");
        assertThat(request.header("webhook-signature")).startsWith("v1,");
        verify(SECRET, request.body(), request.headers());
        JsonNode body = JSON.readTree(request.body());
        assertThat(body.size()).isEqualTo(3);
        assertThat(body.get("sub").asText()).isEqualTo("auth0|64f1c0ffee0123456789abcd");
        assertThat(body.get("email").asText()).isEqualTo("dana@acme.com");
        assertThat(body.get("emailVerified").isBoolean()).isTrue();
        assertThat(body.get("emailVerified").asBoolean()).isTrue();

        List<ReceiveSignup.Delivery> read = new SignupHook(new HookSecret(() -> SECRET, Clock.systemUTC()))
                .read(
                        name -> Optional.ofNullable(request.header(name)),
                        request.body().getBytes(StandardCharsets.UTF_8));
        assertThat(read)
                .containsExactly(new ReceiveSignup.Delivery(
                        "signup",
                        request.header("webhook-id"),
                        "auth0|64f1c0ffee0123456789abcd",
                        "dana@acme.com",
                        true));
    }

    @Test
    void aTamperedBody_orAnotherSecret_failsVerification() throws Exception {
        Request request = run(
                        "post-user-registration.js", "onExecutePostUserRegistration", user("dana@acme.com", false))
                .requests()
                .get(0);
        verify(SECRET, request.body(), request.headers());

        String tampered = request.body().replace("\"emailVerified\":false", "\"emailVerified\":true");
        assertThat(tampered).isNotEqualTo(request.body());
        assertThatThrownBy(() -> verify(SECRET, tampered, request.headers()))
                .isInstanceOf(WebhookVerificationException.class);
        String another = "whsec_" + Base64.getEncoder().encodeToString(new byte[32]);
        assertThatThrownBy(() -> verify(another, request.body(), request.headers()))
                .isInstanceOf(WebhookVerificationException.class);
    }

    @Test
    void postUserRegistration_reportsOnlyABooleanTrue_asVerified() throws Exception {
        for (Object flag : List.of(false, "true", 1)) {
            ObjectNode user = user("dana@acme.com", true);
            ((ObjectNode) user.get("user")).putPOJO("email_verified", flag);
            Request request = run("post-user-registration.js", "onExecutePostUserRegistration", user)
                    .requests()
                    .get(0);
            assertThat(JSON.readTree(request.body()).get("emailVerified").asBoolean())
                    .as("email_verified %s", flag)
                    .isFalse();
            received.clear();
        }
    }

    @Test
    void postUserRegistration_retriesA503_underTheSameWebhookId_andStopsAtA4xx() throws Exception {
        answers.addAll(List.of(503, 200));
        Run retried = run("post-user-registration.js", "onExecutePostUserRegistration", user("dana@acme.com", true));

        assertThat(retried.requests()).hasSize(2);
        String id = retried.requests().get(0).header("webhook-id");
        assertThat(retried.requests()).allSatisfy(request -> {
            assertThat(request.header("webhook-id")).isEqualTo(id);
            verify(SECRET, request.body(), request.headers());
        });
        assertThat(retried.log()).contains("answered 503");

        received.clear();
        answers.add(401);
        Run refused = run("post-user-registration.js", "onExecutePostUserRegistration", user("dana@acme.com", true));
        assertThat(refused.requests()).hasSize(1);
        assertThat(refused.requests().get(0).header("webhook-id"))
                .as("the same registration run again is the same delivery")
                .isEqualTo(id);
        assertThat(refused.log()).contains("answered 401");
    }

    @Test
    void postLogin_reportsAVerifiedEmailOnce_andRemembersIt() throws Exception {
        ObjectNode event = user("dana@acme.com", true);
        Run first = run("post-login.js", "onExecutePostLogin", event);

        assertThat(first.requests()).hasSize(1);
        Request request = first.requests().get(0);
        verify(SECRET, request.body(), request.headers());
        assertThat(request.header("webhook-id")).startsWith("auth0-verified-");
        JsonNode body = JSON.readTree(request.body());
        assertThat(body.get("sub").asText()).isEqualTo("auth0|64f1c0ffee0123456789abcd");
        assertThat(body.get("emailVerified").asBoolean()).isTrue();
        JsonNode remembered = first.apiCalls().get(0).get("setAppMetadata");
        assertThat(remembered.get(0).asText()).isEqualTo("autojoin_reported");

        received.clear();
        ((ObjectNode) event.get("user")).putObject("app_metadata").set("autojoin_reported", remembered.get(1));
        Run later = run("post-login.js", "onExecutePostLogin", event);
        assertThat(later.requests()).isEmpty();
        assertThat(later.apiCalls()).isEmpty();
    }

    @Test
    void postLogin_sendsNothing_whileTheEmailIsUnverified() throws Exception {
        Run run = run("post-login.js", "onExecutePostLogin", user("dana@acme.com", false));

        assertThat(run.requests()).isEmpty();
        assertThat(run.apiCalls()).isEmpty();
    }

    /** An Auth0 event for one user, its secrets pointing at this test's server. */
    private ObjectNode user(String email, boolean verified) {
        ObjectNode event = JSON.createObjectNode();
        ObjectNode user = event.putObject("user");
        user.put("user_id", "auth0|64f1c0ffee0123456789abcd");
        user.put("email", email);
        user.put("email_verified", verified);
        user.putObject("app_metadata");
        ObjectNode secrets = event.putObject("secrets");
        secrets.put(
                "AUTOJOIN_HOOK_URL", "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/signup");
        secrets.put("AUTOJOIN_WEBHOOK_SECRET", SECRET);
        return event;
    }

    private Run run(String action, String handler, JsonNode event) throws Exception {
        Path out = temp.resolve("out");
        Path log = temp.resolve("log");
        Process node = new ProcessBuilder(
                        "node", "-e", HARNESS, ACTIONS.resolve(action).toString(), handler, event.toString())
                .redirectOutput(out.toFile())
                .redirectError(log.toFile())
                .start();
        boolean ended = node.waitFor(30, TimeUnit.SECONDS);
        if (!ended) {
            node.destroyForcibly();
        }
        String logged = Files.readString(log);
        assertThat(ended).as("the action ended within 30 s").isTrue();
        assertThat(node.exitValue()).as("node's exit (stderr: %s)", logged).isZero();
        List<Request> requests;
        synchronized (received) {
            requests = List.copyOf(received);
        }
        return new Run(requests, JSON.readTree(Files.readString(out)), logged);
    }

    private static void verify(String secret, String body, Map<String, List<String>> headers) throws Exception {
        new Webhook(secret).verify(body, headers);
    }
}
