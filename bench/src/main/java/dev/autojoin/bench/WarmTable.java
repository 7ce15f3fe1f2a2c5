package dev.autojoin.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The warm-overhead table of docs/PERFORMANCE.md from a JMH JSON result: each path's µs per event, the SDK's share
 * where the path has a {@code sdkOnly_} twin (its recorded requests replayed without the handler), ours (the
 * difference), and the goal. Usage: {@code WarmTable <jmh result.json>}.
 */
public final class WarmTable {
    /** Benchmark method, what the table calls it, its goal in µs per event. */
    private record Row(String method, String label, double goal) {}

    private static final Row[] PATHS = {
        new Row("postSignup_autoJoin", "post-signup: auto-join (1 BatchGetItem + 1 TransactWriteItems)", 50),
        new Row("postSignup_noMatch", "post-signup: no match (1 BatchGetItem)", 200),
        new Row("postSignup_freeMail", "post-signup: free mail (1 GetItem)", 200),
        new Row("getMe", "GET /me (1 BatchGetItem + 1 Query)", 200),
        new Row("postCompanies", "POST /companies (1 TransactWriteItems)", 200),
        new Row("patchDomain", "PATCH domain (1 BatchGetItem + 1 TransactWriteItems)", 200),
        new Row("getDiscovery", "GET /discovery (1 GetItem + 1 UpdateItem)", 200),
    };

    /** The replay of a path's own requests, when there is one. */
    private static final Map<String, String> SDK_ONLY = Map.of(
            "postSignup_autoJoin", "sdkOnly_autoJoin",
            "patchDomain", "sdkOnly_patchDomain",
            "getMe", "sdkOnly_getMe");

    private WarmTable() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: WarmTable <jmh result.json>");
        }
        Map<String, double[]> scores = new LinkedHashMap<>();
        for (JsonNode run : new ObjectMapper().readTree(Path.of(args[0]).toFile())) {
            String name = run.path("benchmark").asText();
            JsonNode metric = run.path("primaryMetric");
            scores.put(name.substring(name.lastIndexOf('.') + 1), new double[] {
                metric.path("score").asDouble(), metric.path("scoreError").asDouble()
            });
        }
        System.out.println("| path | µs/op (± 99.9 %) | SDK alone, same requests µs/op | ours µs/op | goal µs/op |");
        System.out.println("|---|---:|---:|---:|---:|");
        for (Row path : PATHS) {
            double[] score = scores.get(path.method());
            if (score == null) {
                continue;
            }
            double[] sdk = SDK_ONLY.containsKey(path.method()) ? scores.get(SDK_ONLY.get(path.method())) : null;
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %.0f ± %.0f | %s | %s | ≤ %.0f%s |%n",
                    path.label(),
                    score[0],
                    score[1],
                    sdk == null ? "" : String.format(Locale.ROOT, "%.0f ± %.0f", sdk[0], sdk[1]),
                    sdk == null ? "" : String.format(Locale.ROOT, "%.0f", score[0] - sdk[0]),
                    path.goal(),
                    score[0] <= path.goal() ? " (met)" : " (missed)");
        }
    }
}
