package dev.autojoin.handler;

import static dev.autojoin.handler.TestStack.call;
import static dev.autojoin.handler.TestStack.http;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autojoin.config.Timeouts;
import dev.autojoin.handler.Providers.Delivery;
import dev.autojoin.handler.Providers.Provider;
import dev.autojoin.handler.TestStack.User;
import dev.autojoin.testing.Emulator;
import dev.autojoin.testing.EmulatorExtension;
import dev.autojoin.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Each identity provider's own hook, driven by deliveries in that provider's format (its sample in events/providers/,
 * signed as the provider signs): a verified sign-up at an auto-join domain joins the company once, a redelivery
 * changes nothing, an unverified email (or Okta without the operator's opt-in) joins nobody, an email verified later
 * joins then, and the user id a hook joins is the {@code sub} GET /me later sees. Also: a provider without a secret
 * is off (404), a Secrets Manager secret is read at INIT and again after a rotation, Firebase's blocking call is
 * never refused once its token holds, and GET /me reads any issuer's claim names.
 */
@ExtendWith(EmulatorExtension.class)
class IdentityProvidersIT {
    /** A domain of its own per test: a claimed domain stays claimed. */
    private final String DOMAIN = "idp-" + UUID.randomUUID().toString().substring(0, 8) + ".com";

    private Emulator emulator;
    private MutableClock clock;
    private TestStack stack;
    private String companyId;
    private User owner;

    @BeforeEach
    void givenACompanyWhoseDomainJoinsAutomatically(Emulator given) {
        emulator = given;
        clock = new MutableClock(Instant.now());
        stack = new TestStack(emulator, clock, Map.of("OKTA_EMAILS_VERIFIED", "true"));
        owner = User.verified("owner@" + DOMAIN);
        companyId = PostSignupHandlerIT.companyWithDomain(stack, "IdpCo", owner, DOMAIN, "auto_join");
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void aVerifiedSignupInTheProvidersOwnFormat_joinsOnce_asTheSubItsTokensCarry(Provider provider) {
        String sub = provider.name().toLowerCase() + "-" + UUID.randomUUID();
        String email = "new." + provider.name().toLowerCase() + "@" + DOMAIN;
        Delivery delivery = Providers.signup(provider, sub, email, true);

        TestStack.Reply first = call(stack.signupWebhook, delivery.event());
        TestStack.Reply again = call(stack.signupWebhook, delivery.event());

        assertThat(first.status()).as("%s", first.body()).isEqualTo(provider == Provider.OKTA ? 204 : 200);
        if (provider == Provider.FIREBASE) {
            assertThat(first.body()).isEqualTo(Json.object()); // no change to the user being created
        } else if (provider != Provider.OKTA) {
            assertThat(first.body().path("outcome").asText()).isEqualTo("joined");
            assertThat(again.body().path("outcome").asText()).isEqualTo("duplicate");
        }
        assertThat(again.status()).isEqualTo(first.status());
        assertThat(companiesOf(new User(sub, email, true))).containsExactly(companyId);
        assertThat(members()).filteredOn(sub::equals).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void anUnverifiedEmail_joinsNobody(Provider provider) {
        TestStack defaults = new TestStack(emulator, clock, Map.of()); // Okta: not opted in, as deployed by default
        String sub = "unverified-" + UUID.randomUUID();

        TestStack.Reply reply = call(
                defaults.signupWebhook,
                Providers.signup(provider, sub, "unverified." + provider.name().toLowerCase() + "@" + DOMAIN, false)
                        .event());

        assertThat(reply.status()).isIn(200, 204);
        assertThat(members()).doesNotContain(sub);
    }

    @Test
    void clerkAndWorkos_joinWhenUserUpdatedSaysTheEmailIsVerified() {
        for (Provider provider : List.of(Provider.CLERK, Provider.WORKOS)) {
            String sub = "later-" + UUID.randomUUID();
            String email = "later." + provider.name().toLowerCase() + "@" + DOMAIN;
            call(
                    stack.signupWebhook,
                    Providers.signup(provider, sub, email, false).event());
            assertThat(members()).doesNotContain(sub);

            ObjectNode updated = (ObjectNode)
                    TestStack.read(Providers.body(provider, "u-" + UUID.randomUUID(), sub, email, true, Instant.now())
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            updated.put(provider == Provider.CLERK ? "type" : "event", "user.updated");
            String id = provider == Provider.WORKOS ? updated.path("id").asText() : "msg_" + UUID.randomUUID();
            TestStack.Reply reply = call(
                    stack.signupWebhook,
                    Providers.signed(provider, id, updated.toString(), Instant.now(), Providers.secretOf(provider))
                            .event());

            assertThat(reply.body().path("outcome").asText()).as("%s", provider).isEqualTo("joined");
            assertThat(members()).contains(sub);
        }
    }

    @Test
    void keycloak_registerJoinsNobody_verifyEmailJoins() {
        String sub = UUID.randomUUID().toString();
        String email = "kc@" + DOMAIN;

        call(
                stack.signupWebhook,
                Providers.signup(Provider.KEYCLOAK, sub, email, false).event());
        assertThat(members()).doesNotContain(sub);
        TestStack.Reply verified = call(
                stack.signupWebhook,
                Providers.signup(Provider.KEYCLOAK, sub, email, true).event());

        assertThat(verified.body().path("outcome").asText()).isEqualTo("joined");
    }

    @Test
    void okta_answersItsVerificationChallenge_onlyWithTheConfiguredAuthorization() {
        ObjectNode challenge = http("GET /hooks/okta", Map.of(), null, null);
        TestStack.withHeader(challenge, "x-okta-verification-challenge", "a-challenge-42");

        assertThat(call(stack.signupWebhook, challenge).status()).isEqualTo(401);
        TestStack.withHeader(challenge, "authorization", Providers.OKTA_AUTHORIZATION);
        TestStack.Reply answered = call(stack.signupWebhook, challenge);

        assertThat(answered.status()).isEqualTo(200);
        assertThat(answered.body().path("verification").asText()).isEqualTo("a-challenge-42");
    }

    @Test
    void okta_severalEventsInOneDelivery_eachJoinsItsUser() {
        JsonNode sample = Providers.sample(Provider.OKTA);
        ObjectNode body = (ObjectNode) sample.deepCopy();
        var events = (com.fasterxml.jackson.databind.node.ArrayNode)
                body.path("data").path("events");
        ObjectNode second = events.get(0).deepCopy();
        events.add(second);
        String[] subs = {"00u" + UUID.randomUUID(), "00u" + UUID.randomUUID()};
        for (int i = 0; i < 2; i++) {
            ObjectNode event = (ObjectNode) events.get(i);
            event.put("uuid", UUID.randomUUID().toString());
            event.put("eventType", i == 0 ? "user.lifecycle.create" : "user.lifecycle.activate");
            ((ObjectNode) event.path("target").get(0)).put("id", subs[i]).put("alternateId", "okta" + i + "@" + DOMAIN);
        }

        TestStack.Reply reply = call(
                stack.signupWebhook,
                Providers.signed(Provider.OKTA, "-", body.toString(), Instant.now(), Providers.OKTA_AUTHORIZATION)
                        .event());

        assertThat(reply.status()).isEqualTo(204);
        assertThat(members()).contains(subs[0], subs[1]);
    }

    @Test
    void firebase_neverRefusesTheSignUp_evenWhenTheTableIsDown() {
        TestStack down = new TestStack(emulator, "http://127.0.0.1:9", Timeouts.TRIGGER);
        TestStack.Reply reply = call(
                down.signupWebhook,
                Providers.signup(Provider.FIREBASE, "fb-" + UUID.randomUUID(), "fb@" + DOMAIN, true)
                        .event());

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo(Json.object());
    }

    @Test
    void aProviderWithoutASecret_isOff_andItsRouteAnswers404() {
        Map<String, String> none = new HashMap<>();
        for (String name : List.of(
                "SIGNUP_WEBHOOK_SECRET",
                "CLERK_WEBHOOK_SECRET",
                "WORKOS_WEBHOOK_SECRET",
                "OKTA_HOOK_AUTHORIZATION",
                "KEYCLOAK_WEBHOOK_SECRET",
                "FIREBASE_PROJECT_ID")) {
            none.put(name, "");
        }
        TestStack off = new TestStack(emulator, clock, none);
        for (Provider provider : Provider.values()) {
            off.requests.reset();
            TestStack.Reply reply = call(
                    off.signupWebhook,
                    Providers.signup(provider, "off-" + UUID.randomUUID(), "off@" + DOMAIN, true)
                            .event());
            assertThat(reply.status()).as("%s", provider).isEqualTo(404);
            assertThat(off.requests.total()).isZero();
        }
    }

    @Test
    void aSecretFromSecretsManager_isReadAtInit_andARotationTakesEffectWithinAMinute() {
        SecretsManagerClient secrets = SecretsManagerClient.builder()
                .endpointOverride(emulator.endpoint())
                .region(software.amazon.awssdk.regions.Region.of(emulator.region()))
                .credentialsProvider(emulator.credentials())
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                .build();
        String arn = secrets.createSecret(
                        r -> r.name("clerk-" + UUID.randomUUID()).secretString(Providers.CLERK_SECRET))
                .arn();
        TestStack fromSecretsManager = new TestStack(emulator, clock, Map.of("CLERK_WEBHOOK_SECRET", arn));
        String rotated = Providers.whsec("rotated-clerk-secret-0123456789ab");

        Delivery signedBefore = Providers.signup(Provider.CLERK, "sm-1", "sm1@" + DOMAIN, true);
        assertThat(call(fromSecretsManager.signupWebhook, signedBefore.event()).status())
                .isEqualTo(200);
        secrets.putSecretValue(r -> r.secretId(arn).secretString(rotated));
        Delivery signedAfter = Providers.signed(
                Provider.CLERK,
                "msg_" + UUID.randomUUID(),
                Providers.body(Provider.CLERK, "-", "sm-2", "sm2@" + DOMAIN, true, Instant.now()),
                Instant.now(),
                rotated);

        // Read at INIT a moment ago: not again within the minute, however many signatures fail.
        assertThat(call(fromSecretsManager.signupWebhook, signedAfter.event()).status())
                .isEqualTo(401);
        clock.advance(HookSecret.REREAD_AFTER.plus(Duration.ofSeconds(1)));
        assertThat(call(fromSecretsManager.signupWebhook, signedAfter.event()).status())
                .isEqualTo(200);
        assertThat(members()).contains("sm-1", "sm-2");
    }

    @Test
    void getMe_readsTheConfiguredIssuersClaimNames_andOnlyTrueCountsAsVerified() {
        TestStack auth0 = new TestStack(
                emulator,
                clock,
                Map.of(
                        "EMAIL_CLAIM", "https://example.com/email",
                        "EMAIL_VERIFIED_CLAIM", "https://example.com/email_verified"));
        for (String flag : List.of("true", "True", "1", "yes", "false", "")) {
            String sub = "auth0|" + UUID.randomUUID();
            ObjectNode me = http("GET /me", Map.of(), null, new User(sub, "ignored@elsewhere.com", true));
            ObjectNode claims = (ObjectNode)
                    me.path("requestContext").path("authorizer").path("jwt").path("claims");
            claims.remove("email");
            claims.remove("email_verified");
            claims.put("https://example.com/email", "auth0." + UUID.randomUUID() + "@" + DOMAIN);
            claims.put("https://example.com/email_verified", flag);

            TestStack.Reply reply = call(auth0.settings, me);

            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.body().path("companies").size())
                    .as("email_verified %s", flag)
                    .isEqualTo(flag.equals("true") ? 1 : 0);
        }
    }

    private List<String> members() {
        TestStack.Reply reply = call(
                stack.settings,
                http("GET /companies/{companyId}/members", Map.of("companyId", companyId), null, owner));
        List<String> subs = new java.util.ArrayList<>();
        reply.body().path("items").forEach(m -> subs.add(m.path("userId").asText()));
        return subs;
    }

    private List<String> companiesOf(User user) {
        List<String> ids = new java.util.ArrayList<>();
        call(stack.settings, http("GET /me", Map.of(), null, user))
                .body()
                .path("companies")
                .forEach(c -> ids.add(c.path("id").asText()));
        return ids;
    }
}
