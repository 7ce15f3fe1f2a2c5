package dev.autojoin.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.autojoin.local.SamTemplate.Route;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code GET /_local/events} lists the sample events of {@code events/} with the function each one is for (a Cognito
 * trigger event: the Post confirmation trigger; an HTTP API event: the function behind its {@code routeKey}; an SNS
 * notification: the function subscribed to a topic);
 * {@code GET /_local/events/<name>} answers one of them, for {@code POST /_local/invoke/<function>}.
 */
final class SampleEvents implements HttpHandler {

    static final String PATH = LocalRoutes.PREFIX + "/events";

    private final Path directory;
    private final SamTemplate template;

    SampleEvents(Path directory, SamTemplate template) {
        this.directory = directory;
        this.template = template;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        if (!exchange.getRequestMethod().equals("GET")) {
            exchange.getResponseHeaders().set("Allow", "GET");
            Replies.problem(exchange, 405, "method_not_allowed", "Method Not Allowed", "Use GET.");
            return;
        }
        String path = exchange.getRequestURI().getPath();
        if (path.equals(PATH) || path.equals(PATH + "/")) {
            list(exchange);
            return;
        }
        if (!path.startsWith(PATH + "/")) {
            Replies.problem(exchange, 404, "not_found", "Not Found", "The local stack has no GET " + path + ".");
            return;
        }
        String name = path.substring(PATH.length() + 1);
        // Only a name from the listing: nothing outside events/ can be asked for.
        if (!names().contains(name)) {
            Replies.problem(exchange, 404, "not_found", "Not Found", "events/ has no sample event " + name + ".");
            return;
        }
        Replies.bytes(exchange, 200, "application/json", Files.readAllBytes(directory.resolve(name)));
    }

    private void list(HttpExchange exchange) throws IOException {
        ArrayNode events = Replies.JSON.createArrayNode();
        for (String name : names()) {
            JsonNode event;
            try {
                event = Replies.JSON.readTree(directory.resolve(name).toFile());
            } catch (IOException e) {
                event = Replies.JSON.missingNode();
            }
            events.addObject()
                    .put("name", name)
                    .put("function", functionFor(event).orElse(null));
        }
        Replies.json(exchange, 200, events);
    }

    private Optional<String> functionFor(JsonNode event) {
        if (event.has("triggerSource")) {
            return template.postConfirmationTrigger();
        }
        if ("aws:sns".equals(event.path("Records").path(0).path("EventSource").asText())
                && template.snsSubscribers().size() == 1) {
            return Optional.of(template.snsSubscribers().get(0));
        }
        String routeKey = event.path("routeKey").asText("");
        return template.routes().stream()
                .filter(route -> route.routeKey().equals(routeKey))
                .map(Route::functionId)
                .findFirst();
    }

    private List<String> names() throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".json"))
                    .sorted()
                    .toList();
        }
    }
}
