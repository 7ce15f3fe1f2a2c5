package dev.autojoin.handler;

import static dev.autojoin.handler.HostileRoutes.quoted;
import static dev.autojoin.handler.HostileRoutes.valid;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autojoin.config.Timeouts;
import dev.autojoin.domain.DomainName;
import dev.autojoin.domain.InvalidInputException;
import dev.autojoin.handler.HostileBodies.Body;
import dev.autojoin.handler.HostileRoutes.Route;
import dev.autojoin.handler.HostileRoutes.World;
import dev.autojoin.testing.DynamoDbKeyLimits;
import dev.autojoin.testing.Emulator;
import dev.autojoin.testing.EmulatorExtension;
import dev.autojoin.testing.MutableClock;
import dev.autojoin.testing.TestContext;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;
import net.jqwik.api.statistics.Statistics;
import org.opentest4j.TestAbortedException;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Generated hostile requests against every route of every handler (taken from their {@code ROUTES}): each valid
 * request is broken in exactly one way, and the answer is always a 4xx problem document (the public link pages a
 * browser opens answer an HTML page unless JSON is asked for), never a 5xx, never a DynamoDB write (but discovery's
 * one rate-limit counter), never an email. The emulator is held to DynamoDB's key-size limits, which moto checks on
 * writes only.
 */
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

    private static final List<String> WRITES =
            List.of("TransactWriteItems", "PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem");
    /** The routes that act on the caller's email, so a caller whose email is not verified is refused 403. */
    private static final Set<String> NEEDS_VERIFIED_EMAIL =
            Set.of("POST /companies", "POST /companies/{companyId}/join-requests", "POST /invites/{token}/accept");

    private static final WriteLog writes = new WriteLog();
    private static MutableClock clock;
    private static TestStack stack;
    private static World world;
    private static Map<String, Route> routes;

    @BeforeContainer
    static void givenOneSmallCompany() {
        Emulator emulator = Emulator.shared();
        emulator.resetAll(EmulatorExtension.TABLE);
        clock = new MutableClock(Instant.now());
        // Discovery's per-address limit is proven elsewhere; here every lookup must reach the email check.
        stack = new TestStack(
                emulator,
                emulator.endpoint().toString(),
                Timeouts.API,
                clock,
                Map.of("DISCOVERY_PER_CLIENT_PER_MINUTE", "1000000"),
                List.of(new DynamoDbKeyLimits(), writes));
        world = World.create(stack, emulator);
        routes = HostileRoutes.all(stack, world);
    }

    // ---- The properties, one per kind of hostility; each checks that it reached every route it applies to.

    @Example
    void everyRouteOfEveryHandler_isBrokenBySomeGenerator() {
        int declared = SettingsHandler.ROUTES.size()
                + DomainsHandler.ROUTES.size()
                + InvitesHandler.ROUTES.size()
                + SignupWebhookHandler.ROUTES.size();
        assertThat(routes).hasSize(declared);
        List<Predicate<Route>> generators = List.of(
                Route::takesBody,
                Route::takesPathParameters,
                Route::takesQuery,
                Route::takesIfMatch,
                Route::needsSignIn,
                // The providers' own formats: HostileSignupIT forges every one of them (property-based, per flaw).
                route -> route.key().matches("(GET|POST) /hooks/(clerk|workos|okta|keycloak|firebase)"));
        assertThat(routes.values())
                .allSatisfy(route -> assertThat(generators.stream().anyMatch(g -> g.test(route)))
                        .as("%s is broken by some generator", route)
                        .isTrue());
    }

    @Example
    void everyDescribedBody_hasTheFieldsAndShapesOfOpenApi() {
        assertThat(routes.values().stream()
                        .flatMap(route -> HostileRoutes.unlikeTheContract(route).stream())
                        .collect(Collectors.toList()))
                .as("describe each body field of openapi.yaml in HostileRoutes.descriptions, with its shape")
                .isEmpty();
    }

    @Property(tries = 3000)
    void brokenBodies_areRefusedWith400(@ForAll("brokenBodies") Attempt attempt) {
        collect(attempt, Route::takesBody);

        JsonNode problem = assertRefused(attempt, send(attempt));

        assertThat(problem.path("status").asInt()).as("%s", attempt).isEqualTo(400);
    }

    @Property(tries = 600)
    void brokenObjectMaps_areRefusedWith400(@ForAll("brokenMaps") Attempt attempt) {
        collect(attempt, HostileBodies::holdsMap);

        JsonNode problem = assertRefused(attempt, send(attempt));

        assertThat(problem.path("status").asInt()).as("%s", attempt).isEqualTo(400);
    }

    @Property(tries = 60)
    void bodiesOverTheLimit_areRefusedWith413(@ForAll("hugeBodies") Attempt attempt) {
        collect(attempt, Route::takesBody);

        JsonNode problem = assertRefused(attempt, send(attempt));

        assertThat(problem.path("status").asInt()).as("%s", attempt).isEqualTo(413);
        assertThat(problem.path("code").asText()).isEqualTo("payload_too_large");
    }

    @Property(tries = 2000)
    void hostilePathParameters_areRefused(@ForAll("hostilePaths") Attempt attempt) {
        collect(attempt, Route::takesPathParameters);

        assertRefused(attempt, send(attempt));
    }

    @Property(tries = 600)
    void hostileQueryStrings_areRefusedWith400(@ForAll("hostileQueries") Attempt attempt) {
        collect(attempt, Route::takesQuery);

        JsonNode problem = assertRefused(attempt, send(attempt));

        assertThat(problem.path("status").asInt()).as("%s", attempt).isEqualTo(400);
    }

    @Property(tries = 300)
    void garbledOrStaleIfMatch_isRefused(@ForAll("garbledIfMatch") Attempt attempt) {
        collect(attempt, Route::takesIfMatch);

        JsonNode problem = assertRefused(attempt, send(attempt));

        assertThat(problem.path("status").asInt()).as("%s", attempt).isIn(400, 412);
    }

    @Property(tries = 1500)
    void callersWithMissingOrOddClaims_areRefused_andChangeNothing(@ForAll("oddCallers") Attempt attempt) {
        collect(attempt, Route::needsSignIn);

        TestStack.Page page = send(attempt);

        if (attempt.flaw().equals("no_sub")) {
            assertThat(assertRefused(attempt, page).path("code").asText()).isEqualTo("unauthenticated");
        } else if (attempt.flaw().equals("unverified_owner")) {
            assertThat(assertRefused(attempt, page).path("code").asText()).isEqualTo("email_not_verified");
        } else if (attempt.route().key().equals("GET /me")) {
            // Anyone signed in may look at themselves; an unverified email repairs nothing and joins nothing.
            assertThat(page.status()).as("%s", attempt).isEqualTo(200);
            JsonNode me = TestStack.read(page.text().getBytes(StandardCharsets.UTF_8));
            assertThat(me.path("companies")).as("%s", attempt).isEmpty();
            assertThat(me.path("suggestions")).as("%s", attempt).isEmpty();
            assertNothingWritten(attempt);
        } else {
            // A stranger: 404 for a company they are not in, 403 where a verified email is needed.
            assertThat(assertRefused(attempt, page).path("status").asInt())
                    .as("%s", attempt)
                    .isIn(403, 404);
        }
    }

    // ---- What the generators found, kept as examples: each was a write, a 5xx or a wrong answer before its fix.

    @Example
    void aLoneSurrogateInTheBodyText_isRefused_notReplacedByAQuestionMark() {
        // It created a company named "?Hostile Two".
        Attempt attempt = Attempt.valid(routes.get("POST /companies"), "unpaired_surrogate")
                .withBody(Body.plain("{\"name\":\"\ud800Hostile Two\"}"));

        JsonNode problem = assertRefused(attempt, send(attempt));

        assertThat(problem.path("code").asText()).isEqualTo("malformed_body");
    }

    @Example
    void halfASurrogatePairEscapedInJson_isNoValidText() {
        // It created a company whose name no email or JSON answer could carry.
        Attempt attempt = Attempt.valid(routes.get("POST /companies"), "odd_value")
                .withBody(Body.plain("{\"name\":\"Hostile \\ud800Two\"}"));

        JsonNode problem = assertRefused(attempt, send(attempt));

        assertThat(problem.path("code").asText()).isEqualTo("invalid_field");
        assertThat(problem.path("field").asText()).isEqualTo("name");
    }

    @Example
    void aCursorWithinTheListButPastDynamoDbsKeyLimit_isRefusedWith400_not503() {
        // 607 characters, 1,207 bytes: DynamoDB refuses the start key, and we answered 503.
        Attempt attempt = Attempt.valid(routes.get("GET /companies/{companyId}/members"), "cursor")
                .withQuery("cursor", HostileValues.base64url("MEMBER#" + "\u00e9".repeat(600)));

        JsonNode problem = assertRefused(attempt, send(attempt));

        assertThat(problem.path("code").asText()).isEqualTo("invalid_cursor");
    }

    @Example
    void aCursorOfInvalidUtf8_isRefused_notRepaired() {
        // "AUDIT#" and a cut-off character: it was read as "AUDIT#" and U+FFFD, and answered a page.
        Attempt attempt = Attempt.valid(routes.get("GET /companies/{companyId}/audit"), "cursor")
                .withQuery("cursor", "QVVESVQjww");

        JsonNode problem = assertRefused(attempt, send(attempt));

        assertThat(problem.path("code").asText()).isEqualTo("invalid_cursor");
    }

    @Example
    void anIdPastDynamoDbsKeyLimit_isRefusedWith400_not503() {
        Route release = routes.get("DELETE /companies/{companyId}/domains/{domain}");
        Attempt overlong = Attempt.valid(release, "path companyId")
                .withPath("companyId", "x".repeat(ApiRequest.MAX_PATH_PARAMETER_BYTES + 1));
        Attempt longest = Attempt.valid(release, "path companyId")
                .withPath("companyId", "x".repeat(ApiRequest.MAX_PATH_PARAMETER_BYTES));

        JsonNode refused = assertRefused(overlong, send(overlong));
        JsonNode unknown = assertRefused(longest, send(longest));

        assertThat(refused.path("code").asText()).isEqualTo("invalid_path");
        assertThat(unknown.path("status").asInt()).isEqualTo(404);
    }

    @Example
    void aOneMegabyteBody_isRefusedWith413_notAsAMalformedEvent() {
        Route patch = routes.get("PATCH /companies/{companyId}/domains/{domain}");
        String text = "{\"enrollment\":\"" + "a".repeat(1 << 20) + "\"}";

        for (Body body : List.of(Body.plain(text), Body.base64(text.getBytes(StandardCharsets.UTF_8)))) {
            Attempt attempt = Attempt.valid(patch, "1 MB").withBody(body);

            assertThat(assertRefused(attempt, send(attempt)).path("status").asInt())
                    .isEqualTo(413);
        }
    }

    @Example
    void aBrowserOpeningAnInvitationLinkWithAnUnusableToken_getsTheNotFoundPage() {
        Route page = routes.get("GET /invites/{token}");
        for (String token : List.of("", "x".repeat(ApiRequest.MAX_PATH_PARAMETER_BYTES + 1), "\ud800")) {
            Attempt attempt =
                    Attempt.valid(page, "path token").withPath("token", token).withHeader("accept", "text/html");

            TestStack.Page answer = send(attempt);

            assertRefused(attempt, answer);
            assertThat(answer.status()).isEqualTo(404);
        }
    }

    // ---- Broken bodies: one flaw in an otherwise valid body (or the body of one element of an array).

    @Provide
    Arbitrary<Attempt> brokenBodies() {
        return some(Route::takesBody).flatMap(route -> Arbitraries.oneOf(HostileBodies.of(route))
                .map(broken -> Attempt.valid(route, broken.flaw()).withBody(broken.body())));
    }

    /** Only the flaws of object maps ({@code additionalProperties}), wherever a body holds one. */
    @Provide
    Arbitrary<Attempt> brokenMaps() {
        return some(HostileBodies::holdsMap).flatMap(route -> Arbitraries.oneOf(HostileBodies.inMaps(route))
                .map(broken -> Attempt.valid(route, broken.flaw()).withBody(broken.body())));
    }

    // ---- Bodies over the limit.

    @Provide
    Arbitrary<Attempt> hugeBodies() {
        return Combinators.combine(
                        some(Route::takesBody),
                        Arbitraries.of(ApiRequest.MAX_BODY_BYTES + 1, 256 * 1024, 1 << 20),
                        Arbitraries.of(true, false),
                        Arbitraries.of(true, false))
                .as((route, size, json, base64) -> {
                    String text = json
                            ? "{\"" + route.body().get(0).name() + "\":\"" + "a".repeat(size) + "\"}"
                            : "x".repeat(size);
                    return Attempt.valid(route, size + " bytes")
                            .withBody(base64 ? Body.base64(text.getBytes(StandardCharsets.UTF_8)) : Body.plain(text));
                });
    }

    // ---- Path parameters: one hostile, the others real.

    @Provide
    Arbitrary<Attempt> hostilePaths() {
        return some(Route::takesPathParameters).flatMap(route -> Arbitraries.of(
                        List.copyOf(route.path().keySet()))
                .flatMap(name -> {
                    String real = route.path().get(name);
                    return Combinators.combine(
                                    HostileValues.hostile(real).filter(v -> !sameAs(name, v, real)), accepts(route))
                            .as((value, accept) -> Attempt.valid(route, "path " + name)
                                    .withPath(name, value)
                                    .withHeader("accept", accept));
                }));
    }

    /** Whether a hostile value still names the real thing (a domain in another case is the same domain). */
    private static boolean sameAs(String parameter, String value, String real) {
        if (parameter.equals("domain") && HostileRoutes.DOMAIN_NAME.test(value)) {
            return DomainName.parse(value).value().equals(real);
        }
        return value.equals(real);
    }

    /** The link pages answer HTML to browsers and JSON to the web app; the API routes always JSON. */
    private static Arbitrary<String> accepts(Route route) {
        return route.page()
                ? Arbitraries.of("application/json", "text/html", "text/html,application/json", "*/*", "")
                : Arbitraries.just("application/json");
    }

    // ---- Query strings.

    @Provide
    Arbitrary<Attempt> hostileQueries() {
        return some(Route::takesQuery)
                .flatMap(route -> route.discovery() ? discoveryQueries(route) : pagingQueries(route));
    }

    private static Arbitrary<Attempt> pagingQueries(Route route) {
        String prefix = route.cursorPrefix().orElseThrow();
        Arbitrary<String> limits = HostileValues.limits().filter(v -> !validLimit(v));
        Arbitrary<String> cursors = HostileValues.cursors(prefix).filter(v -> !validCursor(v, prefix));
        Attempt valid = Attempt.valid(route, "query");
        return Arbitraries.oneOf(
                limits.map(limit -> valid.withFlaw("limit").withQuery("limit", limit)),
                cursors.map(cursor -> valid.withFlaw("cursor").withQuery("cursor", cursor)),
                Combinators.combine(Arbitraries.integers().between(1, 200), cursors)
                        .as((limit, cursor) -> valid.withFlaw("cursor")
                                .withQuery("limit", limit.toString())
                                .withQuery("cursor", cursor)),
                Combinators.combine(limits, cursors).as((limit, cursor) -> valid.withFlaw("limit and cursor")
                        .withQuery("limit", limit)
                        .withQuery("cursor", cursor)));
    }

    private static Arbitrary<Attempt> discoveryQueries(Route route) {
        Attempt valid = Attempt.valid(route, "email");
        return Arbitraries.oneOf(
                HostileValues.emails()
                        .filter(v -> !HostileRoutes.EMAIL.test(v))
                        .map(email -> valid.withQuery("email", email)),
                Arbitraries.of("-1", "99999", "garbage").map(limit -> valid.withFlaw("missing email")
                        .withoutQuery("email")
                        .withQuery("limit", limit)));
    }

    private static boolean validLimit(String raw) {
        try {
            int limit = Integer.parseInt(raw);
            return limit >= 1 && limit <= 200;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** A cursor we could have sent: base64url of well-formed UTF-8 within the list's prefix and DynamoDB's limit. */
    private static boolean validCursor(String raw, String prefix) {
        if (raw.isEmpty()) {
            return true;
        }
        try {
            byte[] key = Base64.getUrlDecoder().decode(raw);
            String text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(key))
                    .toString();
            return text.startsWith(prefix) && key.length <= 1024;
        } catch (IllegalArgumentException | CharacterCodingException e) {
            return false;
        }
    }

    // ---- If-Match.

    @Provide
    Arbitrary<Attempt> garbledIfMatch() {
        return some(Route::takesIfMatch).flatMap(route -> HostileValues.ifMatches()
                .filter(v -> !namesVersion(v, route.version().orElseThrow()))
                .map(v -> Attempt.valid(route, "if-match").withHeader("if-match", v)));
    }

    /** Whether the product reads {@code raw} as this very version ({@code "3"}, {@code W/"3"}, {@code 3}). */
    private static boolean namesVersion(String raw, long version) {
        APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
                .withHeaders(Map.of("if-match", raw))
                .build();
        try {
            return new ApiRequest(event, TestContext.fresh(), dev.autojoin.config.Env.ClaimNames.DEFAULT)
                            .ifMatch()
                            .orElse(0)
                    == version;
        } catch (InvalidInputException garbled) {
            return false;
        }
    }

    // ---- Callers the JWT authorizer let through with claims that do not make a verified person.

    @Provide
    Arbitrary<Attempt> oddCallers() {
        return some(Route::needsSignIn).flatMap(route -> {
            List<Arbitrary<Attempt>> callers = new ArrayList<>(List.of(withoutSub(route), unverifiedStranger(route)));
            if (NEEDS_VERIFIED_EMAIL.contains(route.key())) {
                callers.add(unverifiedOwner(route));
            }
            return Arbitraries.oneOf(callers);
        });
    }

    /**
     * No usable {@code sub}. The HTTP API passes every claim as a string, and the runtime decodes claims as strings
     * (a JSON 42 would arrive as "42"): only absent, null, empty and blank are callers without a sub.
     */
    private static Arbitrary<Attempt> withoutSub(Route route) {
        return Combinators.combine(
                        Arbitraries.of("", "\"\"", "\"   \"", "null"),
                        Arbitraries.of("", quoted(world.owner().email()), quoted(world.invitedEmail())),
                        Arbitraries.of("", "\"true\"", "\"True\""))
                .as((sub, email, verified) -> Attempt.valid(route, "no_sub").withClaims(claims(sub, email, verified)));
    }

    private static Arbitrary<Attempt> unverifiedStranger(Route route) {
        Arbitrary<String> emails = Arbitraries.of(
                "",
                "\"\"",
                "\"not-an-email\"",
                "\"someone@hostile-co.com\"",
                quoted(world.invitedEmail()),
                quoted(" " + world.invitedEmail()),
                "42",
                "null");
        Arbitrary<String> verified = Arbitraries.oneOf(claimsNotTrue(), Arbitraries.of("", "\"true\""));
        return Combinators.combine(emails, verified, Arbitraries.integers().between(1, 1_000_000))
                .filter((email, ok, n) -> !(ok.equals("\"true\"") && isAddress(email)))
                .as((email, ok, n) -> Attempt.valid(route, "unverified_stranger")
                        .withClaims(claims(quoted("stranger-" + n), email, ok)));
    }

    private static Arbitrary<Attempt> unverifiedOwner(Route route) {
        return claimsNotTrue().map(ok -> Attempt.valid(route, "unverified_owner")
                .withClaims(
                        claims(quoted(world.owner().sub()), quoted(world.owner().email()), ok)));
    }

    /**
     * The values of {@code email_verified} that are not "true", as the HTTP API can pass them: strings or nothing (it
     * flattens every claim to a string; the runtime would not even decode an object or a list as one).
     */
    private static Arbitrary<String> claimsNotTrue() {
        return Arbitraries.of(HostileValues.NOT_TRUE).filter(json -> json.startsWith("\"") || json.equals("null"));
    }

    private static boolean isAddress(String json) {
        if (json.isEmpty() || !json.startsWith("\"")) {
            return false;
        }
        return HostileRoutes.EMAIL.test(
                TestStack.read(json.getBytes(StandardCharsets.UTF_8)).asText());
    }

    /** The sample's claims with these three as JSON ("" leaves a claim out). */
    private static String claims(String sub, String email, String emailVerified) {
        ObjectNode claims = (ObjectNode) TestStack.read(TestStack.event("http-get-me.json"))
                .path("requestContext")
                .path("authorizer")
                .path("jwt")
                .path("claims")
                .deepCopy();
        Map<String, String> set = new LinkedHashMap<>();
        set.put("sub", sub);
        set.put("email", email);
        set.put("email_verified", emailVerified);
        set.forEach((name, json) -> {
            if (json.isEmpty()) {
                claims.remove(name);
            } else {
                claims.set(name, TestStack.read(json.getBytes(StandardCharsets.UTF_8)));
            }
        });
        return claims.toString();
    }

    // ---- Sending and judging.

    /** One request: a valid one with one thing broken ({@code flaw}). Claims null: the owner, or nobody if public. */
    record Attempt(
            Route route,
            String flaw,
            Map<String, String> path,
            Body body,
            Map<String, String> headers,
            Map<String, String> query,
            String claims) {

        static Attempt valid(Route route, String flaw) {
            Map<String, String> headers = new LinkedHashMap<>();
            route.version().ifPresent(v -> headers.put("if-match", "\"" + v + "\""));
            Map<String, String> query = new LinkedHashMap<>();
            if (route.discovery()) {
                query.put("email", "someone@hostile-co.com");
            }
            return new Attempt(
                    route,
                    flaw,
                    route.path(),
                    route.takesBody() ? Body.plain(route.validBody()) : null,
                    headers,
                    query,
                    null);
        }

        Attempt withFlaw(String what) {
            return new Attempt(route, what, path, body, headers, query, claims);
        }

        Attempt withBody(Body replaced) {
            return new Attempt(route, flaw, path, replaced, headers, query, claims);
        }

        Attempt withPath(String name, String value) {
            Map<String, String> changed = new LinkedHashMap<>(path);
            changed.put(name, value);
            return new Attempt(route, flaw, changed, body, headers, query, claims);
        }

        Attempt withHeader(String name, String value) {
            Map<String, String> changed = new LinkedHashMap<>(headers);
            changed.put(name, value);
            return new Attempt(route, flaw, path, body, changed, query, claims);
        }

        Attempt withQuery(String name, String value) {
            Map<String, String> changed = new LinkedHashMap<>(query);
            changed.put(name, value);
            return new Attempt(route, flaw, path, body, headers, changed, claims);
        }

        Attempt withoutQuery(String name) {
            Map<String, String> changed = new LinkedHashMap<>(query);
            changed.remove(name);
            return new Attempt(route, flaw, path, body, headers, changed, claims);
        }

        Attempt withClaims(String json) {
            return new Attempt(route, flaw, path, body, headers, query, json);
        }

        boolean wantsJson() {
            String accept = headers.getOrDefault("accept", "application/json");
            return accept.contains("application/json") && !accept.contains("text/html");
        }

        @Override
        public String toString() {
            Map<String, String> shortPath = new LinkedHashMap<>();
            path.forEach((k, v) -> shortPath.put(k, HostileValues.shown(v)));
            Map<String, String> shortQuery = new LinkedHashMap<>();
            query.forEach((k, v) -> shortQuery.put(k, HostileValues.shown(v)));
            return route + " [" + flaw + "] path=" + shortPath + " query=" + shortQuery + " headers=" + headers
                    + " body=" + body + (claims == null ? "" : " claims=" + HostileValues.shown(claims));
        }
    }

    /** An answer shown in a failure: short, and with its email addresses masked (the logs are checked for them). */
    private static String masked(String text) {
        return HostileValues.shown(text.replaceAll("[^\\s\"@]+@", "***@"));
    }

    static ObjectNode event(Attempt attempt) {
        Route route = attempt.route();
        ObjectNode event = TestStack.http(
                route.key(),
                attempt.path(),
                attempt.body() == null ? null : attempt.body().text(),
                route.isPublic() ? null : world.owner());
        if (attempt.body() != null && attempt.body().base64()) {
            event.put("isBase64Encoded", true);
        }
        if (attempt.claims() != null) {
            ((ObjectNode) event.path("requestContext").path("authorizer").path("jwt"))
                    .set("claims", TestStack.read(attempt.claims().getBytes(StandardCharsets.UTF_8)));
        }
        ObjectNode headers = (ObjectNode) event.path("headers");
        attempt.headers().forEach((name, value) -> {
            if (value.isEmpty() && name.equals("accept")) {
                headers.remove(name);
            } else {
                headers.put(name, value);
            }
        });
        if (!attempt.query().isEmpty()) {
            ObjectNode query = event.putObject("queryStringParameters");
            attempt.query().forEach(query::put);
            event.put(
                    "rawQueryString",
                    attempt.query().entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining("&")));
        }
        if (route.webhook() && !attempt.headers().containsKey("webhook-signature")) {
            // Signed as the identity provider would sign it: what is refused is the body, not the signature.
            Providers.signed(
                            Providers.Provider.SIGNUP,
                            "msg_" + java.util.UUID.randomUUID(),
                            new String(signedBytes(attempt.body()), StandardCharsets.UTF_8),
                            java.time.Instant.now(),
                            Providers.SIGNUP_SECRET)
                    .headers()
                    .forEach(headers::put);
        }
        return event;
    }

    private static byte[] signedBytes(Body body) {
        if (body == null) {
            return new byte[0];
        }
        if (!body.base64()) {
            return body.text().getBytes(StandardCharsets.UTF_8);
        }
        try {
            return Base64.getDecoder().decode(body.text());
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    private static TestStack.Page send(Attempt attempt) {
        ObjectNode event = event(attempt);
        stack.requests.reset();
        stack.emails.reset();
        writes.clear();
        return TestStack.open(attempt.route().handler(), event);
    }

    /** A 4xx problem document (or link page), nothing written, nothing sent; answers the problem (null for a page). */
    private static JsonNode assertRefused(Attempt attempt, TestStack.Page page) {
        assertThat(page.status())
                .as("status of %s: %s", attempt, masked(page.text()))
                .isBetween(400, 499);
        String type = page.headers().getOrDefault("content-type", "");
        boolean head = attempt.route().method().equals("HEAD");
        JsonNode problem = TestStack.read(("{\"status\":" + page.status() + "}").getBytes(StandardCharsets.UTF_8));
        if (attempt.route().page() && !attempt.wantsJson()) {
            assertThat(type).as("content type of %s", attempt).startsWith("text/html");
            if (head) {
                assertThat(page.text()).as("body of %s", attempt).isEmpty();
            } else {
                assertThat(page.text()).as("body of %s", attempt).startsWith("<!");
            }
        } else {
            assertThat(type).as("content type of %s", attempt).startsWith("application/problem+json");
            if (head) {
                assertThat(page.text()).as("body of %s", attempt).isEmpty();
            } else {
                problem = TestStack.read(page.text().getBytes(StandardCharsets.UTF_8));
                assertThat(problem.path("code").asText())
                        .as("code of %s", attempt)
                        .isNotBlank();
                assertThat(problem.path("status").asInt()).isEqualTo(page.status());
            }
        }
        assertNothingWritten(attempt);
        return problem;
    }

    /** No write, but discovery's one rate-limit counter whenever it had an address to look up; no email. */
    private static void assertNothingWritten(Attempt attempt) {
        boolean counted = attempt.route().discovery() && attempt.query().containsKey("email");
        int written = WRITES.stream().mapToInt(stack.requests::count).sum();
        assertThat(written).as("writes for %s: %s", attempt, writes.keys()).isEqualTo(counted ? 1 : 0);
        if (counted) {
            assertThat(writes.keys()).singleElement().asString().startsWith("UpdateItem RATE#discovery#");
        }
        assertThat(stack.emails.total()).as("SES requests for %s", attempt).isZero();
    }

    private static List<Route> select(Predicate<Route> applies) {
        return routes.values().stream().filter(applies).collect(Collectors.toList());
    }

    /** Routes drawn evenly (a list's edge cases would be its first and last route, over and over). */
    private static Arbitrary<Route> some(Predicate<Route> applies) {
        return Arbitraries.of(select(applies)).withoutEdgeCases();
    }

    /** Statistics per route and flaw, and a check that the property reached every route it applies to. */
    private static void collect(Attempt attempt, Predicate<Route> applies) {
        Statistics.label("route").collect(attempt.route().key());
        Statistics.label("flaw").collect(attempt.flaw());
        Statistics.label("route").coverage(coverage -> select(applies)
                .forEach(route -> coverage.check(route.key()).count(n -> n > 0)));
    }

    /** The key of every write the handlers send, e.g. {@code UpdateItem RATE#discovery#<hash>}. */
    static final class WriteLog implements ExecutionInterceptor {
        private final List<String> keys = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            SdkRequest request = context.request();
            if (request instanceof UpdateItemRequest update) {
                keys.add("UpdateItem " + update.key().get("PK").s());
            } else if (request instanceof PutItemRequest put) {
                keys.add("PutItem " + put.item().get("PK").s());
            } else if (request instanceof DeleteItemRequest delete) {
                keys.add("DeleteItem " + delete.key().get("PK").s());
            } else if (request instanceof TransactWriteItemsRequest transact) {
                keys.add("TransactWriteItems " + transact.transactItems().size() + " items");
            } else if (request instanceof BatchWriteItemRequest) {
                keys.add("BatchWriteItem");
            }
        }

        List<String> keys() {
            return List.copyOf(keys);
        }

        void clear() {
            keys.clear();
        }
    }
}
