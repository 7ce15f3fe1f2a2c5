package dev.autojoin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.autojoin.handler.Metric;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every failure reaches a person: the metrics the code emits, the functions, queues, API, table and SES of
 * template.yaml each have their alarms, every alarm notifies AlarmTopic and has its docs/RUNBOOK.md section. All is
 * read from the code and the template, so what later work adds is held to the same rules.
 */
class AlarmsTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A runbook line of "Metrics without an alarm": {@code - `Name`: why}. */
    private static final Pattern NO_ALARM_LINE = Pattern.compile("^- `([A-Za-z]+)`: (.+)$", Pattern.MULTILINE);

    private static final Pattern ALARM_SECTION = Pattern.compile("^### ([A-Za-z0-9]+Alarm)$", Pattern.MULTILINE);

    private static Path root;
    private static JsonNode template;
    private static String runbook;

    @BeforeAll
    static void load() throws IOException {
        root = Path.of("").toAbsolutePath();
        while (root != null && !Files.isRegularFile(root.resolve("template.yaml"))) {
            root = root.getParent();
        }
        if (root == null) {
            fail("no template.yaml in " + Path.of("").toAbsolutePath() + " or any parent directory");
        }
        template = YAML.readTree(root.resolve("template.yaml").toFile());
        runbook = Files.readString(root.resolve("docs/RUNBOOK.md"));
    }

    /** Log.metric takes a Metric: the registry holds every name the code can emit; here, only names it does emit. */
    @Test
    void everyMetricInTheRegistry_isEmittedByTheCode() throws IOException {
        String main;
        try (Stream<Path> files = Files.walk(root.resolve("functions/src/main/java"))) {
            main = files.filter(f -> f.toString().endsWith(".java") && !f.endsWith("Metric.java"))
                    .map(AlarmsTest::read)
                    .collect(Collectors.joining("\n"));
        }
        SoftAssertions softly = new SoftAssertions();
        for (Metric metric : Metric.values()) {
            softly.assertThat(main)
                    .as("Metric.%s is emitted somewhere (else drop it from the registry)", metric.name())
                    .contains("Metric." + metric.name());
        }
        softly.assertAll();
    }

    @Test
    void everyMetricTheCodeEmits_hasAnAlarm_orARunbookLineSayingWhyNot_andNothingElseIsThere() {
        Set<String> emitted =
                Arrays.stream(Metric.values()).map(Metric::metricName).collect(Collectors.toCollection(TreeSet::new));
        Set<String> alarmed = new TreeSet<>();
        alarms().values().forEach(alarm -> metricsOf(alarm).stream()
                .filter(m -> m.path("Namespace").asText().equals(Metric.NAMESPACE))
                .forEach(m -> alarmed.add(m.path("MetricName").asText())));
        Map<String, String> withoutAlarm = new TreeMap<>();
        Matcher line = NO_ALARM_LINE.matcher(section(runbook, "## Metrics without an alarm"));
        while (line.find()) {
            withoutAlarm.put(line.group(1), line.group(2));
        }

        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(alarmed).as("alarmed metrics the code does not emit").isSubsetOf(emitted);
        softly.assertThat(withoutAlarm.keySet())
                .as("runbook's metrics without an alarm that the code does not emit")
                .isSubsetOf(emitted);
        softly.assertThat(withoutAlarm.keySet())
                .as("metrics the runbook says have no alarm, but have one")
                .doesNotContainAnyElementsOf(alarmed);
        Set<String> uncovered = new TreeSet<>(emitted);
        uncovered.removeAll(alarmed);
        uncovered.removeAll(withoutAlarm.keySet());
        softly.assertThat(uncovered)
                .as("metrics with neither an alarm nor a runbook line")
                .isEmpty();
        softly.assertAll();
    }

    @Test
    void everyFunction_hasAnErrorsAndAThrottlesAlarm_underTheFunctionsOwnCondition() {
        SoftAssertions softly = new SoftAssertions();
        resourcesOfType("AWS::Serverless::Function").forEach((id, function) -> {
            for (String metric : List.of("Errors", "Throttles")) {
                List<String> found = alarmsOn("AWS/Lambda", metric, "FunctionName", id);
                softly.assertThat(found).as("%s alarm of %s", metric, id).hasSize(1);
                found.forEach(alarm -> softly.assertThat(template.path("Resources")
                                .path(alarm)
                                .path("Condition")
                                .asText())
                        .as("%s's Condition (that of %s)", alarm, id)
                        .isEqualTo(function.path("Condition").asText()));
            }
        });
        softly.assertAll();
    }

    @Test
    void everyDeadLetterQueue_hasADepthAlarm() {
        Set<String> deadLetterQueues = new TreeSet<>();
        resourcesOfType("AWS::SQS::Queue").values().forEach(queue -> {
            String target = queue.path("Properties")
                    .path("RedrivePolicy")
                    .path("deadLetterTargetArn")
                    .asText();
            if (!target.isEmpty()) {
                deadLetterQueues.add(target.replace(".Arn", ""));
            }
        });
        resourcesOfType("AWS::Serverless::Function").values().forEach(function -> {
            JsonNode onFailure = function.path("Properties")
                    .path("EventInvokeConfig")
                    .path("DestinationConfig")
                    .path("OnFailure");
            if (onFailure.path("Type").asText().equals("SQS")) {
                deadLetterQueues.add(onFailure.path("Destination").asText().replace(".Arn", ""));
            }
        });
        assertThat(deadLetterQueues)
                .as("what this test finds today")
                .contains("InvitationMailDeadLetters", "MailFeedbackDeadLetters", "ScheduledRunFailures");

        SoftAssertions softly = new SoftAssertions();
        deadLetterQueues.forEach(queue -> softly.assertThat(
                        alarmsOn("AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", queue + ".QueueName"))
                .as("depth alarm of %s", queue)
                .hasSize(1));
        softly.assertAll();
    }

    @Test
    void theApi_theTable_andSesReputation_areAlarmed_sesWellBelowWhereAwsPausesSending() {
        assertThat(alarmsOn("AWS/ApiGateway", "5xx", "ApiId", "HttpApi")).hasSize(1);
        assertThat(alarmsOn("AWS/ApiGateway", "Latency", "ApiId", "HttpApi")).hasSize(1);
        for (String metric : List.of("ThrottledRequests", "SystemErrors")) {
            assertThat(alarmsOn("AWS/DynamoDB", metric, "TableName", "Table"))
                    .as("%s of the table", metric)
                    .hasSize(1);
        }
        // AWS reviews, and may pause, an account above 5 % bounces or 0.1 % complaints.
        assertThat(threshold(alarmsOn("AWS/SES", "Reputation.BounceRate", null, null)))
                .isPositive()
                .isLessThanOrEqualTo(0.025);
        assertThat(threshold(alarmsOn("AWS/SES", "Reputation.ComplaintRate", null, null)))
                .isPositive()
                .isLessThanOrEqualTo(0.0005);
    }

    @Test
    void everyAlarm_notifiesTheAlarmTopic_whoseEmailSubscriptionIsAnOptionalParameter() {
        SoftAssertions softly = new SoftAssertions();
        alarms().forEach((id, alarm) -> softly.assertThat(
                        texts(alarm.path("Properties").path("AlarmActions")))
                .as("%s AlarmActions", id)
                .containsExactly("AlarmTopic"));
        softly.assertAll();

        assertThat(template.path("Resources").path("AlarmTopic").path("Type").asText())
                .isEqualTo("AWS::SNS::Topic");
        assertThat(template.path("Parameters")
                        .path("AlarmEmail")
                        .path("Default")
                        .asText("absent"))
                .isEmpty();
        List<JsonNode> emails = resourcesOfType("AWS::SNS::Subscription").values().stream()
                .filter(s -> s.path("Properties").path("TopicArn").asText().equals("AlarmTopic"))
                .toList();
        assertThat(emails).hasSize(1);
        JsonNode email = emails.get(0);
        assertThat(email.path("Properties").path("Protocol").asText()).isEqualTo("email");
        assertThat(email.path("Properties").path("Endpoint").asText()).isEqualTo("AlarmEmail");
        // "HasAlarmEmail: !Not [!Equals [!Ref AlarmEmail, '']]" reads as [["AlarmEmail", ""]].
        String condition = email.path("Condition").asText();
        assertThat(template.path("Conditions").path(condition).toString()).isEqualTo("[[\"AlarmEmail\",\"\"]]");
    }

    @Test
    void everyAlarm_hasItsRunbookSection_andEverySectionItsAlarm() {
        Set<String> sections = new TreeSet<>();
        Matcher heading = ALARM_SECTION.matcher(runbook);
        while (heading.find()) {
            sections.add(heading.group(1));
        }
        assertThat(sections).isEqualTo(alarms().keySet());

        SoftAssertions softly = new SoftAssertions();
        for (String alarm : sections) {
            String body = section(runbook, "### " + alarm);
            softly.assertThat(body)
                    .as("%s: what it means, how to confirm, what to do", alarm)
                    .contains("**Means**", "**Confirm**", "**Do**");
        }
        softly.assertAll();
    }

    @Test
    void theDashboard_showsSignupsByOutcome_invitations_domainChecks_andErrorsAndLatencyOfEveryFunction()
            throws IOException {
        Map<String, JsonNode> dashboards = resourcesOfType("AWS::CloudWatch::Dashboard");
        assertThat(dashboards).hasSize(1);
        // DashboardBody: !Sub [body, {PostSignupErrors: !If [UseCognito, !Sub 'fragment', ""], ...}]
        JsonNode sub = dashboards.values().iterator().next().path("Properties").path("DashboardBody");
        String body = sub.get(0).asText();
        for (var variables = sub.get(1).fields(); variables.hasNext(); ) {
            var variable = variables.next();
            body = body.replace(
                    "${" + variable.getKey() + "}", variable.getValue().get(1).asText());
        }
        Map<String, List<String>> widgets = new LinkedHashMap<>();
        for (JsonNode widget :
                JSON.readTree(body.replaceAll("\\$\\{([A-Za-z:.]+)}", "\\$$1")).path("widgets")) {
            List<String> lines = new ArrayList<>();
            widget.path("properties")
                    .path("metrics")
                    .forEach(m -> lines.add(
                            texts(m).stream().filter(t -> !t.startsWith("{")).collect(Collectors.joining(" "))));
            widgets.put(widget.path("properties").path("title").asText(), lines);
        }
        List<String> all = widgets.values().stream().flatMap(List::stream).toList();

        for (String outcome : List.of("joined", "suggested", "no_match", "deferred", "failed")) {
            assertThat(all).contains("Autojoin Signups Outcome " + outcome);
        }
        assertThat(all).contains("Autojoin InvitationsSent", "Autojoin InvitationsFailed");
        assertThat(all).anyMatch(line -> line.startsWith("Autojoin DomainChecks Result "));
        SoftAssertions softly = new SoftAssertions();
        for (String function : resourcesOfType("AWS::Serverless::Function").keySet()) {
            for (String metric : List.of("Errors", "Duration")) {
                softly.assertThat(all).contains("AWS/Lambda " + metric + " FunctionName $" + function);
            }
        }
        softly.assertAll();
    }

    // --- reading ---

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A markdown section's text, from its heading to the next heading of its level or above. */
    private static String section(String markdown, String heading) {
        int start = markdown.indexOf("\n" + heading + "\n");
        assertThat(start).as("docs/RUNBOOK.md section %s", heading).isNotNegative();
        String level = heading.substring(0, heading.indexOf(' '));
        Matcher next = Pattern.compile("^#{1," + level.length() + "} ", Pattern.MULTILINE)
                .matcher(markdown);
        int end = next.find(start + heading.length() + 1) ? next.start() : markdown.length();
        return markdown.substring(start, end);
    }

    private static Map<String, JsonNode> resourcesOfType(String type) {
        Map<String, JsonNode> found = new TreeMap<>();
        template.path("Resources").fields().forEachRemaining(e -> {
            if (type.equals(e.getValue().path("Type").asText())) {
                found.put(e.getKey(), e.getValue());
            }
        });
        return found;
    }

    private static Map<String, JsonNode> alarms() {
        return resourcesOfType("AWS::CloudWatch::Alarm");
    }

    /** An alarm's metrics: its own, or each of its metric math's (Namespace, MetricName, Dimensions). */
    private static List<JsonNode> metricsOf(JsonNode alarm) {
        JsonNode properties = alarm.path("Properties");
        if (properties.has("MetricName")) {
            return List.of(properties);
        }
        List<JsonNode> metrics = new ArrayList<>();
        properties.path("Metrics").forEach(m -> {
            if (m.has("MetricStat")) {
                metrics.add(m.path("MetricStat").path("Metric"));
            }
        });
        return metrics;
    }

    /** The alarms on a metric whose dimension {@code name} is {@code value} (null: a metric without dimensions). */
    private static List<String> alarmsOn(String namespace, String metricName, String name, String value) {
        List<String> found = new ArrayList<>();
        alarms().forEach((id, alarm) -> {
            boolean on = metricsOf(alarm).stream().anyMatch(m -> {
                if (!m.path("Namespace").asText().equals(namespace)
                        || !m.path("MetricName").asText().equals(metricName)) {
                    return false;
                }
                if (name == null) {
                    return m.path("Dimensions").isEmpty();
                }
                for (JsonNode dimension : m.path("Dimensions")) {
                    if (dimension.path("Name").asText().equals(name)
                            && dimension.path("Value").asText().equals(value)) {
                        return true;
                    }
                }
                return false;
            });
            if (on) {
                found.add(id);
            }
        });
        return found;
    }

    private static double threshold(List<String> alarms) {
        assertThat(alarms).hasSize(1);
        return template.path("Resources")
                .path(alarms.get(0))
                .path("Properties")
                .path("Threshold")
                .asDouble();
    }

    private static List<String> texts(JsonNode list) {
        List<String> texts = new ArrayList<>();
        list.forEach(n -> texts.add(n.isValueNode() ? n.asText() : n.toString()));
        return texts;
    }
}
