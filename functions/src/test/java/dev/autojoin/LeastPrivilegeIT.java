package dev.autojoin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.autojoin.testing.FunctionCalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Each function's DynamoDB and SES permissions in template.yaml are exactly what its handler called over the whole
 * integration suite ({@link FunctionCalls}): a grant nothing used fails, and so does a call nothing grants. Runs after
 * every other integration test class (the failsafe run orders classes by {@code @Order}), in the same JVM.
 */
@Order(Integer.MAX_VALUE)
class LeastPrivilegeIT {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** The services whose every call the integration suite makes against the emulator. */
    private static final Set<String> SERVICES = Set.of("dynamodb", "ses", "sqs");

    @Test
    void everyFunctionsPolicy_grantsExactlyTheDynamoDbAndSesCallsItsHandlerMadeOverTheSuite() throws IOException {
        JsonNode template = YAML.readTree(repoRoot().resolve("template.yaml").toFile());
        Map<String, Set<String>> recorded = FunctionCalls.snapshot();
        assertThat(recorded)
                .as(
                        "no handler's calls were recorded: run the whole integration suite (mvn verify), not this test alone")
                .isNotEmpty();

        Map<String, Set<String>> granted = new TreeMap<>();
        Map<String, Set<String>> called = new TreeMap<>();
        SoftAssertions softly = new SoftAssertions();
        template.path("Resources").fields().forEachRemaining(entry -> {
            if (!entry.getValue().path("Type").asText().equals("AWS::Serverless::Function")) {
                return;
            }
            String id = entry.getKey();
            JsonNode properties = entry.getValue().path("Properties");
            String handler = properties.path("Handler").asText().split("::")[0];
            Set<String> calls = recorded.getOrDefault(handler, Set.of());
            softly.assertThat(calls)
                    .as("%s (%s) made no call in the whole suite: its policy cannot be checked", id, handler)
                    .isNotEmpty();
            Set<String> relevant = new TreeSet<>();
            calls.stream().filter(c -> SERVICES.contains(c.split(":")[0])).forEach(relevant::add);
            called.put(id, relevant);
            granted.put(id, grants(template, properties.path("Policies")));
            Set<String> unused = new TreeSet<>(granted.get(id));
            unused.removeAll(relevant);
            Set<String> missing = new TreeSet<>(relevant);
            missing.removeAll(granted.get(id));
            softly.assertThat(unused)
                    .as("%s grants what %s never called", id, handler)
                    .isEmpty();
            softly.assertThat(missing)
                    .as("%s lacks what %s called", id, handler)
                    .isEmpty();
            if (relevant.contains("ses:SendEmail")) {
                softly.assertThat(
                                properties.path("Environment").path("Variables").has("SENDER_EMAIL"))
                        .as("%s sends mail: SENDER_EMAIL and SES_CONFIGURATION_SET in its own environment", id)
                        .isTrue();
            }
        });
        report(called, granted);
        softly.assertAll();
    }

    /** The DynamoDB and SES actions a function's Policies allow, as FunctionCalls names them. */
    private static Set<String> grants(JsonNode template, JsonNode policies) {
        Set<String> grants = new TreeSet<>();
        for (JsonNode policy : policies) {
            for (JsonNode statement : statements(template, policy)) {
                if (!statement.path("Effect").asText().equals("Allow")) {
                    continue;
                }
                for (String action : texts(statement.path("Action"))) {
                    String service = action.split(":")[0];
                    if (service.equals("ses") || service.equals("sqs")) {
                        grants.add(action);
                    } else if (service.equals("dynamodb")) {
                        texts(statement.path("Resource"))
                                .forEach(resource -> grants.add(action + " "
                                        + (resource.equals("Table.Arn")
                                                ? "table"
                                                : resource.replace("${Table.Arn}/", ""))));
                    }
                }
            }
        }
        return grants;
    }

    /** A policy's statements: inline, a managed policy of the template by !Ref, or the first branch of an !If. */
    private static List<JsonNode> statements(JsonNode template, JsonNode policy) {
        List<JsonNode> found = new ArrayList<>();
        if (policy.isTextual()) {
            JsonNode managed = template.path("Resources").path(policy.asText());
            managed.path("Properties").path("PolicyDocument").path("Statement").forEach(found::add);
        } else if (policy.isArray() && policy.size() == 3) {
            found.addAll(statements(template, policy.get(1)));
        } else {
            policy.path("Statement").forEach(found::add);
        }
        return found;
    }

    private static List<String> texts(JsonNode node) {
        List<String> texts = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> texts.add(n.asText()));
        } else if (!node.isMissingNode()) {
            texts.add(node.asText());
        }
        return texts;
    }

    /** target/least-privilege.md: each function's calls, next to what its policy grants. */
    private static void report(Map<String, Set<String>> called, Map<String, Set<String>> granted) throws IOException {
        StringBuilder md =
                new StringBuilder("| function | called over the integration suite | granted |\n|---|---|---|\n");
        called.forEach((id, calls) -> md.append("| ")
                .append(id)
                .append(" | ")
                .append(String.join("<br>", calls))
                .append(" | ")
                .append(String.join("<br>", granted.get(id)))
                .append(" |\n"));
        Path target = Path.of(System.getProperty("autojoin.testLogs", "target/test-logs"))
                .getParent();
        Files.createDirectories(target);
        Files.writeString(target.resolve("least-privilege.md"), md);
    }

    private static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (!Files.exists(dir.resolve("template.yaml"))) {
            dir = dir.getParent();
        }
        return dir;
    }
}
