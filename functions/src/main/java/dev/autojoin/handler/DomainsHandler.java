package dev.autojoin.handler;

import dev.autojoin.app.ClaimDomain;
import dev.autojoin.app.ConfigureDomain;
import dev.autojoin.app.Discover;
import dev.autojoin.app.ListDomains;
import dev.autojoin.config.Timeouts;
import dev.autojoin.config.Wiring;
import dev.autojoin.domain.DomainClaim;
import dev.autojoin.domain.Enrollment;
import dev.autojoin.domain.InvalidInputException;
import dev.autojoin.domain.Permission;
import dev.autojoin.domain.Role;
import dev.autojoin.domain.VerificationMethod;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/** DomainsFunction: claims, verification, enrollment, discovery. */
public final class DomainsHandler extends HttpFunction {
    static final Set<String> ROUTES = Set.of(
            "GET /companies/{companyId}/domains",
            "POST /companies/{companyId}/domains",
            "POST /companies/{companyId}/domains/{domain}/check",
            "PATCH /companies/{companyId}/domains/{domain}",
            "DELETE /companies/{companyId}/domains/{domain}",
            "GET /domain-verifications/{token}",
            "POST /domain-verifications/{token}",
            "GET /discovery");
    final Priming priming = Priming.register(
            this, Priming.http("GET /discovery", "/discovery", Map.of(), Map.of("email", Priming.EMAIL)));

    public DomainsHandler() {
        this(Wiring.fromEnvironment(Timeouts.API));
    }

    DomainsHandler(Wiring wiring) {
        ListDomains listDomains = wiring.listDomains();
        ClaimDomain claimDomain = wiring.claimDomain();
        ConfigureDomain configureDomain = wiring.configureDomain();
        Discover discover = wiring.discover();
        route(
                "GET /companies/{companyId}/domains",
                request -> ApiResponse.json(
                        200, Views.domains(listDomains.list(request.caller(), request.pathParameter("companyId")))));
        route("POST /companies/{companyId}/domains", request -> {
            JsonBody body = JsonBody.of(request, Set.of("domain", "method", "verificationEmail"));
            ClaimDomain.Claimed claimed = claimDomain.claim(
                    request.caller(),
                    request.pathParameter("companyId"),
                    body.requiredString("domain"),
                    VerificationMethod.parse(body.requiredString("method")),
                    body.optionalString("verificationEmail"));
            DomainClaim claim = claimed.claim();
            return ApiResponse.json(claimed.created() ? 201 : 200, Views.domain(claim))
                    .withHeader("location", "/companies/" + claim.companyId() + "/domains/" + claim.domain())
                    .withHeader("etag", SettingsHandler.etag(claim.version()));
        });
        route("PATCH /companies/{companyId}/domains/{domain}", request -> {
            JsonBody body = JsonBody.of(
                    request, Set.of("enrollment", "includeSubdomains", "defaultRole", "defaultPermissions"));
            ConfigureDomain.Changes changes = new ConfigureDomain.Changes(
                    body.optionalString("enrollment").map(Enrollment::parse),
                    body.optionalBoolean("includeSubdomains"),
                    body.optionalString("defaultRole").map(Role::parse),
                    body.optionalStrings("defaultPermissions", Permission.values().length)
                            .map(Permission::parseAll));
            DomainClaim claim = configureDomain.configure(
                    request.caller(),
                    request.pathParameter("companyId"),
                    request.pathParameter("domain"),
                    changes,
                    ifMatch(request));
            return ApiResponse.json(200, Views.domain(claim)).withHeader("etag", SettingsHandler.etag(claim.version()));
        });
        route("GET /discovery", request -> {
            String email = request.query("email")
                    .orElseThrow(() -> new InvalidInputException("missing_field", "email is required.", "email"));
            return ApiResponse.json(200, Views.discovery(discover.discover(email)));
        });
        notBuiltYet("POST /companies/{companyId}/domains/{domain}/check");
        notBuiltYet("DELETE /companies/{companyId}/domains/{domain}");
        notBuiltYet("GET /domain-verifications/{token}");
        notBuiltYet("POST /domain-verifications/{token}");
        requireRoutes(ROUTES);
    }

    public static Set<String> routes() {
        return ROUTES;
    }

    /** {@code If-Match: "3"} (or a weak {@code W/"3"}); absent means "whatever is current". */
    static OptionalLong ifMatch(ApiRequest request) {
        return request.header("if-match")
                .map(raw -> {
                    String value = raw.strip();
                    if (value.startsWith("W/")) {
                        value = value.substring(2);
                    }
                    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                        value = value.substring(1, value.length() - 1);
                    }
                    try {
                        return OptionalLong.of(Long.parseLong(value));
                    } catch (NumberFormatException e) {
                        throw new InvalidInputException(
                                "invalid_if_match", "If-Match must be an ETag we sent.", "If-Match");
                    }
                })
                .orElse(OptionalLong.empty());
    }
}
