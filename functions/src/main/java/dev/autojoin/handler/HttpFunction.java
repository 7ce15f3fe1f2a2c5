package dev.autojoin.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autojoin.config.Env;
import dev.autojoin.config.Wiring;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** The shared edge of every HTTP function: take the 2.0 event, route by routeKey, map errors, give the response. */
abstract class HttpFunction implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final Map<String, Function<ApiRequest, ApiResponse>> routes = new LinkedHashMap<>();
    private final Env.ClaimNames claimNames;

    /** The claim names come from the function's configuration: whichever OIDC issuer the HTTP API trusts. */
    protected HttpFunction(Wiring wiring) {
        this.claimNames = wiring.env().claimNames();
    }

    /** Registers a route exactly as API Gateway names it, e.g. {@code "GET /companies/{companyId}"}. */
    protected final void route(String routeKey, Function<ApiRequest, ApiResponse> action) {
        routes.put(routeKey, action);
    }

    /** Fails at INIT when the routing table drifts from the routes the function declares. */
    protected final void requireRoutes(Set<String> declared) {
        if (!routes.keySet().equals(declared)) {
            throw new IllegalStateException("routes " + routes.keySet() + " differ from declared " + declared);
        }
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        long started = System.nanoTime();
        ApiResponse response;
        ApiRequest request = new ApiRequest(event, context, claimNames);
        String requestId = request.requestId();
        String routeKey = request.routeKey();
        try {
            Function<ApiRequest, ApiResponse> action = routes.get(routeKey);
            response = action == null ? Problems.of(404, "not_found", "No such route.") : action.apply(request);
        } catch (RuntimeException e) {
            response = Problems.from(e, requestId);
        }
        ObjectNode line = Log.line(response.status() >= 500 ? "ERROR" : "INFO", requestId, "http.response");
        line.put("route", routeKey);
        line.put("status", response.status());
        line.put("micros", (System.nanoTime() - started) / 1000);
        Log.write(line);
        return response.toEvent();
    }
}
