package dev.autojoin.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The HTTP API as API Gateway runs it: route selection, the JWT authorizer on protected routes, a payload 2.0
 * Lambda proxy integration, and API Gateway's own error answers ({@code {"message": ...}}).
 */
final class HttpApiGateway implements HttpHandler {

    /**
     * Sees each answer just before the gateway sends it, as the client will get it (no body to a HEAD). The test
     * suites hold these to openapi.yaml; {@code ./run} has none.
     */
    interface Listener {
        Listener NONE = (routeKey, status, headers, body) -> {};

        /** {@code routeKey} is the selected template.yaml route ({@code "GET /me"}), or null when none matched. */
        void answered(String routeKey, int status, Headers headers, byte[] body);
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final RouteTable routes;
    private final JwtAuthorizer authorizer;
    private final Functions functions;
    private final Clock clock;
    private final Listener listener;

    HttpApiGateway(RouteTable routes, JwtAuthorizer authorizer, Functions functions, Clock clock) {
        this(routes, authorizer, functions, clock, Listener.NONE);
    }

    HttpApiGateway(RouteTable routes, JwtAuthorizer authorizer, Functions functions, Clock clock, Listener listener) {
        this.routes = routes;
        this.authorizer = authorizer;
        this.functions = functions;
        this.clock = clock;
        this.listener = listener;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        Instant received = clock.instant();
        long started = System.nanoTime();
        String requestId = requestId();
        exchange.getResponseHeaders().set("apigw-requestid", requestId);
        String routeKey = null;
        String loggedPath = exchange.getRequestURI().getRawPath();
        int status = 500;
        try {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Optional<RouteTable.Match> match = routes.match(
                    exchange.getRequestMethod(), exchange.getRequestURI().getRawPath());
            if (match.isEmpty()) {
                status = gatewayError(exchange, null, 404, "Not Found");
                return;
            }
            routeKey = match.get().route().routeKey();
            loggedPath = withoutTokens(match.get().route().path(), loggedPath);
            Map<String, String> claims = null;
            if (!match.get().route().isPublic()) {
                Optional<Map<String, String>> verified = authorize(exchange);
                if (verified.isEmpty()) {
                    status = gatewayError(exchange, routeKey, 401, "Unauthorized");
                    return;
                }
                claims = verified.get();
            }
            ObjectNode event = PayloadV2.event(exchange, body, match.get(), claims, requestId, received);
            status = integrate(exchange, routeKey, match.get().route().functionId(), event, requestId);
        } catch (RuntimeException e) {
            logError(requestId, e);
            status = gatewayError(exchange, routeKey, 500, "Internal Server Error");
        } finally {
            accessLog(exchange, requestId, routeKey == null ? "-" : routeKey, loggedPath, status, started);
        }
    }

    /** The verified claims; when there are none, the reason is set in {@code www-authenticate}. */
    private Optional<Map<String, String>> authorize(HttpExchange exchange) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        try {
            return Optional.of(authorizer.authorize(authorization));
        } catch (JwtAuthorizer.RejectedTokenException e) {
            // RFC 6750: a request without any token gets no error code.
            if (authorization != null) {
                exchange.getResponseHeaders()
                        .set(
                                "www-authenticate",
                                "Bearer scope=\"\" error=\"invalid_token\" error_description=\""
                                        + e.getMessage().replace('"', '\'') + "\"");
            }
            return Optional.empty();
        }
    }

    private int integrate(HttpExchange exchange, String routeKey, String functionId, ObjectNode event, String requestId)
            throws IOException {
        PayloadV2.Response response;
        try {
            byte[] output = functions.invoke(functionId, Replies.JSON.writeValueAsBytes(event));
            response = PayloadV2.response(output);
        } catch (Functions.InvocationException | PayloadV2.MalformedResponseException e) {
            logError(requestId, e);
            return gatewayError(exchange, routeKey, 500, "Internal Server Error");
        }
        response.headers().forEach(h -> exchange.getResponseHeaders().add(h.getKey(), h.getValue()));
        return send(exchange, routeKey, response.status(), response.body());
    }

    private int gatewayError(HttpExchange exchange, String routeKey, int status, String message) throws IOException {
        ObjectNode body = Replies.JSON.createObjectNode().put("message", message);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        return send(exchange, routeKey, status, Replies.JSON.writeValueAsBytes(body));
    }

    /** Every answer leaves here: the listener sees it first. */
    private int send(HttpExchange exchange, String routeKey, int status, byte[] body) throws IOException {
        listener.answered(
                routeKey,
                status,
                exchange.getResponseHeaders(),
                Replies.sendsBody(exchange, status, body) ? body : new byte[0]);
        Replies.send(exchange, status, body);
        return status;
    }

    /** API Gateway's request ids look like "JKJaXmPLvHcESHA=": 10 random bytes, base64. */
    private static String requestId() {
        byte[] bytes = new byte[10];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static void logError(String requestId, Exception e) {
        ObjectNode line = Replies.JSON
                .createObjectNode()
                .put("level", "ERROR")
                .put("requestId", requestId)
                .put("message", e.getMessage());
        synchronized (System.out) {
            System.out.println(line);
            e.printStackTrace(System.out);
        }
    }

    /**
     * The path as the access log shows it: a path parameter named like a token ({@code /invites/{token}}) keeps its
     * placeholder, because tokens are never logged (emailed links carry them).
     */
    static String withoutTokens(String routePath, String rawPath) {
        String[] template = routePath.split("/", -1);
        String[] segments = rawPath.split("/", -1);
        if (template.length != segments.length) {
            return rawPath;
        }
        for (int i = 0; i < template.length; i++) {
            if (template[i].startsWith("{")
                    && template[i].toLowerCase(Locale.ROOT).contains("token")) {
                segments[i] = template[i];
            }
        }
        return String.join("/", segments);
    }

    /** One line per request, like an HTTP API access log. */
    private static void accessLog(
            HttpExchange exchange, String requestId, String routeKey, String path, int status, long started) {
        ObjectNode line = Replies.JSON
                .createObjectNode()
                .put("requestId", requestId)
                .put("httpMethod", exchange.getRequestMethod())
                .put("path", path)
                .put("routeKey", routeKey)
                .put("status", status)
                .put("latencyMs", (System.nanoTime() - started) / 1_000_000);
        System.out.println(line);
    }
}
