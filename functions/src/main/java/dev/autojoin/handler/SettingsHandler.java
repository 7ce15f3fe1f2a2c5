package dev.autojoin.handler;

import dev.autojoin.app.AnswerOffer;
import dev.autojoin.app.ChangeMember;
import dev.autojoin.app.ChangeTeam;
import dev.autojoin.app.ChangeTeamMember;
import dev.autojoin.app.CreateCompany;
import dev.autojoin.app.CreateTeam;
import dev.autojoin.app.DecideJoinRequest;
import dev.autojoin.app.ListJoinRequests;
import dev.autojoin.app.ListMembers;
import dev.autojoin.app.ListTeams;
import dev.autojoin.app.ReadAudit;
import dev.autojoin.app.RemoveMember;
import dev.autojoin.app.RequestToJoin;
import dev.autojoin.app.ShowCompany;
import dev.autojoin.app.ShowMe;
import dev.autojoin.app.UpdateSettings;
import dev.autojoin.config.Timeouts;
import dev.autojoin.config.Wiring;
import dev.autojoin.domain.Company;
import dev.autojoin.domain.InvalidInputException;
import dev.autojoin.domain.Membership;
import dev.autojoin.domain.Notify;
import dev.autojoin.domain.Permission;
import dev.autojoin.domain.Role;
import dev.autojoin.domain.Team;
import dev.autojoin.domain.TeamPermission;
import dev.autojoin.domain.WireName;
import java.util.Map;
import java.util.Set;

/** SettingsFunction: me, companies, settings, members, teams, join requests, audit (the schedule is HousekeepingHandler). */
public final class SettingsHandler extends HttpFunction {
    static final Set<String> ROUTES = Set.of(
            "GET /me",
            "POST /me/offers/{companyId}/join",
            "POST /me/offers/{companyId}/keep",
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
            "GET /companies/{companyId}/audit",
            "GET /companies/{companyId}/teams",
            "POST /companies/{companyId}/teams",
            "PATCH /companies/{companyId}/teams/{teamId}",
            "POST /companies/{companyId}/teams/{teamId}/archive",
            "POST /companies/{companyId}/teams/{teamId}/restore",
            "PUT /companies/{companyId}/teams/{teamId}/members/{userId}",
            "DELETE /companies/{companyId}/teams/{teamId}/members/{userId}");
    final Priming priming = Priming.register(this, Priming.http("GET /me", "/me", Map.of(), Map.of()));

    public SettingsHandler() {
        this(Wiring.fromEnvironment(Timeouts.API));
    }

