package dev.autojoin.app;

import dev.autojoin.domain.Caller;
import dev.autojoin.domain.ConflictException;
import dev.autojoin.domain.DomainClaim;
import dev.autojoin.domain.EmailAddress;
import dev.autojoin.domain.Enrollment;
import dev.autojoin.domain.ForbiddenException;
import dev.autojoin.domain.Membership;
import dev.autojoin.domain.NotFoundException;
import dev.autojoin.domain.SuggestionStatus;
import java.time.Clock;

/**
 * {@code POST /me/offers/{companyId}/join} and {@code .../keep}: the person a capturing company was offered to (they
 * were already in a company of their own, so {@code GET /me} did not join them silently) joins it now, keeping their
 * other companies, or keeps going as they are. Only the person decides; no admin is in the loop, as none is at
 * auto-join.
 */
public final class AnswerOffer {
    private final MembershipStore memberships;
    private final JoinOnSignup joinOnSignup;
    private final Clock clock;

    public AnswerOffer(MembershipStore memberships, JoinOnSignup joinOnSignup, Clock clock) {
        this.memberships = memberships;
        this.joinOnSignup = joinOnSignup;
        this.clock = clock;
    }

    /**
     * Joins as auto-join would at sign-up today: the domain's default role, permissions and teams, the removal mark
     * checked in the write. Three reads (the offer, the domain's claims), then the one transaction auto-join makes.
     */
    public Membership join(Caller caller, String companyId) {
        EmailAddress email = caller.requireVerifiedEmail();
        requireOffer(caller, companyId);
        // The offer stands only while the company's domain governs the caller's email and auto-joins.
        DomainClaim claim = joinOnSignup
                .lookup(email)
                .claim()
                .filter(c -> c.companyId().equals(companyId) && c.activeEnrollment() == Enrollment.AUTO_JOIN)
                .orElseThrow(() -> new ConflictException(
                        "offer_closed",
                        "This company no longer adds people from your domain by itself; ask one of its admins for an"
                                + " invitation."));
        JoinOnSignup.Result result = joinOnSignup.enroll(claim, caller.sub(), email);
        return switch (result.outcome()) {
            case JOINED -> result.membership();
            case REMOVED_BY_ADMIN -> throw new ForbiddenException(
                    "removed_by_admin", "An admin removed you from this company; ask an admin to invite you back.");
            case ALREADY_MEMBER -> throw new ConflictException(
                    "already_member", "You are already a member of this company.");
            default -> throw new ConflictException(
                    "concurrent_change", "Your answer to this offer changed meanwhile; reload and try again.");
        };
    }

    /** The offer is put away for good: one read, then one conditional write (none when there is no offer). */
    public void keep(Caller caller, String companyId) {
        requireOffer(caller, companyId);
        if (!memberships.keep(companyId, caller.sub(), clock.instant())) {
            throw noOffer();
        }
    }

    private void requireOffer(Caller caller, String companyId) {
        memberships
                .findSuggestion(companyId, caller.sub())
                .filter(s -> s.status() == SuggestionStatus.OFFERED)
                .orElseThrow(AnswerOffer::noOffer);
    }

    /** Same answer for an unknown company, one never offered, and an offer already answered: nothing is disclosed. */
    private static NotFoundException noOffer() {
        return new NotFoundException("no_offer", "No offer from this company is open for you.");
    }
}
