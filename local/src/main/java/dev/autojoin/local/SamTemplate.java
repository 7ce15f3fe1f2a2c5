package dev.autojoin.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the local stack needs from {@code template.yaml}: each function's handler class, timeout and memory, its
 * {@code HttpApi} routes, which function is the user pool's Post confirmation trigger, and which functions an SNS
 * topic invokes. CloudFormation short-form tags ({@code !Ref}, {@code !GetAtt}) are dropped by Jackson's YAML reader,
 * which keeps their values.
 */
record SamTemplate(
        Map<String, FunctionSpec> functions,
        List<Route> routes,
        Optional<String> postConfirmationTrigger,
        List<String> snsSubscribers) {

    /** SAM's defaults when neither the function nor {@code Globals.Function} sets them. */
    private static final int DEFAULT_TIMEOUT_SECONDS = 3;

    private static final int DEFAULT_MEMORY_MB = 128;

    /** One Lambda function, as the local runtime starts it. */
    record FunctionSpec(String logicalId, String handlerClass, Duration timeout, int memoryMb) {}

    /** One HTTP API route: {@code method} is upper case or {@code ANY}; {@code path} may hold {@code {param}}. */
    record Route(String method, String path, String functionId, boolean isPublic) {
        String routeKey() {
            return "$default".equals(path) ? path : method + " " + path;
        }
    }

    static SamTemplate read(Path template) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(template.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + template, e);
        }
        if (root == null || !root.path("Resources").isObject()) {
            throw new IllegalStateException(template + " has no Resources");
        }
        JsonNode globals = root.path("Globals");
        Map<String, FunctionSpec> functions = new LinkedHashMap<>();
        List<Route> routes = new ArrayList<>();
        Optional<String> trigger = Optional.empty();
        List<String> snsSubscribers = new ArrayList<>();
        for (Map.Entry<String, JsonNode> resource : root.path("Resources").properties()) {
            String type = resource.getValue().path("Type").asText();
            JsonNode properties = resource.getValue().path("Properties");
            if ("AWS::Serverless::Function".equals(type)) {
                functions.put(resource.getKey(), function(resource.getKey(), properties, globals.path("Function")));
                routes.addAll(httpRoutes(resource.getKey(), properties, root));
                if (hasCognitoPostConfirmationEvent(properties)) {
                    trigger = Optional.of(resource.getKey());
                }
                if (hasEventOfType(properties, "SNS")) {
                    snsSubscribers.add(resource.getKey());
                }
            } else if ("AWS::Cognito::UserPool".equals(type) && trigger.isEmpty()) {
                trigger = logicalIdOf(properties.path("LambdaConfig").path("PostConfirmation"));
            }
        }
        return new SamTemplate(
                Map.copyOf(functions),
                List.copyOf(routes),
                trigger.map(id -> functionBehind(id, functions)),
                List.copyOf(snsSubscribers));
    }

    /** SAM names a function's AutoPublishAlias "{@code <Function>Alias<alias>}"; the trigger may point at it. */
    private static String functionBehind(String logicalId, Map<String, FunctionSpec> functions) {
        if (functions.containsKey(logicalId)) {
            return logicalId;
        }
        return functions.keySet().stream()
                .filter(function -> logicalId.startsWith(function + "Alias"))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("template.yaml: the PostConfirmation trigger " + logicalId
                        + " is no function of the template"));
    }

    private static FunctionSpec function(String logicalId, JsonNode properties, JsonNode globalFunction) {
        String handler = firstText(properties.path("Handler"), globalFunction.path("Handler"))
                .orElseThrow(() -> new IllegalStateException("template.yaml: " + logicalId + " has no Handler"));
        int timeout = firstInt(properties.path("Timeout"), globalFunction.path("Timeout"), DEFAULT_TIMEOUT_SECONDS);
        int memory = firstInt(properties.path("MemorySize"), globalFunction.path("MemorySize"), DEFAULT_MEMORY_MB);
        // Java handlers are "package.Class::method"; Functions calls the handler through its interface.
        String handlerClass = handler.contains("::") ? handler.substring(0, handler.indexOf("::")) : handler;
        return new FunctionSpec(logicalId, handlerClass, Duration.ofSeconds(timeout), memory);
    }

    private static List<Route> httpRoutes(String functionId, JsonNode properties, JsonNode root) {
        List<Route> routes = new ArrayList<>();
        properties.path("Events").forEach(event -> {
            if (!"HttpApi".equals(event.path("Type").asText())) {
                return;
            }
            JsonNode eventProperties = event.path("Properties");
            String path = eventProperties.path("Path").asText("$default");
            String method = eventProperties.path("Method").asText("ANY").toUpperCase(Locale.ROOT);
            routes.add(new Route(method, path, functionId, isPublic(eventProperties, root)));
        });
        return routes;
    }

    /**
     * API Gateway's rule: a route's own authorizer wins ({@code NONE} makes it public); otherwise the API's
     * {@code DefaultAuthorizer} applies, and without one the route is public.
     */
    private static boolean isPublic(JsonNode eventProperties, JsonNode root) {
        JsonNode own = eventProperties.path("Auth").path("Authorizer");
        if (own.isTextual()) {
            return "NONE".equals(own.asText());
        }
        JsonNode api = root.path("Resources")
                .path(logicalIdOf(eventProperties.path("ApiId")).orElse(""))
                .path("Properties");
        JsonNode fallback = root.path("Globals").path("HttpApi");
        return firstText(
                        api.path("Auth").path("DefaultAuthorizer"),
                        fallback.path("Auth").path("DefaultAuthorizer"))
                .isEmpty();
    }

    private static boolean hasEventOfType(JsonNode properties, String type) {
        for (JsonNode event : properties.path("Events")) {
            if (type.equals(event.path("Type").asText())) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasCognitoPostConfirmationEvent(JsonNode properties) {
        for (JsonNode event : properties.path("Events")) {
            JsonNode trigger = event.path("Properties").path("Trigger");
            if ("Cognito".equals(event.path("Type").asText())
                    && (trigger.asText().equals("PostConfirmation") || contains(trigger, "PostConfirmation"))) {
                return true;
            }
        }
        return false;
    }

    /** {@code !Ref X} and {@code !GetAtt X.Arn} arrive as "X" and "X.Arn"; the long forms as objects. */
    private static Optional<String> logicalIdOf(JsonNode reference) {
        if (reference.isTextual()) {
            String text = reference.asText();
            return Optional.of(text.contains(".") ? text.substring(0, text.indexOf('.')) : text);
        }
        if (reference.has("Ref")) {
            return Optional.of(reference.get("Ref").asText());
        }
        JsonNode getAtt = reference.path("Fn::GetAtt");
        return getAtt.isArray() && getAtt.size() > 0 ? Optional.of(getAtt.get(0).asText()) : Optional.empty();
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode element : array) {
            if (value.equals(element.asText())) {
                return true;
            }
        }
        return false;
    }

    private static Optional<String> firstText(JsonNode preferred, JsonNode fallback) {
        if (preferred.isValueNode() && !preferred.asText().isEmpty()) {
            return Optional.of(preferred.asText());
        }
        return fallback.isValueNode() && !fallback.asText().isEmpty()
                ? Optional.of(fallback.asText())
                : Optional.empty();
    }

    private static int firstInt(JsonNode preferred, JsonNode fallback, int defaultValue) {
        if (preferred.canConvertToInt() || preferred.isTextual()) {
            return preferred.asInt(defaultValue);
        }
        return fallback.isValueNode() ? fallback.asInt(defaultValue) : defaultValue;
    }
}
