package dev.autojoin.app;

import dev.autojoin.domain.Actor;
import dev.autojoin.domain.AuditEntry;
import dev.autojoin.domain.Caller;
import dev.autojoin.domain.Company;
import dev.autojoin.domain.DomainClaim;
import dev.autojoin.domain.Enrollment;
import dev.autojoin.domain.ForbiddenException;
import dev.autojoin.domain.JoinRequest;
import dev.autojoin.domain.Membership;
import dev.autojoin.domain.NotFoundException;
import dev.autojoin.domain.Permission;
import dev.autojoin.domain.Provenance;
import dev.autojoin.domain.ProvenanceType;
import dev.autojoin.domain.Role;
import dev.autojoin.domain.Suggestion;
import dev.autojoin.domain.SuggestionStatus;
import dev.autojoin.domain.TeamPermission;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * POST .../join-requests/{userId}/approve and /decline. Approval applies the domain's defaults, exactly as auto-join
 * would: the approver decides who, the admins who set the defaults decided what, and the approver must hold what
 * they grant (nobody grants more than they hold). An approval may name the teams instead of the domain's default
 * teams: active teams of the company, each flag one the approver holds in that team.
 */
public final class DecideJoinRequest {
    private final JoinRequestStore requests;
    private final DomainStore domains;
    private final CompanyStore companies;
    private final TeamStore teamStore;
    private final Clock clock;

    public DecideJoinRequest(
            JoinRequestStore requests, DomainStore domains, CompanyStore companies, TeamStore teams, Clock clock) {
        this.requests = requests;
        this.domains = domains;
        this.companies = companies;
        this.teamStore = teams;
        this.clock = clock;
    }

    /**
     * One read for the approver and the request, one for the domain's defaults, one transaction; {@code named} teams
     * (instead of the domain's default teams) cost one read more, of the company's teams.
     */
    public Membership approve(
            Caller caller, String companyId, String userId, Optional<Map<String, Set<TeamPermission>>> named) {
        JoinRequestStore.Deciding reading = requests.readAs(caller.sub(), companyId, userId);
        Membership approver = Access.require(reading.reader(), Permission.MANAGE_MEMBERS);
        JoinRequest request = pending(reading);
        Optional<DomainClaim> claim = claimOf(request);
        Role role;
        Set<Permission> permissions;
        if (claim.isPresent()) {
            role = claim.get().defaultRole();
            permissions = claim.get().defaultPermissions();
        } else {
            // The domain was released since the request: the company's own defaults apply.
            Company company =
                    companies.find(companyId).orElseThrow(() -> new NotFoundException("not_found", "No such company."));
            role = company.settings().defaultRole();
            permissions = company.settings().defaultPermissions();
        }
        Map<String, Set<TeamPermission>> teams =
                named.orElseGet(() -> claim.map(DomainClaim::defaultTeams).orElse(Map.of()));
        Instant now = clock.instant();
        if (named.isPresent() && !teams.isEmpty()) {
            TeamPlaces.require(
                    approver,
                    Map.of(),
                    teams,
                    TeamPlaces.active(teamStore.list(companyId), now),
                    "invalid_teams",
                    "teams");
        }
        try {
            Access.requireGrantable(approver, role, permissions, teams);
        } catch (ForbiddenException e) {
            throw new ForbiddenException(
                    "cannot_grant",
                    e.getMessage() + " Approving grants the domain's default role and permissions, and the teams named"
                            + " (the domain's default teams when none are).");
        }
        Membership member = new Membership(
                companyId,
                approver.companyName(),
                userId,
                request.email(),
                role,
                permissions,
                new Provenance(ProvenanceType.REQUEST_APPROVED, request.domain(), Actor.user(caller.sub()), now),
                1,
                null,
                teams);
        AuditEntry entry = AuditEntry.of(
                companyId,
                now,
                Actor.user(caller.sub()),
                "join_request.approved",
                "member:" + userId,
                Map.of("status", SuggestionStatus.PENDING.wire()),
                Map.of(
                        "status", SuggestionStatus.APPROVED.wire(),
                        "email", request.email().value(),
                        "role", role.wire(),
                        "permissions", Audit.names(permissions),
                        "teams", Audit.teams(teams),
                        "domain", request.domain().value()));
        requests.approve(
                request, member, outcome(request, approver, claim, SuggestionStatus.APPROVED, now), approver, entry);
        return member;
    }

    public JoinRequest decline(Caller caller, String companyId, String userId) {
        JoinRequestStore.Deciding reading = requests.readAs(caller.sub(), companyId, userId);
        Membership decider = Access.require(reading.reader(), Permission.MANAGE_MEMBERS);
        JoinRequest request = pending(reading);
        Instant now = clock.instant();
        Optional<DomainClaim> claim = claimOf(request);
        AuditEntry entry = AuditEntry.of(
                companyId,
                now,
                Actor.user(caller.sub()),
                "join_request.declined",
                "join_request:" + userId,
                Map.of("status", SuggestionStatus.PENDING.wire()),
                Map.of(
                        "status",
                        SuggestionStatus.DECLINED.wire(),
                        "email",
                        request.email().value()));
        requests.decline(request, outcome(request, decider, claim, SuggestionStatus.DECLINED, now), decider, entry);
        return request.decided(SuggestionStatus.DECLINED);
    }

    private Optional<DomainClaim> claimOf(JoinRequest request) {
        return domains.find(request.domain()).filter(c -> c.companyId().equals(request.companyId()));
    }

    private static JoinRequest pending(JoinRequestStore.Deciding reading) {
        return reading.request()
                .orElseThrow(() -> new NotFoundException("request_not_found", "No pending request from this person."));
    }

    /** What the requester sees in GET /me afterwards. */
    private static Suggestion outcome(
            JoinRequest request,
            Membership decider,
            Optional<DomainClaim> claim,
            SuggestionStatus status,
            Instant now) {
        return new Suggestion(
                request.companyId(),
                decider.companyName(),
                request.userId(),
                request.email(),
                request.domain(),
                claim.map(DomainClaim::enrollment).orElse(Enrollment.SUGGEST),
                status,
                now);
    }
}
