package dev.autojoin.handler;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * An {@link SdkHttpClient} that answers DynamoDB in process: the SDK still marshals, signs and parses every call, only
 * the network is gone. Answers are canned per {@code X-Amz-Target} and a text the request body must contain (the
 * key); a request no rule answers fails loudly rather than be timed.
 */
final class CannedDynamoDb implements SdkHttpClient {
    private record Rule(String operation, String bodyContains, byte[] answer) {}

    private final List<Rule> rules = new ArrayList<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    /** Answers {@code operation} (e.g. "GetItem") with {@code json} when the request body contains the text. */
    CannedDynamoDb answer(String operation, String bodyContains, String json) {
        rules.add(new Rule(operation, bodyContains, json.getBytes(StandardCharsets.UTF_8)));
        return this;
    }

    /** Calls per operation since the last {@link #reset()}. */
    Map<String, Integer> calls() {
        Map<String, Integer> copy = new TreeMap<>();
        calls.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    void reset() {
        calls.clear();
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        String target =
                request.httpRequest().firstMatchingHeader("X-Amz-Target").orElse("");
        String operation = target.substring(target.indexOf('.') + 1);
        String body = request.contentStreamProvider()
                .map(provider -> {
                    // Read as a real client writes it to the socket.
                    try (InputStream in = provider.newStream()) {
                        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .orElse("");
        byte[] answer = null;
        for (Rule rule : rules) {
            if (rule.operation().equals(operation) && body.contains(rule.bodyContains())) {
                answer = rule.answer();
                break;
            }
        }
        if (answer == null) {
            throw new IllegalStateException("no canned answer for " + operation + " " + body);
        }
        calls.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
        byte[] bytes = answer;
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() {
                return HttpExecuteResponse.builder()
                        .response(SdkHttpResponse.builder()
                                .statusCode(200)
                                .putHeader("Content-Type", "application/x-amz-json-1.0")
                                .putHeader("Content-Length", Integer.toString(bytes.length))
                                .putHeader("x-amzn-RequestId", "canned")
                                .build())
                        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(bytes)))
                        .build();
            }

            @Override
            public void abort() {}
        };
    }

    @Override
    public String clientName() {
        return "Canned";
    }

    @Override
    public void close() {}
}
