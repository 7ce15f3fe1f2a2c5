package dev.autojoin.handler;

import dev.autojoin.app.CreateCompany;
import dev.autojoin.app.ShowCompany;
import dev.autojoin.app.ShowMe;
import dev.autojoin.config.Timeouts;
import dev.autojoin.config.Wiring;
import dev.autojoin.domain.Company;
import java.util.Map;
import java.util.Set;

/** SettingsFunction: me, companies, settings, members, join requests, audit. */
public final class SettingsHandler extends HttpFunction {
    static final Set<String> ROUTES = Set.of(
            "GET /me",
            "POST /companies",
            "GET /companies/{companyId}",
            "PATCH /companies/{companyId}/settings",
            "GET /companies/{companyId}/members",
            "PATCH /companies/{companyId}/members/{userId}",
            "DELETE /companies/{companyId}/members/{userId}",
            "POST /companies/{companyId}/join-requests",
            "GET /companies/{companyId}/join-requests",
            "POST /companies/{companyId}/join-requests/{userId}/approve",
            "POST /companies/{companyId}/join-requests/{userId}/decline",
            "GET /companies/{companyId}/audit");
    final Priming priming = Priming.register(this, Priming.http("GET /me", "/me", Map.of(), Map.of()));

    public SettingsHandler() {
        this(Wiring.fromEnvironment(Timeouts.API));
    }

    SettingsHandler(Wiring wiring) {
        ShowMe showMe = wiring.showMe();
        CreateCompany createCompany = wiring.createCompany();
        ShowCompany showCompany = wiring.showCompany();
        route("GET /me", request -> ApiResponse.json(200, Views.me(showMe.show(request.caller()))));
        route("POST /companies", request -> {
            JsonBody body = JsonBody.of(request, Set.of("name"));
            Company company = createCompany.create(request.caller(), body.requiredString("name"));
            return ApiResponse.json(201, Views.company(company))
                    .withHeader("location", "/companies/" + company.id())
                    .withHeader("etag", etag(company.version()));
        });
        route("GET /companies/{companyId}", request -> {
            Company company = showCompany.show(request.caller(), request.pathParameter("companyId"));
            return ApiResponse.json(200, Views.company(company)).withHeader("etag", etag(company.version()));
        });
        notBuiltYet("PATCH /companies/{companyId}/settings");
        notBuiltYet("GET /companies/{companyId}/members");
        notBuiltYet("PATCH /companies/{companyId}/members/{userId}");
        notBuiltYet("DELETE /companies/{companyId}/members/{userId}");
        notBuiltYet("POST /companies/{companyId}/join-requests");
        notBuiltYet("GET /companies/{companyId}/join-requests");
        notBuiltYet("POST /companies/{companyId}/join-requests/{userId}/approve");
        notBuiltYet("POST /companies/{companyId}/join-requests/{userId}/decline");
        notBuiltYet("GET /companies/{companyId}/audit");
        requireRoutes(ROUTES);
    }

    public static Set<String> routes() {
        return ROUTES;
    }

    static String etag(long version) {
        return "\"" + version + "\"";
    }
}
