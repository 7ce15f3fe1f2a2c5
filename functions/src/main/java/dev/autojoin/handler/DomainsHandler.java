package dev.autojoin.handler;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autojoin.app.CheckDomain;
import dev.autojoin.app.ClaimDomain;
import dev.autojoin.app.ConfigureDomain;
import dev.autojoin.app.ConfirmDomainVerification;
import dev.autojoin.app.Discover;
import dev.autojoin.app.ListDomains;
import dev.autojoin.app.ListPeopleOutside;
import dev.autojoin.app.ReleaseDomain;
import dev.autojoin.app.ShowDomainVerification;
import dev.autojoin.config.Timeouts;
import dev.autojoin.config.Wiring;
import dev.autojoin.domain.AutojoinException;
import dev.autojoin.domain.DomainClaim;
import dev.autojoin.domain.Enrollment;
import dev.autojoin.domain.InvalidInputException;
import dev.autojoin.domain.Permission;
import dev.autojoin.domain.Role;
import dev.autojoin.domain.VerificationMethod;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** DomainsFunction: claims, verification, enrollment, discovery (the scheduled re-check is DomainRecheckHandler). */
public final class DomainsHandler extends HttpFunction {
    static final Set<String> ROUTES = Set.of(
            "GET /companies/{companyId}/domains",
            "GET /companies/{companyId}/domains/{domain}/people-outside",
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
        super(wiring);
        ListDomains listDomains = wiring.listDomains();
        ListPeopleOutside listPeopleOutside = wiring.listPeopleOutside();
        ClaimDomain claimDomain = wiring.claimDomain();
        ConfigureDomain configureDomain = wiring.configureDomain();
        Discover discover = wiring.discover();
        CheckDomain checkDomain = wiring.checkDomain();
        ReleaseDomain releaseDomain = wiring.releaseDomain();
        ShowDomainVerification showVerification = wiring.showDomainVerification();
        ConfirmDomainVerification confirmVerification = wiring.confirmDomainVerification();
        route(
                "GET /companies/{companyId}/domains",
                request -> ApiResponse.json(
                        200,
                        Views.page(
                                listDomains.list(
                                        request.caller(), request.pathParameter("companyId"), Paging.of(request)),
                                Views::domain)));
        route(
                "GET /companies/{companyId}/domains/{domain}/people-outside",
                request -> ApiResponse.json(
                        200,
                        Views.page(
                                listPeopleOutside.list(
                                        request.caller(),
                                        request.pathParameter("companyId"),
                                        request.pathParameter("domain"),
                                        Paging.of(request)),
                                Views::personOutside)));
        route("POST /companies/{companyId}/domains", request -> {
            JsonBody body = JsonBody.of(request, Set.of("domain", "method", "verificationEmail"));
            ClaimDomain.Claimed claimed = claimDomain.claim(
                    request.caller(),
                    request.pathParameter("companyId"),
                    body.requiredString("domain"),
                    VerificationMethod.parse(body.requiredString("method")),
                    body.optionalString("verificationEmail"));
            DomainClaim claim = claimed.claim();
            if (claimed.linkSent()) {
                Log.metric(request.requestId(), Metric.VERIFICATION_EMAILS_SENT);
            }
            return ApiResponse.json(claimed.created() ? 201 : 200, Views.domain(claim))
                    .withHeader("location", "/companies/" + claim.companyId() + "/domains/" + claim.domain())
                    .withHeader("etag", ApiResponse.etag(claim.version()));
        });
        route("PATCH /companies/{companyId}/domains/{domain}", request -> {
            JsonBody body = JsonBody.of(
                    request,
                    Set.of(
                            "enrollment",
                            "includeSubdomains",
                            "defaultRole",
                            "defaultPermissions",
                            "defaultTeams",
                            "capture"));
            ConfigureDomain.Changes changes = new ConfigureDomain.Changes(
                    body.optionalString("enrollment").map(Enrollment::parse),
                    body.optionalBoolean("includeSubdomains"),
                    body.optionalString("defaultRole").map(Role::parse),
                    body.optionalStrings("defaultPermissions", Permission.values().length)
                            .map(Permission::parseAll),
                    body.optionalTeams("defaultTeams"),
                    body.optionalBoolean("capture"));
            DomainClaim claim = configureDomain.configure(
                    request.caller(),
                    request.pathParameter("companyId"),
                    request.pathParameter("domain"),
                    changes,
                    request.ifMatch());
            return ApiResponse.json(200, Views.domain(claim)).withHeader("etag", ApiResponse.etag(claim.version()));
        });
        route("GET /discovery", request -> {
            String email = request.query("email")
                    .orElseThrow(() -> new InvalidInputException("missing_field", "email is required.", "email"));
            return ApiResponse.json(200, Views.discovery(discover.discover(email, request.sourceIp())));
        });
        route("POST /companies/{companyId}/domains/{domain}/check", request -> {
            CheckDomain.Checked checked = checkDomain.check(
                    request.caller(), request.pathParameter("companyId"), request.pathParameter("domain"));
            ObjectNode view = Views.domain(checked.claim());
            view.put("checkResult", checked.outcome().wire());
            Log.metric(
                    request.requestId(), Metric.DOMAIN_CHECKS, checked.outcome().wire());
            return ApiResponse.json(200, view)
                    .withHeader("etag", ApiResponse.etag(checked.claim().version()));
        });
        route("DELETE /companies/{companyId}/domains/{domain}", request -> {
            releaseDomain.release(
                    request.caller(), request.pathParameter("companyId"), request.pathParameter("domain"));
            return new ApiResponse(204, java.util.Map.of("cache-control", "no-store"), "");
        });
        route(
                "GET /domain-verifications/{token}",
                page(request ->
                        VerificationPages.review(request, showVerification.show(request.pathParameter("token")))));
        route(
                "POST /domain-verifications/{token}",
                page(request -> VerificationPages.confirmed(
                        request, confirmVerification.confirm(request.pathParameter("token")))));
        requireRoutes(ROUTES);
    }

    /** The public link pages answer refusals as pages too (a person clicked a link), never as bare JSON. */
    private static Function<ApiRequest, ApiResponse> page(Function<ApiRequest, ApiResponse> action) {
        return request -> {
            try {
                return action.apply(request);
            } catch (AutojoinException refusal) {
                return VerificationPages.refused(request, refusal);
            }
        };
    }

    public static Set<String> routes() {
        return ROUTES;
    }
}
