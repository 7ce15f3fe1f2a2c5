package dev.autojoin.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.autojoin.config.AdjustableClock;
import dev.autojoin.local.LocalIdentityProvider.User;
import dev.autojoin.local.SamTemplate.FunctionSpec;
import dev.autojoin.local.SamTemplate.Route;
import dev.autojoin.testing.DnsServer;
import dev.autojoin.testing.Emulator;
import dev.autojoin.testing.FirebaseSigner;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The routes only the local stack has, under {@code /_local}: the identity provider (sign-up fires the Post
 * confirmation trigger as Cognito would) and its public keys, direct invocation, the SES outbox (and a bounce or
 * complaint of any email in it) and the route table.
 */
final class LocalRoutes implements HttpHandler {

    static final String PREFIX = "/_local";

    /** Cognito abandons a trigger after 5 s; the product promises to answer well within it (DESIGN §6). */
    private static final Duration COGNITO_TRIGGER_LIMIT = Duration.ofSeconds(5);

    private final LocalIdentityProvider identityProvider;
    private final Functions functions;
    private final SamTemplate template;
    private final Emulator emulator;
    private final DnsServer dns;
    private final SimulatedFeedback feedback;
    private final FirebaseSigner firebase;

    LocalRoutes(
            LocalIdentityProvider identityProvider,
            Functions functions,
            SamTemplate template,
            Emulator emulator,
            DnsServer dns,
            SimulatedFeedback feedback,
            FirebaseSigner firebase) {
        this.firebase = firebase;
        this.identityProvider = identityProvider;
        this.functions = functions;
        this.template = template;
        this.emulator = emulator;
        this.dns = dns;
        this.feedback = feedback;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
        String method = exchange.getRequestMethod();
        try {
            if (path.equals("/users")) {
                if (method.equals("GET")) {
                    users(exchange);
                } else {
                    expect(exchange, "POST", this::signUp);
                }
            } else if (path.equals("/token")) {
                expect(exchange, "POST", this::token);
            } else if (path.startsWith("/invoke/")) {
                expect(exchange, "POST", e -> invoke(e, path.substring("/invoke/".length())));
            } else if (path.equals("/outbox")) {
                expect(exchange, "GET", this::outbox);
            } else if (OUTBOX_FEEDBACK.matcher(path).matches()) {
                expect(exchange, "POST", e -> mailFeedback(e, OUTBOX_FEEDBACK.matcher(path)));
            } else if (path.equals("/clock")) {
                if (exchange.getRequestMethod().equals("GET")) {
                    clockNow(exchange);
                } else {
                    expect(exchange, "POST", this::advanceClock);
                }
            } else if (path.equals("/dns/txt")) {
                expect(exchange, "POST", this::publishTxt);
            } else if (path.equals("/routes")) {
                expect(exchange, "GET", this::routes);
            } else if (path.equals("/firebase/certs")) {
                expect(
                        exchange,
                        "GET",
                        e -> Replies.bytes(
                                e,
                                200,
                                "application/json; charset=UTF-8",
                                firebase.certificates().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            } else if (path.equals("/firebase/token")) {
                expect(exchange, "POST", this::firebaseToken);
            } else if (path.equals("/idp/.well-known/jwks.json")) {
                expect(exchange, "GET", this::publicKeys);
            } else {
                Replies.problem(
                        exchange,
                        404,
                        "not_found",
                        "Not Found",
                        "The local stack has no " + method + " " + PREFIX + path + ".");
            }
        } catch (RuntimeException e) {
            e.printStackTrace(System.out);
            Replies.problem(exchange, 500, "internal_error", "Internal Server Error", e.toString());
        }
    }

    private interface Action {
        void handle(HttpExchange exchange) throws IOException;
    }

    private static void expect(HttpExchange exchange, String method, Action action) throws IOException {
        if (!exchange.getRequestMethod().equals(method)) {
            exchange.getResponseHeaders().set("Allow", method);
            Replies.problem(exchange, 405, "method_not_allowed", "Method Not Allowed", "Use " + method + ".");
            return;
        }
        action.handle(exchange);
    }

    /** {@code {advanceSeconds}} moves every function's clock forward (expiry, re-verification), never back. */
    private void advanceClock(HttpExchange exchange) throws IOException {
        Optional<JsonNode> body = jsonObject(exchange);
        if (body.isEmpty()) {
            return;
        }
        JsonNode seconds = body.get().path("advanceSeconds");
        if (!seconds.canConvertToLong()
                || !seconds.isIntegralNumber()
                || seconds.asLong() <= 0
                || seconds.asLong() > Duration.ofDays(3650).toSeconds()) {
            Replies.problem(
                    exchange,
                    400,
                    "invalid_input",
                    "Bad Request",
                    "advanceSeconds must be a whole number of seconds, 1 to 10 years.",
                    "advanceSeconds");
            return;
        }
        AdjustableClock.advance(Duration.ofSeconds(seconds.asLong()));
        clockNow(exchange);
    }

    /** {@code {name, values}} replaces the TXT records at {@code name} in the local DNS server (no values: none). */
    private void publishTxt(HttpExchange exchange) throws IOException {
        Optional<JsonNode> body = jsonObject(exchange);
        if (body.isEmpty()) {
            return;
        }
        JsonNode name = body.get().path("name");
        JsonNode values = body.get().path("values");
        if (!name.isTextual() || !name.asText().matches("[A-Za-z0-9_.-]{1,253}")) {
            Replies.problem(exchange, 400, "invalid_input", "Bad Request", "name must be a DNS name.", "name");
            return;
        }
        if (!values.isArray() || values.size() > 50) {
            Replies.problem(
                    exchange, 400, "invalid_input", "Bad Request", "values must be an array of strings.", "values");
            return;
        }
        java.util.List<String> texts = new java.util.ArrayList<>();
        for (JsonNode value : values) {
            if (!value.isTextual() || !value.asText().chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
                Replies.problem(
                        exchange,
                        400,
                        "invalid_input",
                        "Bad Request",
                        "each value must be printable ASCII text.",
                        "values");
                return;
            }
            texts.add(value.asText());
        }
        dns.publish(name.asText(), texts);
        ObjectNode published = Replies.JSON.createObjectNode().put("name", name.asText());
        texts.forEach(published.putArray("values")::add);
        published.put("resolver", dns.address());
        Replies.json(exchange, 200, published);
    }

    private static void clockNow(HttpExchange exchange) throws IOException {
        com.fasterxml.jackson.databind.node.ObjectNode now = Replies.JSON.createObjectNode();
        now.put("now", AdjustableClock.now().toString());
        now.put("offsetSeconds", AdjustableClock.offset().toSeconds());
        Replies.json(exchange, 200, now);
    }

    /** {@code {email, emailVerified}} → a confirmed user, the trigger fired, {@code {sub, token}}. */
    private void signUp(HttpExchange exchange) throws IOException {
        Optional<JsonNode> body = jsonObject(exchange);
        if (body.isEmpty()) {
            return;
        }
        JsonNode email = body.get().path("email");
        if (!email.isTextual() || email.asText().isBlank()) {
            Replies.problem(
                    exchange, 400, "invalid_email", "Bad Request", "email must be a non-empty string.", "email");
            return;
        }
        JsonNode verified = body.get().path("emailVerified");
        if (!verified.isMissingNode() && !verified.isBoolean()) {
            Replies.problem(
                    exchange,
                    400,
                    "invalid_input",
                    "Bad Request",
                    "emailVerified must be true or false.",
                    "emailVerified");
            return;
        }
        // Absent means verified: a confirmed sign-up is how Cognito verifies the email (AutoVerifiedAttributes).
        User user;
        try {
            user = identityProvider.register(email.asText(), verified.asBoolean(true));
        } catch (LocalIdentityProvider.UsernameExistsException e) {
            Replies.problem(exchange, 409, "username_exists", "Conflict", e.getMessage(), "email");
            return;
        }
        // Cognito confirms an unverified email only by other means (admin confirm, pre sign-up auto-confirm); the
        // trigger still fires with email_verified "false" so the handler's refusal is exercised locally.
        Optional<String> failure = firePostConfirmation(user);
        if (failure.isPresent()) {
            // Cognito too keeps the confirmed user and fails the call (UnexpectedLambdaException).
            Replies.problem(exchange, 502, "post_confirmation_failed", "Bad Gateway", failure.get());
            return;
        }
        Replies.json(exchange, 201, session(user));
    }

    /** The trigger's failure, if it failed; Cognito rejects output that is not the event (a JSON object). */
    private Optional<String> firePostConfirmation(User user) {
        Optional<String> trigger = template.postConfirmationTrigger();
        if (trigger.isEmpty()) {
            return Optional.empty();
        }
        long started = System.nanoTime();
        try {
            byte[] event = Replies.JSON.writeValueAsBytes(identityProvider.postConfirmationEvent(user));
            JsonNode answer = Replies.JSON.readTree(functions.invoke(trigger.get(), event));
            if (answer == null || !answer.isObject()) {
                return Optional.of(trigger.get() + " returned something other than the event");
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(trigger.get() + " returned output that is not JSON: " + e.getMessage());
        } catch (Functions.InvocationException e) {
            e.printStackTrace(System.out);
            return Optional.of(e.getMessage());
        } finally {
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            if (took.compareTo(COGNITO_TRIGGER_LIMIT) > 0) {
                System.out.println("{\"level\":\"WARN\",\"message\":\"" + trigger.get() + " took " + took.toMillis()
                        + " ms: Cognito would have timed the trigger out\"}");
            }
        }
    }

    /** Every user of the local identity provider, in sign-up order: {@code [{sub, email, emailVerified}]}. */
    private void users(HttpExchange exchange) throws IOException {
        ArrayNode users = Replies.JSON.createArrayNode();
        for (User user : identityProvider.users()) {
            users.addObject()
                    .put("sub", user.sub())
                    .put("email", user.email())
                    .put("emailVerified", user.emailVerified());
        }
        Replies.json(exchange, 200, users);
    }

    /** {@code {sub}} → a fresh ID token for that user. */
    private void token(HttpExchange exchange) throws IOException {
        Optional<JsonNode> body = jsonObject(exchange);
        if (body.isEmpty()) {
            return;
        }
        JsonNode sub = body.get().path("sub");
        if (!sub.isTextual()) {
            Replies.problem(exchange, 400, "invalid_input", "Bad Request", "sub must be a string.", "sub");
            return;
        }
        Optional<User> user = identityProvider.find(sub.asText());
        if (user.isEmpty()) {
            Replies.problem(
                    exchange, 404, "not_found", "Not Found", "No local user has sub " + sub.asText() + ".", "sub");
            return;
        }
        Replies.json(exchange, 200, session(user.get()));
    }

    /**
     * {@code {uid, email, emailVerified, eventId?}}: the token Identity Platform would send a {@code beforeCreate} blocking
     * function for this person, signed by the local "Google" key whose certificate {@code /firebase/certs} serves.
     */
    private void firebaseToken(HttpExchange exchange) throws IOException {
        Optional<JsonNode> body = jsonObject(exchange);
        if (body.isEmpty()) {
            return;
        }
        JsonNode uid = body.get().path("uid");
        JsonNode email = body.get().path("email");
        if (!uid.isTextual() || !email.isTextual()) {
            Replies.problem(exchange, 400, "invalid_input", "Bad Request", "uid and email must be strings.");
            return;
        }
        String jwt = firebase.beforeCreate(
                System.getProperty("FIREBASE_PROJECT_ID"),
                System.getProperty("FIREBASE_AUDIENCE"),
                body.get().path("eventId").isTextual()
                        ? body.get().path("eventId").asText()
                        : java.util.UUID.randomUUID().toString(),
                uid.asText(),
                email.asText(),
                body.get().path("emailVerified").asBoolean(false),
                java.time.Instant.now());
        Replies.json(exchange, 200, Replies.JSON.createObjectNode().put("jwt", jwt));
    }

    /** Like Lambda's Invoke API: the raw output, or 200 with X-Amz-Function-Error and the error document. */
    private void invoke(HttpExchange exchange, String functionId) throws IOException {
        byte[] event = exchange.getRequestBody().readAllBytes();
        if (functions.spec(functionId).isEmpty()) {
            Replies.problem(
                    exchange, 404, "not_found", "Not Found", "template.yaml has no function " + functionId + ".");
            return;
        }
        byte[] output;
        try {
            output = functions.invoke(functionId, event);
        } catch (Functions.InvocationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            StringWriter trace = new StringWriter();
            cause.printStackTrace(new PrintWriter(trace));
            ObjectNode error = Replies.JSON
                    .createObjectNode()
                    .put("errorMessage", String.valueOf(cause.getMessage()))
                    .put("errorType", cause.getClass().getName());
            trace.toString().lines().skip(1).map(String::strip).forEach(error.putArray("stackTrace")::add);
            exchange.getResponseHeaders().set("X-Amz-Function-Error", "Unhandled");
            Replies.json(exchange, 200, error);
            return;
        }
        Replies.bytes(exchange, 200, "application/json", output);
    }

    /** {@code /outbox/<n>/bounce} or {@code /outbox/<n>/complaint}: n counts from 0 in {@code GET /_local/outbox}. */
    private static final Pattern OUTBOX_FEEDBACK = Pattern.compile("/outbox/([0-9]{1,6})/(bounce|complaint)");

    /**
     * SES's permanent bounce of (or a spam complaint about) the n-th email of the outbox, delivered to the function
     * subscribed to the mail feedback topic as SNS would: the answer is that function's output.
     */
    private void mailFeedback(HttpExchange exchange, Matcher matched) throws IOException {
        exchange.getRequestBody().readAllBytes();
        matched.matches();
        int index = Integer.parseInt(matched.group(1));
        java.util.List<Emulator.SentEmail> sent = emulator.sentEmails();
        if (index >= sent.size() || sent.get(index).to().isEmpty()) {
            Replies.problem(
                    exchange,
                    404,
                    "not_found",
                    "Not Found",
                    "The outbox has no email " + index + " (it counts from 0).");
            return;
        }
        if (template.snsSubscribers().size() != 1) {
            Replies.problem(
                    exchange,
                    404,
                    "not_found",
                    "Not Found",
                    "template.yaml has no single function subscribed to an SNS topic to deliver feedback to.");
            return;
        }
        SimulatedFeedback.Kind kind =
                matched.group(2).equals("bounce") ? SimulatedFeedback.Kind.BOUNCE : SimulatedFeedback.Kind.COMPLAINT;
        String recipient = sent.get(index).to().get(0);
        byte[] output;
        try {
            output = functions.invoke(
                    template.snsSubscribers().get(0), feedback.event(kind, recipient, AdjustableClock.now()));
        } catch (Functions.InvocationException e) {
            e.printStackTrace(System.out);
            Replies.problem(exchange, 502, "function_failed", "Bad Gateway", e.getMessage());
            return;
        }
        Replies.bytes(exchange, 200, "application/json", output);
    }

    private void outbox(HttpExchange exchange) throws IOException {
        ArrayNode emails = Replies.JSON.createArrayNode();
        for (Emulator.SentEmail sent : emulator.sentEmails()) {
            ObjectNode email = emails.addObject();
            email.put("from", sent.from());
            sent.to().forEach(email.putArray("to")::add);
            email.put("subject", sent.subject());
            email.put("text", sent.text());
            email.put("html", sent.html());
            email.put("sentAt", sent.sentAt() == null ? null : sent.sentAt().toString());
        }
        Replies.json(exchange, 200, emails);
    }

    /** Where a JWT authorizer (or the web app) would fetch the issuer's keys, as from Cognito. */
    private void publicKeys(HttpExchange exchange) throws IOException {
        Replies.json(
                exchange,
                200,
                Replies.JSON.valueToTree(identityProvider.publicKeys().toJSONObject()));
    }

    private void routes(HttpExchange exchange) throws IOException {
        ArrayNode routes = Replies.JSON.createArrayNode();
        Map<String, FunctionSpec> specs = template.functions();
        for (Route route : template.routes()) {
            routes.addObject()
                    .put("routeKey", route.routeKey())
                    .put("method", route.method())
                    .put("path", route.path())
                    .put("function", route.functionId())
                    .put("handler", specs.get(route.functionId()).handlerClass())
                    .put("public", route.isPublic());
        }
        Replies.json(exchange, 200, routes);
    }

    private ObjectNode session(User user) {
        return Replies.JSON.createObjectNode().put("sub", user.sub()).put("token", identityProvider.idToken(user));
    }

    /** The body as a JSON object, or empty after answering 400. */
    private static Optional<JsonNode> jsonObject(HttpExchange exchange) throws IOException {
        JsonNode body;
        try {
            body = Replies.JSON.readTree(exchange.getRequestBody().readAllBytes());
        } catch (IOException e) {
            Replies.problem(exchange, 400, "malformed_body", "Bad Request", "The body is not valid JSON.");
            return Optional.empty();
        }
        if (body == null || !body.isObject()) {
            Replies.problem(exchange, 400, "malformed_body", "Bad Request", "The body must be a JSON object.");
            return Optional.empty();
        }
        return Optional.of(body);
    }
}
