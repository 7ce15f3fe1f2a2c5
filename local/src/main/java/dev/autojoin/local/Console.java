package dev.autojoin.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.autojoin.local.SamTemplate.Route;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The local console, a small web app over the public HTTP API: {@code GET /} is its page, {@code /console/...} its
 * scripts and styles (classpath {@code console/}). Every other path goes on to the HTTP API, so the console can never
 * shadow an API route: {@link #inFrontOf} refuses a template that routes {@code /} or {@code /console}.
 */
final class Console implements HttpHandler {

    static final String ASSETS = "/console/";

    private static final Pattern ASSET_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*(/[a-z0-9][a-z0-9_-]*)*\\.[a-z]+");

    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml");

    /**
     * Nothing beyond this origin: no CDN, no remote image in a rendered email. Inline styles are allowed because the
     * emails rendered in the outbox (srcdoc frames inherit this policy) carry them; inline scripts are not.
     */
    private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-src 'self'; "
            + "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    private final HttpHandler api;

    private Console(HttpHandler api) {
        this.api = api;
    }

    /** The console at {@code /} and {@code /console/...}, {@code api} for every other path. */
    static HttpHandler inFrontOf(HttpHandler api, List<Route> routes) {
        routes.stream()
                .filter(route -> route.path().equals("/") || (route.path() + "/").startsWith(ASSETS))
                .findFirst()
                .ifPresent(route -> {
                    throw new IllegalStateException("template.yaml routes " + route.routeKey()
                            + ", which the local console serves: give the route another path");
                });
        return new Console(api);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (path.equals("/")) {
            asset(exchange, "index.html");
        } else if (path.startsWith(ASSETS)) {
            asset(exchange, path.substring(ASSETS.length()));
        } else {
            api.handle(exchange);
        }
    }

    private static void asset(HttpExchange exchange, String name) throws IOException {
        exchange.getRequestBody().readAllBytes();
        String method = exchange.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            Replies.problem(exchange, 405, "method_not_allowed", "Method Not Allowed", "The console is read-only.");
            return;
        }
        String contentType = ASSET_NAME.matcher(name).matches()
                ? CONTENT_TYPES.get(name.substring(name.lastIndexOf('.') + 1))
                : null;
        byte[] body = contentType == null ? null : read("console/" + name);
        if (body == null) {
            Replies.problem(exchange, 404, "not_found", "Not Found", "The console has no " + ASSETS + name + ".");
            return;
        }
        var headers = exchange.getResponseHeaders();
        // Edits show on reload while ./run is up; nothing here is worth caching on localhost.
        headers.set("Cache-Control", "no-cache");
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        Replies.bytes(exchange, 200, contentType, body);
    }

    private static byte[] read(String resource) throws IOException {
        try (InputStream in = Console.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        }
    }
}
