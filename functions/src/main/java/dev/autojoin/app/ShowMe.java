package dev.autojoin.app;

import dev.autojoin.domain.Caller;
import dev.autojoin.domain.DomainClaim;
import dev.autojoin.domain.EmailAddress;
import dev.autojoin.domain.Membership;
import dev.autojoin.domain.Suggestion;
import dev.autojoin.domain.SuggestionStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** GET /me: the caller's companies and suggestions, repairing a post-signup that did not run or failed. */
public final class ShowMe {
    public record Me(Caller caller, List<Membership> companies, List<Suggestion> suggestions) {}

    private final MembershipStore memberships;
    private final JoinOnSignup joinOnSignup;

    public ShowMe(MembershipStore memberships, JoinOnSignup joinOnSignup) {
        this.memberships = memberships;
        this.joinOnSignup = joinOnSignup;
    }

    /** Two reads (one with an unverified email); a write only when post-signup missed something. */
    public Me show(Caller caller) {
        MembershipStore.UserCompanies mine = memberships.forUser(caller.sub());
        List<Membership> companies = new ArrayList<>(mine.memberships());
        List<Suggestion> suggestions = new ArrayList<>(mine.suggestions());
        Optional<EmailAddress> email = caller.verifiedEmail();
        if (email.isPresent()) {
            // Open invitations are not accepted here: only the sign-up itself, or the invitee's own POST .../accept,
            // joins a company by invitation (someone invited after signing up must click, not merely open the app).
            JoinOnSignup.Lookup found = joinOnSignup.lookup(email.get());
            Optional<DomainClaim> claim = found.claim();
            if (claim.isPresent()
                    && companies.stream()
                            .noneMatch(m -> m.companyId().equals(claim.get().companyId()))
                    && !mine.suggested(claim.get().companyId())) {
                repair(claim.get(), caller, email.get(), companies, suggestions);
            }
        }
        suggestions.removeIf(s -> s.status() == SuggestionStatus.REMOVED
                || companies.stream().anyMatch(m -> m.companyId().equals(s.companyId())));
        return new Me(caller, companies, suggestions);
    }

    private void repair(
            DomainClaim claim,
            Caller caller,
            EmailAddress email,
            List<Membership> companies,
            List<Suggestion> suggestions) {
        JoinOnSignup.Result result = joinOnSignup.enroll(claim, caller.sub(), email);
        if (result.membership() != null) {
            companies.add(result.membership());
        } else if (result.suggestion() != null) {
            suggestions.add(result.suggestion());
        } else if (result.outcome() == JoinOnSignup.Outcome.ALREADY_MEMBER) {
            // Lost a race with the trigger (or the index lagged): read the membership that won.
            memberships.find(claim.companyId(), caller.sub()).ifPresent(companies::add);
        }
    }
}
