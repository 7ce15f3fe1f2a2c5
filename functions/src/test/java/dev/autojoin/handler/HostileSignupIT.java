package dev.autojoin.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autojoin.handler.Providers.Provider;
import dev.autojoin.handler.TestStack.User;
import dev.autojoin.testing.Emulator;
import dev.autojoin.testing.EmulatorExtension;
import dev.autojoin.testing.FirebaseSigner;
import dev.autojoin.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
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

    private static MutableClock clock;
    private static TestStack stack;
    private static TestStack oktaOptedIn;

    @BeforeContainer
    static void givenACompanyWhoseDomainJoinsAutomatically() {
        Emulator emulator = Emulator.shared();
        emulator.resetAll(EmulatorExtension.TABLE);
        clock = new MutableClock(Instant.now());
        stack = new TestStack(emulator, clock, Map.of());
        oktaOptedIn = new TestStack(emulator, clock, Map.of("OKTA_EMAILS_VERIFIED", "true"));
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

    // ---- The identity providers' hooks: each refuses what its provider did not sign, before any request.

    enum Flaw {
        WRONG_SECRET,
        NO_SIGNATURE,
        ALTERED_BODY,
        CUT_SIGNATURE,
        EXTENDED_SIGNATURE,
        FLIPPED_CHARACTER,
        STALE,
        FUTURE
    }

    /** A delivery as a forger could make it: what is wrong with it, and the delivery. */
    record Forgery(Provider provider, Flaw flaw, Providers.Delivery delivery) {
        @Override
        public String toString() {
            return provider + " " + flaw + " " + delivery.headers() + " "
                    + HostileValues.shown(delivery.body()
                            .replaceAll("eyJ[A-Za-z0-9_.-]+", "<jwt>")
                            .replaceAll("[^\\s\"@]+@", "x***@"));
        }
    }

    private static final FirebaseSigner NOT_GOOGLE = FirebaseSigner.generate();

    @Property(tries = 1500)
    void deliveriesTheirProviderDidNotSign_areRefused401_beforeAnyRequest(@ForAll("forgeries") Forgery forgery) {
        Statistics.label("provider").collect(forgery.provider());
        Statistics.label("flaw").collect(forgery.flaw());
        stack.requests.reset();
        stack.emails.reset();

        TestStack.Reply reply =
                TestStack.call(stack.signupWebhook, forgery.delivery().event());

        assertThat(reply.status()).as("%s", forgery).isEqualTo(401);
        assertThat(reply.headers().get("content-type")).startsWith("application/problem+json");
        assertThat(reply.body().path("code").asText()).isEqualTo("invalid_signature");
        assertThat(stack.requests.total())
                .as("DynamoDB requests for %s", forgery)
                .isZero();
        assertThat(stack.emails.total()).isZero();
    }

    @Provide
    Arbitrary<Forgery> forgeries() {
        return Combinators.combine(
                        Arbitraries.of(Provider.values()),
                        Arbitraries.of(Flaw.values()),
                        Arbitraries.integers().between(1, 1_000_000),
                        Arbitraries.longs().between(1, 10_000_000L))
                .as(HostileSignupIT::forge);
    }

    /** {@code n} picks the person and where a signature is cut or flipped; {@code far} how far out of time. */
    private static Forgery forge(Provider provider, Flaw flaw, int n, long far) {
        String sub = "hook-" + n;
        String email = "hook" + n + "@" + DOMAIN;
        String id = "d-" + n + "-" + far;
        Instant now = Instant.now();
        Providers.Delivery good = Providers.signup(provider, id, sub, email, true, now);
        if (!provider.timed && (flaw == Flaw.STALE || flaw == Flaw.FUTURE)) {
            flaw = Flaw.WRONG_SECRET; // no timestamp in Okta's and Keycloak's schemes: "stale" does not apply
        }
        if (provider == Provider.OKTA && flaw == Flaw.ALTERED_BODY) {
            flaw = Flaw.WRONG_SECRET; // Okta signs nothing: its shared secret vouches for the sender, not the body
        }
        if (provider == Provider.FIREBASE) {
            return new Forgery(provider, flaw, firebaseForgery(flaw, good, id, sub, email, n, far));
        }
        String header = signatureHeader(provider);
        String signature = good.headers().get(header);
        Providers.Delivery forged =
                switch (flaw) {
                    case WRONG_SECRET -> Providers.signed(provider, id, good.body(), now, otherSecret(provider));
                    case NO_SIGNATURE -> good.withHeader(header, null);
                    case ALTERED_BODY -> good.withBody(good.body().replace(email, "x" + email));
                    case CUT_SIGNATURE -> good.withHeader(
                            header, signature.substring(0, signature.length() - 1 - n % 8));
                    case EXTENDED_SIGNATURE -> good.withHeader(header, signature + (n % 2 == 0 ? "00" : "AA=="));
                    case FLIPPED_CHARACTER -> good.withHeader(header, flipped(signature, n));
                    case STALE -> Providers.signup(
                            provider,
                            id,
                            sub,
                            email,
                            true,
                            now.minus(tolerance(provider)).minusSeconds(far));
                    case FUTURE -> Providers.signup(
                            provider,
                            id,
                            sub,
                            email,
                            true,
                            now.plus(tolerance(provider))
                                    .plusSeconds(far + 5)); // whole seconds, and the call a moment later
                };
        return new Forgery(provider, flaw, forged);
    }

    private static Providers.Delivery firebaseForgery(
            Flaw flaw, Providers.Delivery good, String id, String sub, String email, int n, long far) {
        String jwt = TestStack.read(good.body().getBytes(StandardCharsets.UTF_8))
                .path("data")
                .path("jwt")
                .asText();
        // This person's beforeCreate token, signed by {@code signer} as of {@code at}.
        java.util.function.BiFunction<FirebaseSigner, Instant, String> token = (signer, at) ->
                signer.beforeCreate(Providers.FIREBASE_PROJECT, Providers.FIREBASE_AUDIENCE, id, sub, email, true, at);
        String forgedJwt =
                switch (flaw) {
                    case WRONG_SECRET -> token.apply(NOT_GOOGLE, Instant.now());
                    case NO_SIGNATURE -> jwt.substring(0, jwt.lastIndexOf('.') + 1);
                    case ALTERED_BODY -> {
                        String[] parts = jwt.split("\\.");
                        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                                .replace(email, "x" + email);
                        yield parts[0] + "."
                                + Base64.getUrlEncoder()
                                        .withoutPadding()
                                        .encodeToString(claims.getBytes(StandardCharsets.UTF_8))
                                + "." + parts[2];
                    }
                    case CUT_SIGNATURE -> jwt.substring(0, jwt.length() - 1 - n % 8);
                    case EXTENDED_SIGNATURE -> jwt + "AA";
                    case FLIPPED_CHARACTER -> flipped(jwt, n);
                    case STALE -> token.apply(
                            Providers.FIREBASE,
                            Instant.now()
                                    .minus(Duration.ofHours(1))
                                    .minus(FirebaseHook.SKEW)
                                    .minusSeconds(far));
                        // Past the edge by a few seconds more, as for the other providers.
                    case FUTURE -> token.apply(
                            Providers.FIREBASE,
                            Instant.now().plus(FirebaseHook.SKEW).plusSeconds(far + 5));
                };
        return good.withBody("{\"data\":{\"jwt\":\"" + forgedJwt + "\"}}");
    }

    /** The last signature character (or JWT's) changed, to one that still decodes: an honest-looking forgery. */
    private static String flipped(String signature, int n) {
        int at = signature.length() - 2 - n % Math.min(20, signature.length() - 4);
        char c = signature.charAt(at);
        // Another value, also read case-insensitively (hex): 'a' to 'A' would change nothing.
        char other = Character.isDigit(c)
                ? (c == '0' ? '1' : '0')
                : Character.toLowerCase(c) == 'a'
                        ? (Character.isUpperCase(c) ? 'B' : 'b')
                        : Character.isUpperCase(c) ? 'A' : Character.isLowerCase(c) ? 'a' : 'A';
        return signature.substring(0, at) + other + signature.substring(at + 1);
    }

    static String signatureHeader(Provider provider) {
        return switch (provider) {
            case SIGNUP -> "webhook-signature";
            case CLERK -> "svix-signature";
            case WORKOS -> "workos-signature";
            case OKTA -> "authorization";
            case KEYCLOAK -> "x-keycloak-signature";
            case FIREBASE -> throw new IllegalArgumentException("Firebase signs a token in the body");
        };
    }

    private static String otherSecret(Provider provider) {
        return switch (provider) {
            case SIGNUP, CLERK -> Providers.whsec("another-secret-0123456789abcdef");
            default -> "another-secret-0123456789abcdef";
        };
    }

    /** How far from now a provider still takes a delivery, plus a second. */
    private static Duration tolerance(Provider provider) {
        return (provider == Provider.WORKOS ? WorkosHook.TOLERANCE : Duration.ofMinutes(5)).plusSeconds(1);
    }

    @Example
    void aDeliveryRepeated_isAnswered2xx_andChangesNothing_costingOneRead() {
        for (Provider provider : Provider.values()) {
            Providers.Delivery delivery = Providers.signup(
                    provider, "again-" + provider, "again." + provider.name().toLowerCase() + "@" + DOMAIN, true);
            TestStack.Reply first = TestStack.call(oktaOptedIn.signupWebhook, delivery.event());
            assertThat(first.status()).as("%s", provider).isIn(200, 204);
            stack.requests.reset();
            oktaOptedIn.requests.reset();
            stack.emails.reset();

            TestStack.Reply again = TestStack.call(oktaOptedIn.signupWebhook, delivery.event());

            assertThat(again.status()).as("%s", provider).isEqualTo(first.status());
            if (provider != Provider.OKTA && provider != Provider.FIREBASE) {
                assertThat(again.body().path("outcome").asText()).isEqualTo("duplicate");
            }
            assertThat(oktaOptedIn.requests.snapshot()).as("%s", provider).isEqualTo(Map.of("DynamoDb.GetItem", 1));
            assertThat(stack.emails.total()).isZero();
        }
    }

    @Example
    void oversizedAndUnreadableDeliveries_areRefused_beforeAnyRequest() {
        for (Provider provider : Provider.values()) {
            String big = "{\"pad\":\"" + "x".repeat(ApiRequest.MAX_BODY_BYTES) + "\"}";
            for (String body : List.of(big, "not json", "[]", "{\"data\":{\"events\":\"none\"}}")) {
                stack.requests.reset();
                Providers.Delivery delivery =
                        Providers.signed(provider, "d-odd", body, Instant.now(), Providers.secretOf(provider));

                TestStack.Reply reply = TestStack.call(stack.signupWebhook, delivery.event());

                int expected = body == big ? 413 : provider == Provider.FIREBASE && body.startsWith("{") ? 401 : 400;
                assertThat(reply.status())
                        .as("%s %s", provider, HostileValues.shown(body))
                        .isEqualTo(expected);
                assertThat(stack.requests.total()).isZero();
            }
        }
    }
}
