package dev.autojoin.handler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.autojoin.testing.TableFromTemplate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * openapi.yaml as the integration suites hold every answer to it: the operation of the route, the status (or its
 * {@code 4XX} range, or {@code default}), the media type, and the body against that media type's schema (JSON Schema
 * 2020-12, networknt). An answer the contract does not describe throws {@link AssertionError}. The functions' suites
 * check what {@code TestStack} gets from a handler; the local suites, what the local HTTP API gateway sends
 * ({@code dev.autojoin.local.GatewayContract}).
 */
public final class Contract {
    private static final JsonNode OPENAPI = load();
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final Map<JsonNode, JsonSchema> COMPILED = new ConcurrentHashMap<>();
    private static final AtomicInteger VALIDATED = new AtomicInteger();
    /** Answers left unchecked, by the rule that left them: no answer is skipped without a named reason. */
    private static final Map<String, AtomicInteger> SKIPPED = new ConcurrentHashMap<>();

    private static final String UNNAMED_ROUTE = "a route key the contract does not name";

    static {
        // The count of one suite's JVM, for the closing note of a build: beside the captured logs.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Path logs = Path.of(System.getProperty("autojoin.testLogs", "target/test-logs"));
                Files.createDirectories(logs);
                Files.writeString(
                        logs.resolve("contract-" + ProcessHandle.current().pid() + ".txt"),
                        VALIDATED.get() + " answers checked against openapi.yaml" + skippedSummary() + "\n");
            } catch (IOException ignored) {
                // Only a count for the closing note; the suite's result does not depend on it.
            }
        }));
    }

    private Contract() {}

    /** How many answers this JVM checked against the contract. */
    public static int validated() {
        return VALIDATED.get();
    }

    /** Counts an answer left unchecked under {@code rule}, which the count file names. */
    public static void skipped(String rule) {
        SKIPPED.computeIfAbsent(rule, r -> new AtomicInteger()).incrementAndGet();
    }

    /** Whether openapi.yaml has the operation of {@code routeKey} ({@code "GET /me"}, a template.yaml route key). */
    public static boolean describes(String routeKey) {
        return !operation(routeKey).isMissingNode();
    }

    /**
     * Checks one answer of {@code routeKey} ({@code "GET /me"}); {@code headers} are the answer's, by any case of
     * name. A route key the contract does not name (a hostile path the handler refuses before routing) is not the
     * contract's to judge: it is counted as skipped under that rule.
     */
    public static void check(String routeKey, int status, Map<String, String> headers, String body) {
        JsonNode operation = operation(routeKey);
        if (operation.isMissingNode()) {
            skipped(UNNAMED_ROUTE);
            return;
        }
        JsonNode responses = operation.path("responses");
        String code = Integer.toString(status);
        JsonNode response = responses.path(code);
        if (response.isMissingNode()) {
            response = responses.path(code.charAt(0) + "XX");
        }
        if (response.isMissingNode()) {
            response = responses.path("default");
        }
        if (response.isMissingNode()) {
            throw new AssertionError(
                    routeKey + " answered " + status + ", which openapi.yaml does not declare: " + body);
        }
        response = resolved(response);
        String mediaType = mediaType(headers);
        JsonNode content = response.path("content");
        if (body == null || body.isEmpty()) {
            VALIDATED.incrementAndGet();
            return;
        }
        if (mediaType == null || !content.has(mediaType)) {
            throw new AssertionError(routeKey + " " + status + " answered " + mediaType + ", openapi.yaml declares "
                    + content.properties().stream().map(Map.Entry::getKey).toList());
        }
        JsonNode schema = content.path(mediaType).path("schema");
        if (!schema.isMissingNode() && mediaType.contains("json")) {
            JsonNode json;
            try {
                json = Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError(
                        routeKey + " " + status + " answered " + mediaType + " that is not JSON: " + body);
            }
            Set<ValidationMessage> errors = compiled(schema).validate(json);
            if (!errors.isEmpty()) {
                throw new AssertionError(routeKey + " " + status + " " + mediaType + " does not match openapi.yaml: "
                        + errors.stream().map(ValidationMessage::getMessage).collect(Collectors.joining("; "))
                        + "\nbody: " + body);
            }
        }
        VALIDATED.incrementAndGet();
    }

    private static JsonNode operation(String routeKey) {
        if (routeKey == null || !routeKey.contains(" ")) {
            return MissingNode.getInstance();
        }
        String method = routeKey.substring(0, routeKey.indexOf(' ')).toLowerCase(Locale.ROOT);
        return OPENAPI.path("paths")
                .path(routeKey.substring(routeKey.indexOf(' ') + 1))
                .path(method);
    }

    /** {@code "; not the contract's, so not checked: 3 (rule), ..."}, or nothing when every answer was checked. */
    private static String skippedSummary() {
        if (SKIPPED.isEmpty()) {
            return "";
        }
        return "; not the contract's, so not checked: "
                + new TreeMap<>(SKIPPED)
                        .entrySet().stream()
                                .map(e -> e.getValue().get() + " (" + e.getKey() + ")")
                                .collect(Collectors.joining(", "));
    }

    private static String mediaType(Map<String, String> headers) {
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase("content-type")) {
                return header.getValue().split(";")[0].trim().toLowerCase(Locale.ROOT);
            }
        }
        return null;
    }

    /** A response given as {@code $ref: "#/components/responses/..."}, followed. */
    private static JsonNode resolved(JsonNode node) {
        while (node.has("$ref")) {
            node = OPENAPI.at(node.path("$ref").asText().substring(1));
        }
        return node;
    }

    /** The schema with the document's components beside it, so that its {@code #/components/...} refs resolve. */
    private static JsonSchema compiled(JsonNode schema) {
        return COMPILED.computeIfAbsent(schema, s -> {
            ObjectNode root = s.deepCopy();
            root.set("components", OPENAPI.path("components"));
            return SCHEMAS.getSchema(root);
        });
    }

    private static JsonNode load() {
        try {
            Path root = TableFromTemplate.findRepoRoot()
                    .orElseThrow(() -> new IllegalStateException("no template.yaml here or in any parent directory"));
            return new ObjectMapper(new YAMLFactory())
                    .readTree(root.resolve("openapi.yaml").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
