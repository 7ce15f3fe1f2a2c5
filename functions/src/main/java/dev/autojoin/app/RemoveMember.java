package dev.autojoin.app;

import dev.autojoin.domain.Actor;
import dev.autojoin.domain.AuditEntry;
import dev.autojoin.domain.Caller;
import dev.autojoin.domain.DomainClaim;
import dev.autojoin.domain.Membership;
import dev.autojoin.domain.Suggestion;
import dev.autojoin.domain.SuggestionStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * DELETE /companies/{id}/members/{userId}: an admin removes someone, or a member leaves. Either way the person's
 * suggestion records it when the company's domain covers them, so GET /me does not auto-join them straight back.
 */
public final class RemoveMember {
    private final Access access;
    private final MembershipStore memberships;
    private final JoinOnSignup joinOnSignup;
    private final Clock clock;

    public RemoveMember(Access access, MembershipStore memberships, JoinOnSignup joinOnSignup, Clock clock) {
        this.access = access;
        this.memberships = memberships;
        this.joinOnSignup = joinOnSignup;
        this.clock = clock;
    }

    public void remove(Caller caller, String companyId, String userId) {
        Access.Acting acting = access.requireToRemove(caller, companyId, userId);
        Membership target = acting.target();
        boolean leaving = acting.onSelf();
        Instant now = clock.instant();
        SuggestionStatus status = leaving ? SuggestionStatus.LEFT : SuggestionStatus.REMOVED;
        Suggestion marker = coveringClaim(target)
                .map(claim -> new Suggestion(
                        companyId,
                        target.companyName(),
                        userId,
                        target.email(),
                        claim.domain(),
                        claim.enrollment(),
                        status,
                        now))
                .orElse(null);
        AuditEntry entry = AuditEntry.of(
                companyId,
                now,
                Actor.user(caller.sub()),
                leaving ? "member.left" : "member.removed",
                "member:" + userId,
                Audit.of(target),
                null);
        memberships.remove(
                target,
                acting.actor(),
                leaving ? MembershipStore.Departure.LEFT : MembershipStore.Departure.REMOVED,
                marker,
                entry);
    }

    private Optional<DomainClaim> coveringClaim(Membership target) {
        if (target.email() == null) {
            return Optional.empty();
        }
        return joinOnSignup.match(target.email().domain()).filter(c -> c.companyId()
                .equals(target.companyId()));
    }
}
