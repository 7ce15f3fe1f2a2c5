package dev.autojoin.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

/**
 * A fault-injecting HTTP proxy (WireMock) in front of the emulator: healed, it passes every request through; a fault
 * answers the requests it matches instead, until {@link #heal()}.
 */
public final class FaultProxy implements AutoCloseable {
    private final WireMockServer server;
    private final Emulator emulator;

    public FaultProxy(Emulator emulator) {
        this.emulator = emulator;
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
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

    /** No faults: everything passes through to the emulator again. */
    public void heal() {
        server.resetAll();
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