    SettingsHandler(Wiring wiring) {
        super(wiring);
        ShowMe showMe = wiring.showMe();
        AnswerOffer answerOffer = wiring.answerOffer();
        CreateCompany createCompany = wiring.createCompany();
        ShowCompany showCompany = wiring.showCompany();
        UpdateSettings updateSettings = wiring.updateSettings();
        ListMembers listMembers = wiring.listMembers();
        ChangeMember changeMember = wiring.changeMember();
        RemoveMember removeMember = wiring.removeMember();
        RequestToJoin requestToJoin = wiring.requestToJoin();
        ListJoinRequests listJoinRequests = wiring.listJoinRequests();
        DecideJoinRequest decideJoinRequest = wiring.decideJoinRequest();
        ReadAudit readAudit = wiring.readAudit();
        ListTeams listTeams = wiring.listTeams();
        CreateTeam createTeam = wiring.createTeam();
        ChangeTeam changeTeam = wiring.changeTeam();
        ChangeTeamMember changeTeamMember = wiring.changeTeamMember();
        route("GET /me", request -> ApiResponse.json(200, Views.me(showMe.show(request.caller()))));
        route(
                "POST /me/offers/{companyId}/join",
                request -> ApiResponse.json(
                        200,
                        Views.member(answerOffer.join(request.caller(), request.pathParameter("companyId")), true)));
        route("POST /me/offers/{companyId}/keep", request -> {
            answerOffer.keep(request.caller(), request.pathParameter("companyId"));
            return ApiResponse.empty(204);
        });
        route("POST /companies", request -> {
            JsonBody body = JsonBody.of(request, Set.of("name"));
            Company company = createCompany.create(request.caller(), body.requiredString("name"));
            return ApiResponse.json(201, Views.company(company))
                    .withHeader("location", "/companies/" + company.id())
                    .withHeader("etag", ApiResponse.etag(company.version()));
        });
        route("GET /companies/{companyId}", request -> {
            Company company = showCompany.show(request.caller(), request.pathParameter("companyId"));
            return ApiResponse.json(200, Views.company(company))
                    .withHeader("etag", ApiResponse.etag(company.version()));
        });
        route("PATCH /companies/{companyId}/settings", request -> {
            JsonBody body = JsonBody.of(
                    request, Set.of("name", "notify", "invitationExpiryDays", "defaultRole", "defaultPermissions"));
            UpdateSettings.Changes changes = new UpdateSettings.Changes(
                    body.optionalString("name"),
                    body.optionalString("notify").map(raw -> WireName.parse(Notify.class, raw, "notify")),
                    body.optionalInt("invitationExpiryDays"),
                    body.optionalString("defaultRole").map(Role::parse),
                    body.optionalStrings("defaultPermissions", Permission.values().length)
                            .map(Permission::parseAll));
            Company company = updateSettings.update(
                    request.caller(), request.pathParameter("companyId"), changes, request.ifMatch());
            return ApiResponse.json(200, Views.company(company))
                    .withHeader("etag", ApiResponse.etag(company.version()));
        });
        route(
                "GET /companies/{companyId}/members",
                request -> ApiResponse.json(
                        200,
                        Views.members(listMembers.list(
                                request.caller(), request.pathParameter("companyId"), Paging.of(request)))));
        route("PATCH /companies/{companyId}/members/{userId}", request -> {
            JsonBody body = JsonBody.of(request, Set.of("role", "permissions"));
            Membership changed = changeMember.change(new ChangeMember.Change(
                    request.caller(),
                    request.pathParameter("companyId"),
                    request.pathParameter("userId"),
                    body.optionalString("role").map(Role::parse),
                    body.optionalStrings("permissions", Permission.values().length)
                            .map(Permission::parseAll),
                    request.ifMatch()));
            // Only member managers get here: they see full emails.
            return ApiResponse.json(200, Views.member(changed, true))
                    .withHeader("etag", ApiResponse.etag(changed.version()));
        });
        route("DELETE /companies/{companyId}/members/{userId}", request -> {
            removeMember.remove(request.caller(), request.pathParameter("companyId"), request.pathParameter("userId"));
            return ApiResponse.empty(204);
        });
        route("POST /companies/{companyId}/join-requests", request -> {
            RequestToJoin.Opened opened = requestToJoin.open(request.caller(), request.pathParameter("companyId"));
            return ApiResponse.json(opened.created() ? 201 : 200, Views.joinRequest(opened.request()));
        });
        route(
                "GET /companies/{companyId}/join-requests",
                request -> ApiResponse.json(
                        200,
                        Views.page(
                                listJoinRequests.list(
                                        request.caller(), request.pathParameter("companyId"), Paging.of(request)),
                                Views::joinRequest)));
        route("POST /companies/{companyId}/join-requests/{userId}/approve", request -> {
            Membership member = decideJoinRequest.approve(
                    request.caller(),
                    request.pathParameter("companyId"),
                    request.pathParameter("userId"),
                    JsonBody.ofOptional(request, Set.of("teams")).optionalTeams("teams"));
            return ApiResponse.json(200, Views.member(member, true));
        });
        route(
                "POST /companies/{companyId}/join-requests/{userId}/decline",
                request -> ApiResponse.json(
                        200,
                        Views.joinRequest(decideJoinRequest.decline(
                                request.caller(),
                                request.pathParameter("companyId"),
                                request.pathParameter("userId")))));
        route(
                "GET /companies/{companyId}/audit",
                request -> ApiResponse.json(
                        200,
                        Views.page(
                                readAudit.read(
                                        request.caller(), request.pathParameter("companyId"), Paging.of(request)),
                                Views::auditEntry)));
        route(
                "GET /companies/{companyId}/teams",
                request -> ApiResponse.json(
                        200, Views.teams(listTeams.list(request.caller(), request.pathParameter("companyId")))));
        route("POST /companies/{companyId}/teams", request -> {
            JsonBody body = JsonBody.of(request, Set.of("name"));
            Team team = createTeam.create(
                    request.caller(), request.pathParameter("companyId"), body.requiredString("name"));
            return team(201, team).withHeader("location", "/companies/" + team.companyId() + "/teams/" + team.id());
        });
        route("PATCH /companies/{companyId}/teams/{teamId}", request -> {
            JsonBody body = JsonBody.of(request, Set.of("name"));
            return team(
                    200,
                    changeTeam.rename(
                            request.caller(),
                            request.pathParameter("companyId"),
                            request.pathParameter("teamId"),
                            body.requiredString("name"),
                            request.ifMatch()));
        });
        route(
                "POST /companies/{companyId}/teams/{teamId}/archive",
                request -> team(
                        200,
                        changeTeam.archive(
                                request.caller(),
                                request.pathParameter("companyId"),
                                request.pathParameter("teamId"),
                                request.ifMatch())));
        route(
                "POST /companies/{companyId}/teams/{teamId}/restore",
                request -> team(
                        200,
                        changeTeam.restore(
                                request.caller(),
                                request.pathParameter("companyId"),
                                request.pathParameter("teamId"),
                                request.ifMatch())));
        route("PUT /companies/{companyId}/teams/{teamId}/members/{userId}", request -> {
            JsonBody body = JsonBody.of(request, Set.of("permissions"));
            Set<TeamPermission> permissions = TeamPermission.parseAll(body.optionalStrings(
                            "permissions", TeamPermission.values().length)
                    .orElseThrow(() -> new InvalidInputException(
                            "invalid_permissions", "Name the member's permissions in the team.", "permissions")));
            Membership changed = changeTeamMember.put(new ChangeTeamMember.Put(
                    request.caller(),
                    request.pathParameter("companyId"),
                    request.pathParameter("teamId"),
                    request.pathParameter("userId"),
                    permissions));
            // The actor may be a team admin who does not manage members: the email is masked for them.
            return ApiResponse.json(200, Views.member(changed, false))
                    .withHeader("etag", ApiResponse.etag(changed.version()));
        });
        route("DELETE /companies/{companyId}/teams/{teamId}/members/{userId}", request -> {
            changeTeamMember.remove(
                    request.caller(),
                    request.pathParameter("companyId"),
                    request.pathParameter("teamId"),
                    request.pathParameter("userId"));
            return ApiResponse.empty(204);
        });
        requireRoutes(ROUTES);
    }

    private static ApiResponse team(int status, Team team) {
        return ApiResponse.json(status, Views.team(team)).withHeader("etag", ApiResponse.etag(team.version()));
    }

    public static Set<String> routes() {
        return ROUTES;
    }
}
