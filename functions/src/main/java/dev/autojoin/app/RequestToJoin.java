package dev.autojoin.app;

import dev.autojoin.domain.Actor;
import dev.autojoin.domain.AuditEntry;
import dev.autojoin.domain.Caller;
import dev.autojoin.domain.ConflictException;
import dev.autojoin.domain.DomainClaim;
import dev.autojoin.domain.EmailAddress;
import dev.autojoin.domain.Enrollment;
import dev.autojoin.domain.ForbiddenException;
import dev.autojoin.domain.JoinNotice;
import dev.autojoin.domain.JoinRequest;
import dev.autojoin.domain.NotFoundException;
import dev.autojoin.domain.Suggestion;
import dev.autojoin.domain.SuggestionStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * POST /companies/{id}/join-requests: a verified person whose email the company's verified domain covers asks to
 * join, while that domain is in suggest mode. Asking again answers the pending request; after a decline, or once an
 * admin removed the person, only an invitation helps. Every write needs an admin's decision to follow, so requests
 * cannot pile up: at most one pending per person and company.
 */
public final class RequestToJoin {
    public record Opened(JoinRequest request, boolean created) {}

    private final JoinRequestStore requests;
    private final Clock clock;

    public RequestToJoin(JoinRequestStore requests, Clock clock) {
        this.requests = requests;
        this.clock = clock;
    }

    /** One read; one transaction when it opens a request; nothing written when it refuses. */
    public Opened open(Caller caller, String companyId) {
        EmailAddress email = caller.requireVerifiedEmail();
        JoinRequestStore.Standing standing = requests.standing(companyId, caller.sub(), email);
        if (standing.member()) {
            throw new ConflictException("already_member", "You are already a member of this company.");
        }
        // A company that does not cover the caller's domain is not disclosed: same answer as an unknown one.
        DomainClaim claim = JoinOnSignup.governing(standing.claims(), email.domain())
                .filter(c -> c.companyId().equals(companyId))
                .orElseThrow(() -> new NotFoundException("not_found", "No such company."));
        if (standing.removed()) {
            throw new ForbiddenException(
                    "removed_by_admin", "An admin removed you from this company; ask an admin to invite you back.");
        }
        if (claim.activeEnrollment() != Enrollment.SUGGEST) {
            throw new ForbiddenException(
                    "requests_closed",
                    claim.activeEnrollment() == Enrollment.OFF
                            ? "This company takes new members by invitation only; ask an admin to invite you."
                            : "This company adds people from your domain at sign-up, not by request; if you left it,"
                                    + " ask an admin to invite you back.");
        }
        if (standing.suggestion().map(Suggestion::status).orElse(null) == SuggestionStatus.DECLINED) {
            throw new ConflictException(
                    "request_declined", "An admin declined your request; ask them for an invitation instead.");
        }
        if (standing.pending().isPresent()) {
            return new Opened(standing.pending().get(), false);
        }
        Instant now = clock.instant();
        JoinRequest request =
                new JoinRequest(companyId, caller.sub(), email, claim.domain(), SuggestionStatus.PENDING, now);
        Suggestion suggestion = new Suggestion(
                companyId,
                claim.companyName(),
                caller.sub(),
                email,
                claim.domain(),
                claim.enrollment(),
                SuggestionStatus.PENDING,
                now);
        AuditEntry entry = AuditEntry.of(
                companyId,
                now,
                Actor.user(caller.sub()),
                "join_request.created",
                "join_request:" + caller.sub(),
                null,
                Map.of("email", email.value(), "domain", claim.domain().value()));
        JoinNotice notice = new JoinNotice(companyId, JoinNotice.Kind.REQUESTED, caller.sub(), email, now);
        if (requests.open(request, suggestion, notice, entry)) {
            return new Opened(request, true);
        }
        // Lost a race with our own retry: the request that won is the answer.
        return new Opened(requests.find(companyId, caller.sub()).orElse(request), false);
    }
}
