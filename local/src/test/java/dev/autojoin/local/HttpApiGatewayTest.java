package dev.autojoin.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The gateway with a test function: the payload 2.0 event it builds and the response it sends back. */
class HttpApiGatewayTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpServer server;
    private static URI base;
    private static LocalIdentityProvider identityProvider;

    @BeforeAll
    static void startGateway() throws Exception {
        Clock clock = Clock.systemUTC();
        identityProvider = new LocalIdentityProvider(
                "http://issuer.test/_local/idp", "us-east-1", clock, LocalApi.JSON.createObjectNode());
        JwtAuthorizer authorizer = new JwtAuthorizer(
                identityProvider.publicKeys(), identityProvider.issuer(), LocalIdentityProvider.CLIENT_ID, clock);
        FunctionSpec echo = new FunctionSpec("EchoFunction", EchoHandler.class.getName(), Duration.ofSeconds(3), 128);
        RouteTable routes = new RouteTable(List.of(
                new Route("GET", "/items/{itemId}", "EchoFunction", false),
                new Route("GET", "/items/special", "EchoFunction", true),
                new Route("POST", "/items", "EchoFunction", true),
                new Route("ANY", "/files/{path+}", "EchoFunction", true)));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(
                "/",
                new HttpApiGateway(
                        routes, authorizer, new Functions(Map.of("EchoFunction", echo), "us-east-1"), clock));
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterAll
    static void stopGateway() {
        server.stop(0);
    }

    @Test
    void event_carriesRouteParametersHeadersCookiesAndClaims_asApiGatewaySendsThem() throws Exception {
        String token = identityProvider.idToken(identityProvider.register("Ann@Example.org", true));

        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("/items/a%20b?x=1&x=2&y=%C3%A9"))
                .header("Authorization", "Bearer " + token)
                .header("X-Multi", "a")
                .header("X-Multi", "b")
                .header("Cookie", "c1=1; c2=2"));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode event = LocalApi.JSON.readTree(response.body());
        assertThat(event.path("version").asText()).isEqualTo("2.0");
        assertThat(event.path("routeKey").asText()).isEqualTo("GET /items/{itemId}");
        assertThat(event.path("rawPath").asText()).isEqualTo("/items/a%20b");
        assertThat(event.path("rawQueryString").asText()).isEqualTo("x=1&x=2&y=%C3%A9");
        assertThat(event.path("queryStringParameters").path("x").asText()).isEqualTo("1,2");
        assertThat(event.path("queryStringParameters").path("y").asText()).isEqualTo("é");
        assertThat(event.path("pathParameters").path("itemId").asText()).isEqualTo("a b");
        assertThat(event.path("headers").path("x-multi").asText()).isEqualTo("a,b");
        assertThat(event.path("headers").has("cookie")).isFalse();
        assertThat(event.path("cookies")).extracting(JsonNode::asText).containsExactly("c1=1", "c2=2");
        assertThat(event.has("body")).isFalse();
        assertThat(event.path("isBase64Encoded").asBoolean()).isFalse();
        JsonNode context = event.path("requestContext");
        assertThat(context.path("stage").asText()).isEqualTo("$default");
        assertThat(context.path("routeKey").asText()).isEqualTo("GET /items/{itemId}");
        assertThat(context.path("http").path("method").asText()).isEqualTo("GET");
        assertThat(context.path("http").path("path").asText()).isEqualTo("/items/a%20b");
        assertThat(context.path("http").path("sourceIp").asText()).isEqualTo("127.0.0.1");
        assertThat(context.path("time").asText()).matches("\\d{2}/[A-Z][a-z]{2}/\\d{4}:\\d{2}:\\d{2}:\\d{2} \\+0000");
        assertThat(context.path("requestId").asText())
                .isEqualTo(response.headers().firstValue("apigw-requestid").orElseThrow());
        JsonNode claims = context.path("authorizer").path("jwt").path("claims");
        assertThat(claims.path("email").asText()).isEqualTo("Ann@Example.org");
        assertThat(claims.path("email_verified").isTextual()).isTrue();
        assertThat(claims.path("email_verified").asText()).isEqualTo("true");
        assertThat(claims.path("exp").asText()).matches("\\d+");
        assertThat(context.path("authorizer").path("jwt").path("scopes").isNull())
                .isTrue();
    }

    @Test
    void response_headersAndCookies_reachTheClient() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("/items/special")));

        assertThat(response.headers().firstValue("x-function")).hasValue("EchoFunction");
        assertThat(response.headers().allValues("set-cookie")).containsExactly("session=abc; HttpOnly");
        JsonNode event = LocalApi.JSON.readTree(response.body());
        assertThat(event.path("routeKey").asText())
                .as("a literal segment beats a parameter")
                .isEqualTo("GET /items/special");
        assertThat(event.path("requestContext").has("authorizer")).isFalse();
    }

    @Test
    void body_isTextForJson_andBase64ForOtherTypes() throws Exception {
        JsonNode json = LocalApi.JSON.readTree(send(HttpRequest.newBuilder(base.resolve("/items"))
                        .header("Content-Type", "application/json; charset=utf-8")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"a\":1}")))
                .body());
        JsonNode binary = LocalApi.JSON.readTree(send(HttpRequest.newBuilder(base.resolve("/items"))
                        .header("Content-Type", "application/octet-stream")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {1, 2, (byte) 255})))
                .body());

        assertThat(json.path("body").asText()).isEqualTo("{\"a\":1}");
        assertThat(json.path("isBase64Encoded").asBoolean()).isFalse();
        assertThat(Base64.getDecoder().decode(binary.path("body").asText())).containsExactly(1, 2, 255);
        assertThat(binary.path("isBase64Encoded").asBoolean()).isTrue();
    }

    @Test
    void greedyParameter_takesTheRestOfThePath() throws Exception {
        JsonNode event = LocalApi.JSON.readTree(
                send(HttpRequest.newBuilder(base.resolve("/files/a/b/c.txt"))).body());

        assertThat(event.path("routeKey").asText()).isEqualTo("ANY /files/{path+}");
        assertThat(event.path("pathParameters").path("path").asText()).isEqualTo("a/b/c.txt");
    }

    @Test
    void jsonWithoutStatusCode_isA200WithThatBody() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("/files/raw")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(response.body()).isEqualTo("{\"hello\":\"world\"}");
    }

    @Test
    void throwingFunction_isA500_likeApiGateway() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("/files/boom")));

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).isEqualTo("{\"message\":\"Internal Server Error\"}");
    }

    @Test
    void unknownRouteOrMethod_isA404() throws Exception {
        assertThat(send(HttpRequest.newBuilder(base.resolve("/nothing"))).statusCode())
                .isEqualTo(404);
        assertThat(send(HttpRequest.newBuilder(base.resolve("/items")).DELETE()).statusCode())
                .isEqualTo(404);
        assertThat(send(HttpRequest.newBuilder(base.resolve("/items/x/y"))).statusCode())
                .isEqualTo(404);
    }

    @Test
    void protectedRoute_refusesATokenOfAnotherIssuer() throws Exception {
        LocalIdentityProvider other = new LocalIdentityProvider(
                "http://elsewhere.test", "us-east-1", Clock.systemUTC(), LocalApi.JSON.createObjectNode());
        String token = other.idToken(other.register("eve@example.org", true));

        HttpResponse<String> response =
                send(HttpRequest.newBuilder(base.resolve("/items/1")).header("Authorization", token));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo("{\"message\":\"Unauthorized\"}");
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
