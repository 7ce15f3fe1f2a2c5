package dev.autojoin.handler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autojoin.adapter.ses.SesEmailSender;
import dev.autojoin.config.Env;
import dev.autojoin.config.Timeouts;
import dev.autojoin.config.Wiring;
import dev.autojoin.testing.Emulator;
import dev.autojoin.testing.EmulatorExtension;
import dev.autojoin.testing.RequestCounter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/** The real handlers, wired as in Lambda but pointed at the emulator, with every DynamoDB request counted. */
final class TestStack {
    static final String WEBHOOK_SECRET = "test-webhook-secret-0123456789abcdef";

    final RequestCounter requests = new RequestCounter();
    final Env env;
    final Wiring wiring;
    final SettingsHandler settings;
    final DomainsHandler domains;
    final PostSignupHandler postSignup;

    TestStack(Emulator emulator) {
        this(emulator, Timeouts.API);
    }

    TestStack(Emulator emulator, Timeouts timeouts) {
        this(emulator, emulator.endpoint().toString(), timeouts);
    }

    TestStack(Emulator emulator, String endpoint, Timeouts timeouts) {
        this(emulator, endpoint, timeouts, List.of());
    }

    /** With more interceptors on the DynamoDB client, after the request counter. */
    TestStack(Emulator emulator, String endpoint, Timeouts timeouts, List<ExecutionInterceptor> more) {
        Map<String, String> values = Map.of(
                "TABLE_NAME",
                EmulatorExtension.TABLE,
                "AWS_REGION",
                emulator.region(),
                "AWS_ENDPOINT_URL",
                endpoint,
                "SENDER_EMAIL",
                EmulatorExtension.SENDER,
                "APP_BASE_URL",
                "http://localhost:3000",
                "SIGNUP_WEBHOOK_SECRET",
                WEBHOOK_SECRET);
        env = new Env(values::get);
        wiring = new Wiring(
                        env,
                        Clock.systemUTC(),
                        Wiring.dynamoDb(env, timeouts, emulator.credentials(), interceptors(more)))
                .withEmailSender(new SesEmailSender(emulator.ses(), EmulatorExtension.SENDER));
        settings = new SettingsHandler(wiring);
        domains = new DomainsHandler(wiring);
        postSignup = new PostSignupHandler(wiring);
    }

    /**
     * With a clock the test moves, TXT lookups against the DNS server at {@code dnsResolver}, and email sent through
     * the emulator's SES (readable with {@code Emulator.sentEmails()}).
     */
    TestStack(Emulator emulator, Clock clock, String dnsResolver) {
        Map<String, String> values = Map.of(
                "TABLE_NAME",
                EmulatorExtension.TABLE,
                "AWS_REGION",
                emulator.region(),
                "AWS_ENDPOINT_URL",
                emulator.endpoint().toString(),
                "SENDER_EMAIL",
                EmulatorExtension.SENDER,
                "APP_BASE_URL",
                "http://localhost:3000",
                "SIGNUP_WEBHOOK_SECRET",
                WEBHOOK_SECRET,
                "DNS_RESOLVER",
                dnsResolver);
        env = new Env(values::get);
        wiring = new Wiring(env, clock, Wiring.dynamoDb(env, Timeouts.API, emulator.credentials(), List.of(requests)))
                .withEmailSender(new SesEmailSender(emulator.ses(), EmulatorExtension.SENDER));
        settings = new SettingsHandler(wiring);
        domains = new DomainsHandler(wiring);
        postSignup = new PostSignupHandler(wiring);
    }

    private List<ExecutionInterceptor> interceptors(List<ExecutionInterceptor> more) {
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
        ObjectNode event = (ObjectNode) read(event("http-get-me.json"));
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
            ObjectNode claims =
                    (ObjectNode) context.path("authorizer").path("jwt").path("claims");
            claims.put("sub", user.sub());
            claims.put("email", user.email());
            claims.put("email_verified", user.verified() ? "true" : "false");
        }
        return event;
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

    record User(String sub, String email, boolean verified) {
        static User verified(String email) {
            return new User(UUID.randomUUID().toString(), email, true);
        }
    }

    record Reply(int status, Map<String, String> headers, JsonNode body) {}

    static Reply call(com.amazonaws.services.lambda.runtime.RequestStreamHandler handler, ObjectNode event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(bytes(event)), out, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JsonNode response = read(out.toByteArray());
        Map<String, String> headers = Json.MAPPER.convertValue(
                response.path("headers"),
                Json.MAPPER.getTypeFactory().constructMapType(Map.class, String.class, String.class));
        String body = response.path("body").asText("");
        return new Reply(
                response.path("statusCode").asInt(),
                headers,
                body.isEmpty() ? null : read(body.getBytes(StandardCharsets.UTF_8)));
    }

    static byte[] invoke(com.amazonaws.services.lambda.runtime.RequestStreamHandler handler, byte[] event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(event), out, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
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
