package dev.autojoin.handler;

import dev.autojoin.app.AcceptInvitation;
import dev.autojoin.app.Access;
import dev.autojoin.app.ListInvitations;
import dev.autojoin.app.ResendInvitation;
import dev.autojoin.app.RevokeInvitation;
import dev.autojoin.app.SendInvitations;
import dev.autojoin.app.ShowInvitation;
import dev.autojoin.config.Timeouts;
import dev.autojoin.config.Wiring;
import dev.autojoin.domain.InvalidInputException;
import dev.autojoin.domain.Membership;
import dev.autojoin.domain.NotFoundException;
import dev.autojoin.domain.Permission;
import dev.autojoin.domain.Role;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** InvitesFunction: invitations by email, their public page and their acceptance. */
public final class InvitesHandler extends HttpFunction {
    static final Set<String> ROUTES = Set.of(
            "POST /companies/{companyId}/invites",
            "GET /companies/{companyId}/invites",
            "POST /companies/{companyId}/invites/{inviteId}/resend",
            "DELETE /companies/{companyId}/invites/{inviteId}",
            "GET /invites/{token}",
            "HEAD /invites/{token}",
            "POST /invites/{token}/accept");
    final Priming priming = Priming.register(
            this,
            Priming.http(
                    "GET /invites/{token}", "/invites/" + Priming.TOKEN, Map.of("token", Priming.TOKEN), Map.of()));

    public InvitesHandler() {
        this(Wiring.fromEnvironment(Timeouts.API));
    }

    InvitesHandler(Wiring wiring) {
        super(wiring);
        SendInvitations sendInvitations = wiring.sendInvitations();
        ListInvitations listInvitations = wiring.listInvitations();
        ResendInvitation resendInvitation = wiring.resendInvitation();
        RevokeInvitation revokeInvitation = wiring.revokeInvitation();
        ShowInvitation showInvitation = wiring.showInvitation();
        AcceptInvitation acceptInvitation = wiring.acceptInvitation();
        InvitePage page = new InvitePage(wiring.env().appBaseUrl());
        Clock clock = wiring.clock();

        route("POST /companies/{companyId}/invites", request -> {
            JsonBody body = JsonBody.of(request, Set.of("invites", "resend"));
            List<SendInvitations.Entry> entries = new ArrayList<>();
            for (JsonBody invite : body.requiredObjects(
                    "invites", SendInvitations.MAX_ADDRESSES, Set.of("email", "role", "permissions", "teams"))) {
                entries.add(new SendInvitations.Entry(
                        invite.requiredString("email"),
                        invite.optionalString("role").map(Role::parse),
                        invite.optionalStrings("permissions", Permission.values().length)
                                .map(Permission::parseAll),
                        invite.optionalTeams("teams").orElse(Map.of())));
            }
            List<SendInvitations.Result> results = sendInvitations.send(
                    request.caller(),
                    request.pathParameter("companyId"),
                    request.claim("name"),
                    entries,
                    body.optionalBoolean("resend").orElse(false));
            return ApiResponse.json(200, Views.inviteResults(results));
        });
        route("GET /companies/{companyId}/invites", request -> {
            ListInvitations.Listing found =
                    listInvitations.list(request.caller(), request.pathParameter("companyId"), Paging.of(request));
            Instant now = clock.instant();
            return ApiResponse.json(
                    200,
                    Views.page(
                            found.page(),
                            invitation ->
                                    Views.invitation(invitation, now, Access.seesEmailOf(found.viewer(), invitation))));
        });
        route("POST /companies/{companyId}/invites/{inviteId}/resend", request -> {
            ResendInvitation.Resent resent = resendInvitation.resend(
                    request.caller(), request.pathParameter("companyId"), request.pathParameter("inviteId"));
            return ApiResponse.json(200, Views.invitation(resent.invitation(), clock.instant(), resent.fullEmail()));
        });
        route("DELETE /companies/{companyId}/invites/{inviteId}", request -> {
            revokeInvitation.revoke(
                    request.caller(), request.pathParameter("companyId"), request.pathParameter("inviteId"));
            return ApiResponse.empty(204);
        });
        route("GET /invites/{token}", request -> show(showInvitation, page, request));
        // Mail scanners probe links with HEAD: the same answer without its body, and just as inert.
        route("HEAD /invites/{token}", request -> {
            ApiResponse full = show(showInvitation, page, request);
            return new ApiResponse(full.status(), full.headers(), "");
        });
        route("POST /invites/{token}/accept", request -> {
            Membership joined = acceptInvitation.accept(request.caller(), request.pathParameter("token"));
            return InvitePage.guarded(ApiResponse.json(200, Views.myCompany(joined)));
        });
        requireRoutes(ROUTES);
    }

    public static Set<String> routes() {
        return ROUTES;
    }

    /** HTML for browsers (and mail scanners); JSON when the web app asks for it. */
    private static ApiResponse show(ShowInvitation showInvitation, InvitePage page, ApiRequest request) {
        boolean json = wantsJson(request);
        String token;
        ShowInvitation.Preview preview;
        try {
            token = request.pathParameter("token");
            preview = showInvitation.show(token);
        } catch (NotFoundException | InvalidInputException e) {
            // A browser gets the page for a link that leads nowhere, whatever is wrong with the link.
            return json ? InvitePage.guarded(Problems.from(e, request.requestId())) : page.notFound();
        }
        if (!json) {
            return page.preview(preview, token);
        }
        if (preview.replaced()) {
            return InvitePage.guarded(Problems.of(
                    410,
                    "invitation_replaced",
                    "A newer email replaced this invitation link; use the link in that email."));
        }
        switch (preview.status()) {
            case REVOKED:
                return InvitePage.guarded(Problems.of(410, "invitation_revoked", "This invitation was revoked."));
            case EXPIRED:
                return InvitePage.guarded(
                        Problems.of(410, "invitation_expired", "This invitation expired; ask for a new one."));
            case BOUNCED:
                return InvitePage.guarded(Problems.of(410, "invitation_bounced", AcceptInvitation.BOUNCED));
            default:
                return InvitePage.guarded(ApiResponse.json(200, Views.invitePreview(preview)));
        }
    }

    private static boolean wantsJson(ApiRequest request) {
        String accept = request.header("accept").orElse("");
        return accept.contains("application/json") && !accept.contains("text/html");
    }
}
