package dev.autojoin.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.HttpHeaders;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

/**
 * A fault-injecting HTTP proxy (WireMock) in front of the emulator: healed, it passes every request through; a fault
 * answers the requests it matches instead, until {@link #heal()}.
 */
public final class FaultProxy implements AutoCloseable {
    private final WireMockServer server;
    private final Emulator emulator;

    public FaultProxy(Emulator emulator) {
        this.emulator = emulator;
        server = new WireMockServer(
                options().dynamicPort().bindAddress("127.0.0.1").extensions(new LoseAnswer()));
        server.start();
        heal();
    }

    /** Point a client's endpoint here. */
    public String url() {
        return server.baseUrl();
    }

    /** Every request answered by {@code fault}. */
    public void inject(ResponseDefinitionBuilder fault) {
        server.stubFor(any(anyUrl()).atPriority(1).willReturn(fault));
    }

    /** The requests {@code match} matches answered by {@code fault}; the rest pass through. */
    public void inject(MappingBuilder match, ResponseDefinitionBuilder fault) {
        server.stubFor(match.atPriority(1).willReturn(fault));
    }

    /**
     * The first request {@code match} matches reaches the emulator, which acts on it, and its answer is lost: the client
     * gets DynamoDB's 500 {@code InternalServerError} instead, and its SDK sends the request again. The requests after
     * it pass through.
     */
    public void loseAnswerOnce(MappingBuilder match) {
        server.stubFor(match.atPriority(1)
                .inScenario("lost answer")
                .whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("answered")
                .willReturn(passThrough().withTransformers(LoseAnswer.NAME)));
    }

    /** How many requests that {@code pattern} matches the proxy received since the last {@link #heal()}. */
    public int received(RequestPatternBuilder pattern) {
        return server.findAll(pattern).size();
    }

    /** Replaces the emulator's answer, once it acted, by a DynamoDB 500 (without the CRC of the body it replaced). */
    private static final class LoseAnswer implements ResponseTransformerV2 {
        static final String NAME = "lose-answer";

        @Override
        public Response transform(Response response, ServeEvent serveEvent) {
            return Response.Builder.like(response)
                    .but()
                    .status(500)
                    .headers(new HttpHeaders(
                            new HttpHeader("Content-Type", "application/x-amz-json-1.0"),
                            new HttpHeader("x-amzn-ErrorType", "InternalServerError")))
                    .body("{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\","
                            + "\"message\":\"the answer was lost (injected by the test)\"}")
                    .build();
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public String getName() {
            return NAME;
        }
    }

    /** No faults: everything passes through to the emulator again. */
    public void heal() {
        server.resetAll(); // stubs, scenarios and the request journal
        server.stubFor(any(anyUrl()).atPriority(10).willReturn(passThrough()));
    }

    /** The emulator's own answer (to delay, for instance). */
    public ResponseDefinitionBuilder passThrough() {
        return aResponse().proxiedFrom(emulator.endpoint().toString());
    }

    @Override
    public void close() {
        server.stop();
    }
}
