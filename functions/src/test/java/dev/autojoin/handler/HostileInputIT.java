package dev.autojoin.handler;

import static dev.autojoin.handler.TestStack.call;
import static dev.autojoin.handler.TestStack.http;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autojoin.handler.TestStack.Reply;
import dev.autojoin.handler.TestStack.User;
import dev.autojoin.testing.Emulator;
import dev.autojoin.testing.EmulatorExtension;
import java.util.Base64;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;
import org.opentest4j.TestAbortedException;

/** Generated hostile requests against every built route: always a 4xx problem document, never a 5xx or a write. */
@AddLifecycleHook(HostileInputIT.SkipWithoutEmulator.class)
class HostileInputIT {
    /** Under -Plocalstack without Docker the emulator is unavailable: skip like the Jupiter classes do. */
    public static final class SkipWithoutEmulator implements SkipExecutionHook {
        @Override
        public SkipResult shouldBeSkipped(LifecycleContext context) {
            try {
                Emulator.shared();
                return SkipResult.doNotSkip();
            } catch (TestAbortedException unavailable) {
                return SkipResult.skip(unavailable.getMessage());
            }
        }
    }

    private static TestStack stack;
    private static User owner;
    private static String companyId;

    @BeforeContainer
    static void givenACompanyWithAVerifiedDomain() {
        Emulator emulator = Emulator.shared();
        emulator.resetAll(EmulatorExtension.TABLE);
        stack = new TestStack(emulator);
        owner = User.verified("owner@hostile-co.com");
        companyId = PostSignupHandlerIT.companyWithDomain(stack, "HostileCo", owner, "hostile-co.com", "suggest");
    }

    record Attempt(String routeKey, Map<String, String> path, String body, boolean base64) {}

    @Property(tries = 300)
    void hostileRequests_getA4xxProblem_andChangeNothing(@ForAll("attempts") Attempt attempt) {
        ObjectNode event = http(attempt.routeKey(), attempt.path(), attempt.body(), owner);
        if (attempt.base64()) {
            event.put("isBase64Encoded", true);
        }
        HttpFunction handler =
                attempt.routeKey().contains("domain") || attempt.routeKey().contains("discovery")
                        ? stack.domains
                        : stack.settings;
        stack.requests.reset();

        Reply reply = call(handler, event);

        assertThat(reply.status()).as(attempt.toString()).isBetween(400, 499);
        assertThat(reply.headers().get("content-type")).startsWith("application/problem+json");
        assertThat(reply.body().path("code").asText()).isNotBlank();
        assertThat(stack.requests.count("TransactWriteItems") + stack.requests.count("PutItem"))
                .as("writes for " + attempt)
                .isZero();
    }

    @Provide
    Arbitrary<Attempt> attempts() {
        Arbitrary<String> routes = Arbitraries.of(
                "POST /companies",
                "POST /companies/{companyId}/domains",
                "PATCH /companies/{companyId}/domains/{domain}");
        return Combinators.combine(
                        routes, hostilePathValue(), hostilePathValue(), hostileBody(), Arbitraries.of(true, false))
                .as((route, company, domain, body, base64) -> {
                    // Half the time the company is real, so the body (not authorization) is what gets refused.
                    String id = company.isEmpty() ? companyId : company;
                    Map<String, String> path = route.contains("{domain}")
                            ? Map.of("companyId", id, "domain", domain.isEmpty() ? "hostile-co.com" : domain)
                            : route.contains("{companyId}") ? Map.of("companyId", id) : Map.of();
                    String sent = base64
                            ? Base64.getEncoder().encodeToString(body)
                            : new String(body, java.nio.charset.StandardCharsets.ISO_8859_1);
                    return new Attempt(route, path, sent, base64);
                });
    }

    private static Arbitrary<String> hostilePathValue() {
        return Arbitraries.oneOf(
                Arbitraries.just(""),
                Arbitraries.of(
                        "../", "..%2f..%2f", "%00", "a\u0000b", "COMPANY#x", "x".repeat(5000), "\u202e", "*", "'; --"),
                Arbitraries.strings().ofMaxLength(300));
    }

    private static Arbitrary<byte[]> hostileBody() {
        Arbitrary<String> json = Arbitraries.oneOf(
                Arbitraries.of(
                        "",
                        "null",
                        "[]",
                        "{}",
                        "\"x\"",
                        "1e999999",
                        "{\"name\":",
                        "{\"name\":null}",
                        "{\"domain\":[\"a\"]}",
                        "{\"enrollment\":\"auto_join\",\"defaultRole\":\"owner\"}",
                        "{\"name\":\"a\",\"name\":\"b\"}",
                        "{\"defaultPermissions\":[\"pay\",\"pay\",\"god\"]}",
                        "{\"enrollment\":{\"$ne\":1}}",
                        "[".repeat(5000),
                        "{\"a\":".repeat(100) + "1" + "}".repeat(100),
                        "{\"name\":\"" + "a".repeat(70_000) + "\"}"),
                Arbitraries.strings().ofMaxLength(500),
                Arbitraries.strings().ofMaxLength(40).map(v -> "{\"name\":\"\",\"x\":\"" + v + "\"}"));
        Arbitrary<byte[]> invalidUtf8 = Arbitraries.bytes()
                .array(byte[].class)
                .ofMinSize(1)
                .ofMaxSize(64)
                .map(b -> {
                    byte[] out = java.util.Arrays.copyOf(b, b.length + 2);
                    out[b.length] = (byte) 0xC3;
                    out[b.length + 1] = (byte) 0x28;
                    return out;
                });
        return Arbitraries.oneOf(json.map(s -> s.getBytes(java.nio.charset.StandardCharsets.UTF_8)), invalidUtf8);
    }
}
