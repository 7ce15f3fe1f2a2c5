package dev.autojoin.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.autojoin.local.SamTemplate.FunctionSpec;
import dev.autojoin.local.SamTemplate.Route;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The hook that holds the local suites' answers to openapi.yaml can fail: a gateway whose routes carry the contract's
 * route keys but run {@link EchoHandler}, which answers its event as JSON, whatever the route. Its own listener, not
 * the shared stack's, so what it records fails only where these tests ask.
 */
class GatewayContractIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final GatewayContract contract = new GatewayContract();
    private LocalIdentityProvider identityProvider;
    private HttpServer server;
    private URI base;

    @BeforeEach
    void startGateway() throws Exception {
        Clock clock = Clock.systemUTC();
        identityProvider = new LocalIdentityProvider(
                "http://issuer.test/_local/idp", "us-east-1", clock, LocalApi.JSON.createObjectNode());
        JwtAuthorizer authorizer = new JwtAuthorizer(
                identityProvider.publicKeys(), identityProvider.issuer(), LocalIdentityProvider.CLIENT_ID, clock);
        FunctionSpec echo = new FunctionSpec("EchoFunction", EchoHandler.class.getName(), Duration.ofSeconds(3), 128);
        RouteTable routes = new RouteTable(List.of(
                new Route("GET", "/me", "EchoFunction", false),
                new Route("GET", "/not-in-the-contract", "EchoFunction", true)));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(
                "/",
                new HttpApiGateway(
                        routes, authorizer, new Functions(Map.of("EchoFunction", echo), "us-east-1"), clock, contract));
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stopGateway() {
        server.stop(0);
    }

    @Test
    void anAnswerUnlikeTheContracts_failsTheCheck() throws Exception {
        String token = identityProvider.idToken(identityProvider.register("ann@example.org", true));

        HttpResponse<String> echoed = get("/me", token);

        // The client got the answer as the function sent it; the check is what fails.
        assertThat(echoed.statusCode()).isEqualTo(200);
        assertThatThrownBy(contract::assertAllMatched)
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("GET /me 200 application/json does not match openapi.yaml");
        assertThat(contract.checked()).isZero();
        // Reported once: the next test in the JVM is not failed for it again.
        contract.assertAllMatched();
    }

    @Test
    void aRouteTheContractDoesNotDescribe_failsTheCheck() throws Exception {
        get("/not-in-the-contract", null);

        assertThatThrownBy(contract::assertAllMatched)
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("GET /not-in-the-contract answered 200: the gateway routes it, openapi.yaml has"
                        + " no such operation");
    }

    @Test
    void theAuthorizersUnauthorized_isTheContracts() throws Exception {
        HttpResponse<String> refused = get("/me", null);

        assertThat(refused.statusCode()).isEqualTo(401);
        contract.assertAllMatched();
        assertThat(contract.checked()).isEqualTo(1);
    }

    @Test
    void aPathNoRouteMatches_isSkippedByItsRule() throws Exception {
        HttpResponse<String> notFound = get("/nowhere", null);

        assertThat(notFound.statusCode()).isEqualTo(404);
        contract.assertAllMatched();
        assertThat(contract.checked()).isZero();
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
