package dev.autojoin.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autojoin.app.SignupWebhookVerifier;
import dev.autojoin.handler.TestStack.User;
import dev.autojoin.testing.Emulator;
import dev.autojoin.testing.EmulatorExtension;
import dev.autojoin.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Post-signup under hostile events. A Cognito event that is not a verified, confirmed sign-up comes back unchanged
 * and costs no request; a webhook call without a valid, fresh signature is refused 401 before any request; a captured
 * call replayed inside the window changes nothing more, and after it is refused. (PostSignupHandlerIT holds the sample
 * refusals: one bad signature, one stale timestamp, one altered body, and "True", "TRUE", "1", "yes", "" as
 * {@code email_verified}.)
 */
@AddLifecycleHook(HostileInputIT.SkipWithoutEmulator.class)
class HostileSignupIT {
    private static final String DOMAIN = "signup-co.com";
    private static final SignupWebhookVerifier SIGNER = new SignupWebhookVerifier(
            TestStack.WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8), java.time.Clock.systemUTC());

    private static MutableClock clock;
    private static TestStack stack;

    @BeforeContainer
    static void givenACompanyWhoseDomainJoinsAutomatically() {
        Emulator emulator = Emulator.shared();
        emulator.resetAll(EmulatorExtension.TABLE);
        clock = new MutableClock(Instant.now());
        stack = new TestStack(emulator, clock, Map.of());
        PostSignupHandlerIT.companyWithDomain(stack, "SignupCo", User.verified("owner@" + DOMAIN), DOMAIN, "auto_join");
    }

    // ---- Cognito's Post confirmation trigger.

    /** An event as Cognito might send it, or as something else might: the JSON text and what is wrong with it. */
    record CognitoEvent(String flaw, byte[] bytes) {
        @Override
        public String toString() {
            String text = new String(bytes, StandardCharsets.UTF_8);
            return "[" + flaw + "] " + (text.length() > 400 ? text.substring(0, 400) + "…" : text);
        }
    }

    @Property(tries = 2000)
    void cognitoEventsThatAreNoVerifiedConfirmedSignUp_comeBackUnchanged_withoutARequest(
            @ForAll("oddCognitoEvents") CognitoEvent event) {
        Statistics.label("flaw").collect(event.flaw());
        stack.requests.reset();
        stack.emails.reset();

        byte[] out = TestStack.invoke(stack.postSignup, event.bytes());

        assertThat(out).as("%s", event).isEqualTo(event.bytes());
        assertThat(stack.requests.total()).as("DynamoDB requests for %s", event).isZero();
        assertThat(stack.emails.total()).as("SES requests for %s", event).isZero();
    }

    @Provide
    Arbitrary<CognitoEvent> oddCognitoEvents() {
        Arbitrary<CognitoEvent> trigger = Arbitraries.oneOf(
                        Arbitraries.of(
                                "",
                                "null",
                                "42",
                                "\"\"",
                                "\"PostConfirmation_ConfirmForgotPassword\"",
                                "\"postconfirmation_confirmsignup\"",
                                "\"POSTCONFIRMATION_CONFIRMSIGNUP\"",
                                "\"PostConfirmation_ConfirmSignUp \"",
                                "\" PostConfirmation_ConfirmSignUp\"",
                                "\"PostConfirmation_ConfirmSignUp\\u0000\"",
                                "\"PostConfirmation_ConfirmSignUp\\u200b\"",
                                "\"PreSignUp_SignUp\"",
                                "\"PostAuthentication_Authentication\"",
                                "\"CustomMessage_SignUp\"",
                                "[\"PostConfirmation_ConfirmSignUp\"]",
                                "{\"value\":\"PostConfirmation_ConfirmSignUp\"}"),
                        Arbitraries.strings()
                                .ofMaxLength(40)
                                .filter(s -> !s.equals(PostSignupHandler.CONFIRM_SIGN_UP))
                                .map(HostileRoutes::quoted))
                .map(value -> signUp("triggerSource", value, null, null, null));
        Arbitrary<CognitoEvent> request = Arbitraries.of(
                        "request absent",
                        "request null",
                        "request text",
                        "request array",
                        "request empty",
                        "userAttributes absent",
                        "userAttributes null",
                        "userAttributes array",
                        "userAttributes text")
                .map(HostileSignupIT::withoutAttributes);
        Arbitrary<CognitoEvent> sub = Arbitraries.of("", "null", "\"\"", "\"   \"", "42", "true", "{}", "[\"x\"]")
                .map(value -> signUp("sub", null, value, null, null));
        // Cognito sends attribute values as strings: even the boolean true is not "true".
        Arbitrary<CognitoEvent> verified = Arbitraries.oneOf(
                        Arbitraries.of(HostileValues.NOT_TRUE), Arbitraries.of("", "true", "{\"value\":\"true\"}"))
                .map(value -> signUp("email_verified", null, null, null, value));
        Arbitrary<CognitoEvent> email = Arbitraries.oneOf(
                        Arbitraries.of("", "null", "42", "[]", "{}", "true"),
                        HostileValues.emails()
                                .filter(v -> !HostileRoutes.EMAIL.test(v))
                                .map(HostileRoutes::quoted))
                .map(value -> signUp("email", null, null, value, null));
        Arbitrary<CognitoEvent> notAnEvent = Arbitraries.oneOf(
                        Arbitraries.of(
                                "",
                                "null",
                                "[]",
                                "\"PostConfirmation_ConfirmSignUp\"",
                                "{",
                                "[".repeat(5000),
                                "{\"a\":".repeat(40) + "1" + "}".repeat(40)),
                        Arbitraries.strings().ofMaxLength(200))
                .map(text -> new CognitoEvent("not an event", text.getBytes(StandardCharsets.UTF_8)));
        Arbitrary<CognitoEvent> damaged = Combinators.combine(
                        Arbitraries.integers().between(0, 400), Arbitraries.of(HostileValues.INVALID_UTF8))
                .as((at, invalid) -> {
                    String valid =
                            new String(signUp("none", null, null, null, null).bytes(), StandardCharsets.UTF_8);
                    int cut = Math.min(at, valid.length() - 1);
                    return Arbitraries.of(
                            new CognitoEvent(
                                    "cut short", valid.substring(0, cut).getBytes(StandardCharsets.UTF_8)),
                            new CognitoEvent("invalid UTF-8", HostileValues.withInvalidUtf8(valid, cut, invalid)),
                            new CognitoEvent(
                                    "duplicate triggerSource",
                                    (valid.substring(0, valid.length() - 1)
                                                    + ",\"triggerSource\":\"PostConfirmation_ConfirmSignUp\"}")
                                            .getBytes(StandardCharsets.UTF_8)));
                })
                .flatMap(a -> a);
        return Arbitraries.oneOf(trigger, request, sub, verified, email, notAnEvent, damaged);
    }

    /**
     * The sample sign-up event of someone at the auto-join domain, with one thing changed: a top-level field, or
     * {@code sub}, {@code email}, {@code email_verified} ({@code null} keeps the sample's, {@code ""} leaves it out).
     */
    private static CognitoEvent signUp(String flaw, String triggerSource, String sub, String email, String verified) {
        ObjectNode event = sample();
        ObjectNode attributes = (ObjectNode) event.path("request").path("userAttributes");
        set(event, "triggerSource", triggerSource);
        set(attributes, "sub", sub);
        set(attributes, "email", email);
        set(attributes, "email_verified", verified);
        return new CognitoEvent(flaw, TestStack.bytes(event));
    }

    private static CognitoEvent withoutAttributes(String flaw) {
        ObjectNode event = sample();
        String[] words = flaw.split(" ");
        ObjectNode parent = words[0].equals("request") ? event : (ObjectNode) event.path("request");
        Map<String, String> values =
                Map.of("absent", "", "null", "null", "text", "\"x\"", "array", "[]", "empty", "{}");
        set(parent, words[0], values.get(words[1]));
        return new CognitoEvent(flaw, TestStack.bytes(event));
    }

    private static ObjectNode sample() {
        ObjectNode event = (ObjectNode)
                TestStack.read(TestStack.cognitoSignup("sub-" + java.util.UUID.randomUUID(), "new@" + DOMAIN, "true"));
        event.put("userName", "new-" + java.util.UUID.randomUUID());
        return event;
    }

    /** {@code json} null keeps the field, "" removes it, anything else replaces it. */
    private static void set(ObjectNode node, String field, String json) {
        if (json == null) {
            return;
        }
        if (json.isEmpty()) {
            node.remove(field);
        } else {
            node.set(field, TestStack.read(json.getBytes(StandardCharsets.UTF_8)));
        }
    }

    // ---- POST /hooks/signup: the same use case, authenticated by an HMAC signature.

    /** A webhook call: the body, the two headers as sent (null: left out), and what is wrong with them. */
    record Hook(String flaw, String body, String timestamp, String signature) {}

    @Property(tries = 1000)
    void webhookCallsWithoutAValidFreshSignature_areRefused401_beforeAnyRequest(
            @ForAll("forgedWebhookCalls") Hook hook) {
        Statistics.label("flaw").collect(hook.flaw());
        stack.requests.reset();
        stack.emails.reset();

        TestStack.Reply reply = TestStack.call(stack.signupWebhook, event(hook));

        assertThat(reply.status()).as("%s", hook).isEqualTo(401);
        assertThat(reply.headers().get("content-type")).startsWith("application/problem+json");
        assertThat(reply.body().path("code").asText()).isEqualTo("invalid_signature");
        assertThat(stack.requests.total()).as("DynamoDB requests for %s", hook).isZero();
        assertThat(stack.emails.total()).isZero();
    }

    @Provide
    Arbitrary<Hook> forgedWebhookCalls() {
        long now = clock.instant().getEpochSecond();
        String fresh = Long.toString(now);
        Arbitrary<String> bodies = Arbitraries.integers().between(1, 1_000_000).map(HostileSignupIT::body);
        Arbitrary<Hook> outsideTheWindow = Combinators.combine(
                        bodies,
                        Arbitraries.oneOf(
                                Arbitraries.longs()
                                        .between(SignupWebhookVerifier.WINDOW.toSeconds() + 1, 10_000_000_000L)
                                        .flatMap(skew -> Arbitraries.of(now - skew, now + skew)),
                                Arbitraries.longs(),
                                // Where now - sentAt overflows to Long.MIN_VALUE, whose absolute value is negative.
                                Arbitraries.of(now + Long.MIN_VALUE, 0L, Long.MAX_VALUE, Long.MIN_VALUE)))
                .as((body, sentAt) -> signed("timestamp outside the window", body, Long.toString(sentAt)))
                .filter(hook -> !fresh(hook.timestamp(), now));
        Arbitrary<Hook> garbledTimestamp = Combinators.combine(
                        bodies,
                        Arbitraries.oneOf(
                                Arbitraries.of(
                                        "",
                                        "abc",
                                        "1e9",
                                        " " + fresh,
                                        fresh + " ",
                                        fresh + ".0",
                                        "0x" + Long.toHexString(now),
                                        "99999999999999999999",
                                        fresh + "," + fresh,
                                        fresh + "\u0000"),
                                Arbitraries.strings().ofMaxLength(20)))
                .as((body, timestamp) -> signed("garbled timestamp", body, timestamp))
                .filter(hook -> !fresh(hook.timestamp(), now));
        Arbitrary<Hook> missingHeader = Combinators.combine(bodies, Arbitraries.of(true, false))
                .as((body, withoutTimestamp) -> {
                    Hook signed = signed("missing header", body, fresh);
                    return withoutTimestamp
                            ? new Hook("no timestamp", body, null, signed.signature())
                            : new Hook("no signature", body, fresh, null);
                });
        Arbitrary<Hook> badSignature = Combinators.combine(
                        bodies, Arbitraries.integers().between(0, 63))
                .as((body, digit) -> {
                    String right = signed("", body, fresh).signature();
                    String hex = right.substring(3);
                    char flipped = hex.charAt(digit) == '0' ? '1' : '0';
                    return Arbitraries.of(
                                    "",
                                    "v1=",
                                    "v1=" + "0".repeat(64),
                                    "V1=" + hex,
                                    hex,
                                    "v0=" + hex,
                                    "sha256=" + hex,
                                    " " + right,
                                    right + " ",
                                    right.substring(0, right.length() - 1),
                                    right + "00",
                                    right + "," + right,
                                    "v1=" + hex.substring(0, digit) + flipped + hex.substring(digit + 1),
                                    otherSecret(fresh, body))
                            .map(signature -> new Hook("bad signature", body, fresh, signature));
                })
                .flatMap(hooks -> hooks);
        Arbitrary<Hook> replayed = Combinators.combine(
                        bodies, bodies, Arbitraries.longs().between(1, 300))
                .as((body, other, earlier) -> {
                    String before = Long.toString(now - earlier);
                    return Arbitraries.of(
                            // The signature of an earlier call, under a fresh timestamp.
                            new Hook(
                                    "replayed signature",
                                    body,
                                    fresh,
                                    signed("", body, before).signature()),
                            // Another call's signature on this body.
                            new Hook(
                                    "another body's signature",
                                    body,
                                    fresh,
                                    signed("", other, fresh).signature()));
                })
                .flatMap(a -> a)
                .filter(hook ->
                        !hook.signature().equals(signed("", hook.body(), fresh).signature()));
        return Arbitraries.oneOf(outsideTheWindow, garbledTimestamp, missingHeader, badSignature, replayed);
    }

    @Example
    void aCapturedCallReplayed_changesNothingMoreWithinTheWindow_andIsRefusedAfterIt() {
        Hook call = signed("none", body(424242), Long.toString(clock.instant().getEpochSecond()));
        assertThat(TestStack.call(stack.signupWebhook, event(call))
                        .body()
                        .path("outcome")
                        .asText())
                .isEqualTo("joined");

        TestStack.Reply again = TestStack.call(stack.signupWebhook, event(call));

        assertThat(again.body().path("outcome").asText()).isEqualTo("already_member");
        clock.advance(SignupWebhookVerifier.WINDOW.plus(Duration.ofSeconds(1)));
        stack.requests.reset();
        TestStack.Reply late = TestStack.call(stack.signupWebhook, event(call));
        assertThat(late.status()).isEqualTo(401);
        assertThat(stack.requests.total()).isZero();
    }

    @Example
    void aTimestampWhoseDistanceToNowOverflows_isOutsideTheWindow() {
        // now - sentAt = Long.MIN_VALUE, whose Math.abs is negative: "within five minutes", so it joined.
        String sentAt = Long.toString(clock.instant().getEpochSecond() + Long.MIN_VALUE);

        TestStack.Reply reply = TestStack.call(stack.signupWebhook, event(signed("overflow", body(737373), sentAt)));

        assertThat(reply.status()).isEqualTo(401);
    }

    private static String body(int n) {
        return "{\"sub\":\"hook-" + n + "\",\"email\":\"hook" + n + "@" + DOMAIN + "\",\"emailVerified\":true}";
    }

    private static Hook signed(String flaw, String body, String timestamp) {
        return new Hook(flaw, body, timestamp, SIGNER.signature(timestamp, body.getBytes(StandardCharsets.UTF_8)));
    }

    private static String otherSecret(String timestamp, String body) {
        return new SignupWebhookVerifier(
                        "another-secret-0123456789abcdef-0123456789".getBytes(StandardCharsets.UTF_8),
                        java.time.Clock.systemUTC())
                .signature(timestamp, body.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether the verifier should take {@code timestamp}: a whole number of seconds within five minutes of now. */
    private static boolean fresh(String timestamp, long now) {
        try {
            long sentAt = Long.parseLong(timestamp);
            return sentAt >= now - SignupWebhookVerifier.WINDOW.toSeconds()
                    && sentAt <= now + SignupWebhookVerifier.WINDOW.toSeconds();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static ObjectNode event(Hook hook) {
        ObjectNode event = TestStack.http("POST /hooks/signup", Map.of(), hook.body(), null);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-autojoin-timestamp", hook.timestamp());
        headers.put("x-autojoin-signature", hook.signature());
        headers.forEach((name, value) -> {
            if (value != null) {
                TestStack.withHeader(event, name, value);
            }
        });
        return event;
    }
}
