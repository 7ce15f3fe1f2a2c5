package dev.autojoin.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The local stack over HTTP, as the web app calls it; one stack per test JVM, started on a free port, its every API
 * answer held to openapi.yaml ({@link GatewayContract}).
 */
final class LocalApi {

    static final ObjectMapper JSON = new ObjectMapper();

    private static LocalStack shared;

    /** One answer: status, headers and the body as text (and JSON when asked). */
    record Reply(int status, HttpHeaders headers, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON (" + status + "): " + body, e);
            }
        }
    }

    /** A signed-up user of the local identity provider. */
    record Session(String sub, String token) {}

    private final URI baseUrl;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private LocalApi(URI baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** The JVM's one local stack (system properties configure in-process handlers: there can be only one). */
    static synchronized LocalApi shared() {
        if (shared == null) {
            shared = LocalStack.start(0, GatewayContract.SHARED);
        }
        return new LocalApi(shared.baseUrl());
    }

    static synchronized LocalStack stack() {
        shared();
        return shared;
    }

    URI baseUrl() {
        return baseUrl;
    }

    Reply get(String path, String token) {
        return send("GET", path, bearer(token), null);
    }

    Reply post(String path, String token, String json) {
        return send("POST", path, bearer(token), json);
    }

    Reply patch(String path, String token, String json) {
        return send("PATCH", path, bearer(token), json);
    }

    Reply delete(String path, String token) {
        return send("DELETE", path, bearer(token), null);
    }

    /** {@code authorization} and {@code json} may be null: no such header, no body. */
    Reply send(String method, String path, String authorization, String json) {
        return send(method, path, authorization, json, java.util.Map.of());
    }

    Reply send(String method, String path, String authorization, String json, java.util.Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(baseUrl.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String bearer(String token) {
        return token == null ? null : "Bearer " + token;
    }

    /** Signs up through the local identity provider, which fires the Post confirmation trigger. */
    Session signUp(String email, boolean emailVerified) {
        Reply reply = post(
                "/_local/users",
                null,
                JSON.createObjectNode()
                        .put("email", email)
                        .put("emailVerified", emailVerified)
                        .toString());
        assertThat(reply.status()).as("sign-up of %s: %s", email, reply.body()).isEqualTo(201);
        return new Session(
                reply.json().path("sub").asText(), reply.json().path("token").asText());
    }
}
