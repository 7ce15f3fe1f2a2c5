package dev.autojoin.handler;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The Embedded Metric Format lines a piece of code printed, read back as CloudWatch would. */
final class EmittedMetrics {
    private final List<JsonNode> lines;

    private EmittedMetrics(List<JsonNode> lines) {
        this.lines = lines;
    }

    static EmittedMetrics during(Runnable action) {
        PrintStream console = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setOut(console);
        }
        List<JsonNode> metrics = new ArrayList<>();
        for (String line : printed.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.contains("\"CloudWatchMetrics\"")) {
                try {
                    metrics.add(Json.MAPPER.readTree(line));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return new EmittedMetrics(metrics);
    }

    /** The EMF lines, each as printed. */
    List<JsonNode> lines() {
        return lines;
    }

    /** The sum of a metric's values without a dimension. */
    long sum(Metric metric) {
        return sum(metric, null);
    }

    /** The sum of a metric's values at one value of its dimension (null: the data points without one). */
    long sum(Metric metric, String dimensionValue) {
        long sum = 0;
        for (JsonNode line : lines) {
            JsonNode directive = line.path("_aws").path("CloudWatchMetrics").get(0);
            boolean named = directive.path("Namespace").asText().equals(Metric.NAMESPACE)
                    && directive.path("Metrics").get(0).path("Name").asText().equals(metric.metricName());
            JsonNode dimensions = directive.path("Dimensions").get(0);
            boolean atValue = dimensionValue == null
                    ? dimensions.isEmpty()
                    : dimensions.size() == 1
                            && dimensions.get(0).asText().equals(metric.dimension())
                            && line.path(metric.dimension()).asText().equals(dimensionValue);
            if (named && atValue) {
                sum += line.path(metric.metricName()).asLong();
            }
        }
        return sum;
    }
}
