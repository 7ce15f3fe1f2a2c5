package dev.autojoin.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.autojoin.testing.TableFromTemplate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The local stack in process against the emulator: gateway behaviour, authorizer, identity provider, local routes. */
class LocalStackIT {

    private final LocalApi api = LocalApi.shared();

    @Test
    void protectedRoute_answers401_withoutToken() {
        LocalApi.Reply reply = api.get("/me", null);

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.body()).isEqualTo("{\"message\":\"Unauthorized\"}");
    }

    @Test
    void protectedRoute_answers401_forATokenSignedByAnotherKey() throws Exception {
        RSAKey otherKey = new RSAKeyGenerator(2048).keyID("forged").generate();
        SignedJWT forged = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("forged").build(),
                claims(3600).build());
        forged.sign(new RSASSASigner(otherKey));

        LocalApi.Reply reply = api.get("/me", forged.serialize());

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.body()).isEqualTo("{\"message\":\"Unauthorized\"}");
    }

    @Test
    void protectedRoute_answers401_forAnExpiredToken() {
        String expired = LocalApi.stack().identityProvider().sign(claims(-120).build());

        LocalApi.Reply reply = api.get("/me", expired);

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.body()).isEqualTo("{\"message\":\"Unauthorized\"}");
        assertThat(reply.headers().firstValue("www-authenticate"))
                .hasValueSatisfying(v -> assertThat(v).contains("invalid_token"));
    }

    @Test
    void protectedRoute_answers401_forAnotherAudience() {
        String otherClient = LocalApi.stack()
                .identityProvider()
                .sign(claims(3600).audience("another-client").build());

        assertThat(api.get("/me", otherClient).status()).isEqualTo(401);
    }

    @Test
    void protectedRoute_acceptsTheTokenWithOrWithoutBearer() {
        LocalApi.Session user = api.signUp(uniqueEmail(), true);

        LocalApi.Reply bearer = api.send("GET", "/me", "Bearer " + user.token(), null);
        LocalApi.Reply raw = api.send("GET", "/me", user.token(), null);

        assertThat(bearer.status()).isNotEqualTo(401);
        assertThat(raw.status()).isNotEqualTo(401);
    }

    @Test
    void unknownRoute_answers404_likeApiGateway() {
        assertThat(api.get("/no-such-route", null).body()).isEqualTo("{\"message\":\"Not Found\"}");
        assertThat(api.get("/no-such-route", null).status()).isEqualTo(404);
        assertThat(api.send("PUT", "/me", null, null).status()).isEqualTo(404);
    }

    @Test
    void aPathParameterThatDecodesToNoText_answers400() {
        LocalApi.Session someone = api.signUp("percent-" + java.util.UUID.randomUUID() + "@example.org", true);

        LocalApi.Reply reply = api.get("/companies/%ff", someone.token());

        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.json().path("code").asText()).isEqualTo("invalid_path");
    }

    @Test
    void publicRoute_needsNoToken() {
        LocalApi.Reply reply = api.get("/discovery?email=someone%40example.org", null);

        assertThat(reply.status()).isNotIn(401, 404);
    }

    @Test
    void signUp_returnsSubAndAnIdToken() throws Exception {
        String email = uniqueEmail();

        LocalApi.Session user = api.signUp(email, true);

        JWTClaimsSet claims = SignedJWT.parse(user.token()).getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo(user.sub());
        assertThat(claims.getStringClaim("email")).isEqualTo(email);
        assertThat(claims.getBooleanClaim("email_verified")).isTrue();
        assertThat(claims.getAudience()).containsExactly("local-client");
        assertThat(claims.getIssuer()).isEqualTo(LocalApi.stack().baseUrl() + "/_local/idp");
        assertThat(claims.getStringClaim("token_use")).isEqualTo("id");
        assertThat(claims.getStringClaim("cognito:username")).isEqualTo(user.sub());
        assertThat(claims.getExpirationTime()).isAfter(new Date());
    }

    @Test
    void signUp_refusesAnEmailAlreadyRegistered_inAnyCase() {
        String email = uniqueEmail();
        api.signUp(email, true);

        LocalApi.Reply again = api.post("/_local/users", null, "{\"email\":\"" + email.toUpperCase() + "\"}");

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(again.json().path("code").asText()).isEqualTo("username_exists");
    }

    @Test
    void signUp_refusesAMissingEmail() {
        LocalApi.Reply reply = api.post("/_local/users", null, "{\"emailVerified\":true}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().path("field").asText()).isEqualTo("email");
    }

    @Test
    void token_isFreshForAKnownSub_and404ForAnUnknownOne() throws Exception {
        LocalApi.Session user = api.signUp(uniqueEmail(), false);

        LocalApi.Reply fresh = api.post("/_local/token", null, "{\"sub\":\"" + user.sub() + "\"}");
        LocalApi.Reply unknown = api.post("/_local/token", null, "{\"sub\":\"" + UUID.randomUUID() + "\"}");

        assertThat(fresh.status()).isEqualTo(200);
        JWTClaimsSet claims =
                SignedJWT.parse(fresh.json().path("token").asText()).getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo(user.sub());
        assertThat(claims.getBooleanClaim("email_verified")).isFalse();
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().path("code").asText()).isEqualTo("not_found");
    }

    @Test
    void outbox_isAJsonArray() {
        LocalApi.Reply reply = api.get("/_local/outbox", null);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().isArray()).isTrue();
    }

    @Test
    void invoke_postSignupFunction_returnsTheCognitoEventUnchanged() throws Exception {
        String event = Files.readString(repoFile("events/cognito-post-confirmation-signup.json"));

        LocalApi.Reply reply = api.post("/_local/invoke/PostSignupFunction", null, event);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.headers().firstValue("x-amz-function-error")).isEmpty();
        assertThat(reply.json()).isEqualTo(LocalApi.JSON.readTree(event));
    }

    @Test
    void invoke_unknownFunction_answers404() {
        assertThat(api.post("/_local/invoke/NoSuchFunction", null, "{}").status())
                .isEqualTo(404);
    }

    @Test
    void routes_listTheTemplateRoutes_withTheirAuth() {
        JsonNode routes = api.get("/_local/routes", null).json();

        assertThat(routes.findValuesAsText("routeKey")).contains("GET /me", "GET /discovery", "POST /hooks/signup");
        routes.forEach(route -> {
            if (route.path("routeKey").asText().equals("GET /me")) {
                assertThat(route.path("public").asBoolean()).isFalse();
                assertThat(route.path("function").asText()).isEqualTo("SettingsFunction");
            }
            if (route.path("routeKey").asText().equals("GET /discovery")) {
                assertThat(route.path("public").asBoolean()).isTrue();
            }
        });
    }

    @Test
    void clock_movesForwardOnly_andEveryFunctionSeesIt() throws Exception {
        long before = LocalApi.JSON
                .readTree(api.get("/_local/clock", null).body())
                .path("offsetSeconds")
                .asLong();

        LocalApi.Reply moved = api.post("/_local/clock", null, "{\"advanceSeconds\":60}");
        LocalApi.Reply backwards = api.post("/_local/clock", null, "{\"advanceSeconds\":-5}");

        assertThat(moved.status()).isEqualTo(200);
        assertThat(LocalApi.JSON.readTree(moved.body()).path("offsetSeconds").asLong())
                .isEqualTo(before + 60);
        assertThat(dev.autojoin.config.AdjustableClock.now())
                .isAfter(Instant.now().plusSeconds(59));
        assertThat(backwards.status()).isEqualTo(400);
    }

    private static JWTClaimsSet.Builder claims(long expiresInSeconds) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .subject(UUID.randomUUID().toString())
                .issuer(LocalApi.stack().baseUrl() + "/_local/idp")
                .audience(LocalIdentityProvider.CLIENT_ID)
                .claim("email", "mallory@example.org")
                .claim("email_verified", true)
                .issueTime(Date.from(now.minusSeconds(3600)))
                .expirationTime(Date.from(now.plusSeconds(expiresInSeconds)));
    }

    private static String uniqueEmail() {
        return "user-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    }

    private static Path repoFile(String relative) {
        return TableFromTemplate.findRepoRoot().orElseThrow().resolve(relative);
    }
}
