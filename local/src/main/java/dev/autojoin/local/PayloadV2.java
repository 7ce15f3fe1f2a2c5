package dev.autojoin.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.autojoin.handler.InvocationContext;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * API Gateway HTTP API payload format 2.0: the event a Lambda integration receives, and how the function's answer
 * becomes the HTTP response.
 */
final class PayloadV2 {

    static final String API_ID = "local";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    /** Bodies of other types (and of none) arrive base64-encoded, as API Gateway sends them. */
    private static final Set<String> TEXT_TYPES =
            Set.of("application/json", "application/xml", "application/javascript");

    /** What API Gateway sends back to the client. */
    record Response(int status, List<Map.Entry<String, String>> headers, byte[] body) {}

    /** The function's answer is not a response API Gateway can send: the client gets a 500. */
    static final class MalformedResponseException extends Exception {
        MalformedResponseException(String reason) {
            super(reason);
        }
    }

    private PayloadV2() {}

    /**
     * The event for one request; {@code claims} is null on a route without an authorizer. Absent parts (cookies,
     * query, path parameters, body) are left out, as API Gateway leaves them out.
     */
    static ObjectNode event(
            HttpExchange exchange,
            byte[] body,
            RouteTable.Match match,
            Map<String, String> claims,
            String requestId,
            Instant now) {
        String rawPath = exchange.getRequestURI().getRawPath();
        String rawQuery = exchange.getRequestURI().getRawQuery();
        Map<String, String> headers = headers(exchange);
        List<String> cookies = cookies(exchange);
        String routeKey = match.route().routeKey();

        ObjectNode event = Replies.JSON.createObjectNode();
        event.put("version", "2.0");
        event.put("routeKey", routeKey);
        event.put("rawPath", rawPath);
        event.put("rawQueryString", rawQuery == null ? "" : rawQuery);
        if (!cookies.isEmpty()) {
            cookies.forEach(event.putArray("cookies")::add);
        }
        headers.forEach(event.putObject("headers")::put);
        if (rawQuery != null && !rawQuery.isEmpty()) {
            queryParameters(rawQuery).forEach(event.putObject("queryStringParameters")::put);
        }

        ObjectNode context = event.putObject("requestContext");
        context.put("accountId", InvocationContext.ACCOUNT_ID);
        context.put("apiId", API_ID);
        if (claims != null) {
            ObjectNode jwt = context.putObject("authorizer").putObject("jwt");
            claims.forEach(jwt.putObject("claims")::put);
            jwt.putNull("scopes");
        }
        String domainName = headers.getOrDefault("host", "localhost").replaceFirst(":\\d+$", "");
        context.put("domainName", domainName);
        context.put(
                "domainPrefix",
                domainName.contains(".") ? domainName.substring(0, domainName.indexOf('.')) : domainName);
        ObjectNode http = context.putObject("http");
        http.put("method", exchange.getRequestMethod());
        http.put("path", rawPath);
        http.put("protocol", exchange.getProtocol());
        http.put("sourceIp", sourceIp(exchange));
        http.put("userAgent", headers.getOrDefault("user-agent", ""));
        context.put("requestId", requestId);
        context.put("routeKey", routeKey);
        context.put("stage", "$default");
        context.put("time", TIME.format(now));
        context.put("timeEpoch", now.toEpochMilli());

        boolean base64 = body.length > 0 && !isText(headers.get("content-type"));
        if (body.length > 0) {
            event.put(
                    "body",
                    base64 ? Base64.getEncoder().encodeToString(body) : new String(body, StandardCharsets.UTF_8));
        }
        if (!match.pathParameters().isEmpty()) {
            match.pathParameters().forEach(event.putObject("pathParameters")::put);
        }
        event.put("isBase64Encoded", base64);
        return event;
    }

    /**
     * A JSON object with {@code statusCode} is a response; any other valid JSON is the body of a 200 with
     * {@code content-type: application/json}; anything else is malformed.
     */
    static Response response(byte[] output) throws MalformedResponseException {
        JsonNode answer;
        try {
            answer = Replies.JSON.readTree(output);
        } catch (IOException e) {
            throw new MalformedResponseException("the function's output is not JSON: " + e.getMessage());
        }
        if (answer == null || answer.isMissingNode()) {
            throw new MalformedResponseException("the function returned nothing");
        }
        if (!answer.isObject() || !answer.has("statusCode")) {
            return new Response(200, List.of(Map.entry("Content-Type", "application/json")), output);
        }
        JsonNode statusCode = answer.get("statusCode");
        if (!statusCode.canConvertToInt() || statusCode.asInt() < 100 || statusCode.asInt() > 599) {
            throw new MalformedResponseException("statusCode is not an HTTP status: " + statusCode);
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        // Payload 2.0 has no multiValueHeaders (API Gateway ignores them): a repeated header is one comma-joined value.
        answer.path("headers")
                .properties()
                .forEach(h -> headers.add(Map.entry(h.getKey(), h.getValue().asText())));
        answer.path("cookies").forEach(cookie -> headers.add(Map.entry("Set-Cookie", cookie.asText())));
        return new Response(statusCode.asInt(), headers, body(answer));
    }

    private static byte[] body(JsonNode answer) throws MalformedResponseException {
        JsonNode body = answer.path("body");
        if (body.isMissingNode() || body.isNull()) {
            return new byte[0];
        }
        String text = body.isTextual() ? body.asText() : body.toString();
        if (!answer.path("isBase64Encoded").asBoolean(false)) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new MalformedResponseException("isBase64Encoded is true but the body is not base64");
        }
    }

    /** Lower-cased names; repeated headers joined with commas; cookies move to {@code cookies}. */
    private static Map<String, String> headers(HttpExchange exchange) {
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> {
            String key = name.toLowerCase(Locale.ROOT);
            if (!key.equals("cookie")) {
                headers.merge(key, String.join(",", values), (a, b) -> a + "," + b);
            }
        });
        headers.merge("x-forwarded-for", sourceIp(exchange), (client, proxy) -> client + ", " + proxy);
        headers.putIfAbsent(
                "x-forwarded-port", Integer.toString(exchange.getLocalAddress().getPort()));
        headers.putIfAbsent("x-forwarded-proto", "http");
        headers.putIfAbsent("x-amzn-trace-id", traceId());
        return headers;
    }

    private static List<String> cookies(HttpExchange exchange) {
        List<String> cookies = new ArrayList<>();
        exchange.getRequestHeaders().getOrDefault("Cookie", List.of()).forEach(header -> {
            for (String cookie : header.split(";")) {
                if (!cookie.isBlank()) {
                    cookies.add(cookie.strip());
                }
            }
        });
        return cookies;
    }

    /** Decoded names and values; a repeated name's values are joined with commas. */
    private static Map<String, String> queryParameters(String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            parameters.merge(name, value, (a, b) -> a + "," + b);
        }
        return parameters;
    }

    private static String decode(String raw) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformedEscape) {
            return raw;
        }
    }

    private static boolean isText(String contentType) {
        if (contentType == null) {
            return false;
        }
        String mediaType = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return mediaType.startsWith("text/") || TEXT_TYPES.contains(mediaType);
    }

    private static String sourceIp(HttpExchange exchange) {
        return exchange.getRemoteAddress().getAddress().getHostAddress();
    }

    /** X-Ray's format: Root=1-{epoch seconds, hex}-{96 random bits, hex}. */
    private static String traceId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return String.format(
                "Root=1-%08x-%08x%016x", System.currentTimeMillis() / 1000, random.nextInt(), random.nextLong());
    }
}
