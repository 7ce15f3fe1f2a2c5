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

    /** A CloudWatch Embedded Metric Format line: a metric without an SDK call. */
    static void metric(String requestId, String name) {
        ObjectNode line = line("INFO", requestId, "metric");
        ObjectNode aws = line.putObject("_aws");
        aws.put("Timestamp", System.currentTimeMillis());
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", "Autojoin");
        directive.putArray("Dimensions").addArray();
        directive.putArray("Metrics").addObject().put("Name", name).put("Unit", "Count");
        line.put(name, 1);
        write(line);
    }
}
