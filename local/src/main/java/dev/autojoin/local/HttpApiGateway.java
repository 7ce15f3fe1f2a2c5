package dev.autojoin.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * The HTTP API as API Gateway runs it: route selection, the JWT authorizer on protected routes, a payload 2.0
 * Lambda proxy integration, and API Gateway's own error answers ({@code {"message": ...}}).
 */
final class HttpApiGateway implements HttpHandler {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final RouteTable routes;
    private final JwtAuthorizer authorizer;
    private final Functions functions;
    private final Clock clock;

    HttpApiGateway(RouteTable routes, JwtAuthorizer authorizer, Functions functions, Clock clock) {
        this.routes = routes;
        this.authorizer = authorizer;
        this.functions = functions;
        this.clock = clock;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        Instant received = clock.instant();
        long started = System.nanoTime();
        String requestId = requestId();
        exchange.getResponseHeaders().set("apigw-requestid", requestId);
        String routeKey = "-";
        int status = 500;
        try {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Optional<RouteTable.Match> match = routes.match(
                    exchange.getRequestMethod(), exchange.getRequestURI().getRawPath());
            if (match.isEmpty()) {
                status = gatewayError(exchange, 404, "Not Found");
                return;
            }
            routeKey = match.get().route().routeKey();
            Map<String, String> claims = null;
            if (!match.get().route().isPublic()) {
                Optional<Map<String, String>> verified = authorize(exchange);
                if (verified.isEmpty()) {
                    status = gatewayError(exchange, 401, "Unauthorized");
                    return;
                }
                claims = verified.get();
            }
            ObjectNode event = PayloadV2.event(exchange, body, match.get(), claims, requestId, received);
            status = integrate(exchange, match.get().route().functionId(), event, requestId);
        } catch (RuntimeException e) {
            logError(requestId, e);
            status = gatewayError(exchange, 500, "Internal Server Error");
        } finally {
            accessLog(exchange, requestId, routeKey, status, started);
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

    private int integrate(HttpExchange exchange, String functionId, ObjectNode event, String requestId)
            throws IOException {
        PayloadV2.Response response;
        try {
            byte[] output = functions.invoke(functionId, Replies.JSON.writeValueAsBytes(event));
            response = PayloadV2.response(output);
        } catch (Functions.InvocationException | PayloadV2.MalformedResponseException e) {
            logError(requestId, e);
            return gatewayError(exchange, 500, "Internal Server Error");
        }
        response.headers().forEach(h -> exchange.getResponseHeaders().add(h.getKey(), h.getValue()));
        Replies.send(exchange, response.status(), response.body());
        return response.status();
    }

    private static int gatewayError(HttpExchange exchange, int status, String message) throws IOException {
        ObjectNode body = Replies.JSON.createObjectNode().put("message", message);
        Replies.json(exchange, status, body);
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

    /** Link tokens are secrets: a path that carries one is logged as its route's template. */
    private static String loggablePath(String rawPath, String routeKey) {
        return routeKey.contains("{token}") ? routeKey.substring(routeKey.indexOf(' ') + 1) : rawPath;
    }

    /** One line per request, like an HTTP API access log. */
    private static void accessLog(HttpExchange exchange, String requestId, String routeKey, int status, long started) {
        ObjectNode line = Replies.JSON
                .createObjectNode()
                .put("requestId", requestId)
                .put("httpMethod", exchange.getRequestMethod())
                .put("path", loggablePath(exchange.getRequestURI().getRawPath(), routeKey))
                .put("routeKey", routeKey)
                .put("status", status)
                .put("latencyMs", (System.nanoTime() - started) / 1_000_000);
        System.out.println(line);
    }
}
