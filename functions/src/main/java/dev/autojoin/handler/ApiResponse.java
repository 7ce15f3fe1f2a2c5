package dev.autojoin.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** An API Gateway HTTP API (payload 2.0) response. */
record ApiResponse(int status, Map<String, String> headers, String body) {
    static final String JSON = "application/json";
    static final String PROBLEM = "application/problem+json";

    static ApiResponse json(int status, JsonNode body) {
        return new ApiResponse(status, baseHeaders(JSON), body.toString());
    }

    /** No body: 204 after a delete. */
    static ApiResponse empty(int status) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("cache-control", "no-store");
        headers.put("x-content-type-options", "nosniff");
        return new ApiResponse(status, headers, "");
    }

    static ApiResponse problem(int status, JsonNode body) {
        return new ApiResponse(status, baseHeaders(PROBLEM), body.toString());
    }

    /** The ETag of a resource at {@code version}, as If-Match takes it back. */
    static String etag(long version) {
        return "\"" + version + "\"";
    }

    ApiResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new ApiResponse(status, copy, body);
    }

    APIGatewayV2HTTPResponse toEvent() {
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(status)
                .withHeaders(headers)
                .withBody(body)
                .withIsBase64Encoded(false)
                .build();
    }

    private static Map<String, String> baseHeaders(String contentType) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", contentType + "; charset=utf-8");
        headers.put("cache-control", "no-store");
        headers.put("x-content-type-options", "nosniff");
        return headers;
    }
}
