package dev.autojoin.local;

import com.sun.net.httpserver.Headers;
import dev.autojoin.handler.Contract;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Holds every answer of the local HTTP API gateway in the test JVM to openapi.yaml, through the functions' {@link
 * Contract}: the operation of the route the gateway selected (a template.yaml route key, which {@code TemplateTest}
 * keeps identical to openapi.yaml's paths), the status, the media type and the body. {@link LocalApi} starts the
 * shared stack with {@link #SHARED} as the gateway's listener, so what {@link LocalApi}, the console in Chromium and
 * {@code node scripts/send-hook.mjs} receive from a product route is checked alike.
 *
 * <p>What is not the contract's never reaches the gateway, so is not seen here: the console's files ({@code /} and
 * {@code /console/...}), the local stack's own routes ({@code /_local/...}: identity provider, outbox, clock, DNS) and
 * the sample events. Of the gateway's answers one rule skips some, counted by name in the count file: a path no
 * template.yaml route matches gets API Gateway's own 404 {@code {"message":"Not Found"}}, which is no operation of
 * the contract.
 *
 * <p>A mismatch is recorded in the gateway's thread before the answer goes out (unchanged, as the product sent it), so
 * it is there by the time the client has its answer. {@link Check} fails the test that is running.
 */
public final class GatewayContract implements HttpApiGateway.Listener {

    /** The listener of the JVM's shared local stack. */
    static final GatewayContract SHARED = new GatewayContract();

    static final String NO_ROUTE = "no template.yaml route matched: the gateway's own 404";

    private final Queue<String> mismatches = new ConcurrentLinkedQueue<>();
    private final AtomicInteger checked = new AtomicInteger();

    @Override
    public void answered(String routeKey, int status, Headers headers, byte[] body) {
        if (routeKey == null) {
            Contract.skipped(NO_ROUTE);
            return;
        }
        if (!Contract.describes(routeKey)) {
            mismatches.add(routeKey + " answered " + status + ": the gateway routes it, openapi.yaml has no such"
                    + " operation");
            return;
        }
        Map<String, String> firstValues = new LinkedHashMap<>();
        headers.forEach((name, values) -> {
            if (!values.isEmpty()) {
                firstValues.put(name, values.get(0));
            }
        });
        try {
            Contract.check(routeKey, status, firstValues, new String(body, StandardCharsets.UTF_8));
            checked.incrementAndGet();
        } catch (AssertionError mismatch) {
            mismatches.add(mismatch.getMessage());
        }
    }

    /** How many answers this listener checked and found as openapi.yaml describes them. */
    int checked() {
        return checked.get();
    }

    /** Throws when any answer since the last call did not match openapi.yaml; each mismatch is reported once. */
    void assertAllMatched() {
        List<String> found = new ArrayList<>();
        for (String mismatch; (mismatch = mismatches.poll()) != null; ) {
            found.add(mismatch);
        }
        if (!found.isEmpty()) {
            throw new AssertionError(found.size() + " answer(s) of the local HTTP API do not match openapi.yaml:\n"
                    + String.join("\n", found));
        }
    }

    /**
     * Fails the running test (or class, for answers to its {@code @BeforeAll}/{@code @AfterAll}) when the shared
     * stack's gateway sent an answer openapi.yaml does not describe. Every test class of the integration suite has it:
     * failsafe enables JUnit's extension autodetection and {@code META-INF/services} names it.
     */
    public static final class Check implements AfterEachCallback, AfterAllCallback {
        @Override
        public void afterEach(ExtensionContext context) {
            SHARED.assertAllMatched();
        }

        @Override
        public void afterAll(ExtensionContext context) {
            SHARED.assertAllMatched();
        }
    }
}
