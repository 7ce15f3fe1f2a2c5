package dev.autojoin.handler;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The Embedded Metric Format lines printed while it is open, read back as CloudWatch would:
 * {@code try (EmittedMetrics metrics = EmittedMetrics.capture()) { ...; metrics.sum(...) }}.
 */
final class EmittedMetrics implements AutoCloseable {
    private final PrintStream console = System.out;
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    private EmittedMetrics() {
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    static EmittedMetrics capture() {
        return new EmittedMetrics();
    }

    static EmittedMetrics during(Runnable action) {
        try (EmittedMetrics metrics = capture()) {
            action.run();
            return metrics;
        }
    }

    @Override
    public void close() {
        System.setOut(console);
    }

    /** The EMF lines printed so far, each as printed. */
    List<JsonNode> lines() {
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
        return metrics;
    }

    /** The sum of a metric's values without a dimension. */
    long sum(Metric metric) {
        return sum(metric, null);
    }

    /** The sum of a metric's values at one value of its dimension (null: the data points without one). */
    long sum(Metric metric, String dimensionValue) {
        long sum = 0;
        for (JsonNode line : lines()) {
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
