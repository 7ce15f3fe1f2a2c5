package dev.autojoin.handler;

import dev.autojoin.config.Timeouts;
import dev.autojoin.config.Wiring;
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
            "POST /invites/{token}/accept");
    final Priming priming = Priming.register(
            this,
            Priming.http(
                    "GET /invites/{token}", "/invites/" + Priming.TOKEN, Map.of("token", Priming.TOKEN), Map.of()));

    public InvitesHandler() {
        this(Wiring.fromEnvironment(Timeouts.API));
    }

    InvitesHandler(Wiring wiring) {
        ROUTES.forEach(this::notBuiltYet);
        requireRoutes(ROUTES);
    }

    public static Set<String> routes() {
        return ROUTES;
    }
}
