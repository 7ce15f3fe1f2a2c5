package dev.autojoin.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;

/** Writes the local stack's own answers: JSON bodies and RFC 9457 problem documents. */
final class Replies {

    static final ObjectMapper JSON = new ObjectMapper();

    private Replies() {}

    static void json(HttpExchange exchange, int status, JsonNode body) throws IOException {
        bytes(exchange, status, "application/json", JSON.writeValueAsBytes(body));
    }

    /** The same problem shape the functions answer with, so clients parse one kind of error. */
    static void problem(HttpExchange exchange, int status, String code, String title, String detail)
            throws IOException {
        problem(exchange, status, code, title, detail, null);
    }

    /** {@code field} names the offending input, or is null. */
    static void problem(HttpExchange exchange, int status, String code, String title, String detail, String field)
            throws IOException {
        ObjectNode problem = JSON.createObjectNode();
        problem.put("type", "https://autojoin.dev/problems/" + code.replace('_', '-'));
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        problem.put("code", code);
        if (field != null) {
            problem.put("field", field);
        }
        bytes(exchange, status, "application/problem+json", JSON.writeValueAsBytes(problem));
    }

    static void bytes(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        send(exchange, status, body);
    }

    /** Sends headers already set on the exchange, then the body; an empty body is sent as no body at all. */
    static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        boolean noBody = !sendsBody(exchange, status, body);
        exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }

    /** Whether {@link #send} sends {@code body}: not when it is empty, nor to a HEAD, nor with a 204 or 304. */
    static boolean sendsBody(HttpExchange exchange, int status, byte[] body) {
        return body.length > 0 && status != 204 && status != 304 && !"HEAD".equals(exchange.getRequestMethod());
    }
}
