package dev.autojoin.handler;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** Structured logs: one JSON line per event, with the request id. Callers pass masked emails, never tokens. */
final class Log {
    private Log() {}

    static ObjectNode line(String level, String requestId, String event) {
        ObjectNode line = Json.object();
        line.put("time", Instant.now().toString());
        line.put("level", level);
        line.put("requestId", requestId);
        line.put("event", event);
        return line;
    }

    static void write(ObjectNode line) {
        try {
            System.out.println(Json.MAPPER.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            System.out.println("{\"level\":\"ERROR\",\"event\":\"log.unwritable\"}");
        }
    }

    /** A CloudWatch Embedded Metric Format line: one count of a metric without a dimension, without an SDK call. */
    static void metric(String requestId, Metric metric) {
        metric(requestId, metric, null, 1);
    }

    /** As {@link #metric(String, Metric)}, counting {@code value} at once (a run's total, zero included). */
    static void metric(String requestId, Metric metric, long value) {
        metric(requestId, metric, null, value);
    }

    /** One count of a metric with its dimension's value ({@code Outcome=joined}, say). */
    static void metric(String requestId, Metric metric, String dimensionValue) {
        metric(requestId, metric, dimensionValue, 1);
    }

    private static void metric(String requestId, Metric metric, String dimensionValue, long value) {
        if ((metric.dimension() == null) != (dimensionValue == null)) {
            throw new IllegalArgumentException(metric.metricName() + " takes dimension " + metric.dimension());
        }
        ObjectNode line = line("INFO", requestId, "metric");
        ObjectNode aws = line.putObject("_aws");
        aws.put("Timestamp", System.currentTimeMillis());
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", Metric.NAMESPACE);
        var dimensions = directive.putArray("Dimensions").addArray();
        if (dimensionValue != null) {
            dimensions.add(metric.dimension());
            line.put(metric.dimension(), dimensionValue);
        }
        directive
                .putArray("Metrics")
                .addObject()
                .put("Name", metric.metricName())
                .put("Unit", "Count");
        line.put(metric.metricName(), value);
        write(line);
    }
}
