package dev.autojoin.app;

import dev.autojoin.domain.Caller;
import dev.autojoin.domain.DomainClaim;
import dev.autojoin.domain.EmailAddress;
import dev.autojoin.domain.Enrollment;
import dev.autojoin.domain.Membership;
import dev.autojoin.domain.Suggestion;
import dev.autojoin.domain.SuggestionStatus;
import dev.autojoin.domain.Team;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * GET /me: the caller's companies and suggestions, repairing a post-signup that did not run or failed; someone
 * already in a company is offered a company capturing their domain instead of being joined to it.
 */
public final class ShowMe {
    /** {@code teams}: the active teams the caller is in, by company id. */
    public record Me(
            Caller caller, List<Membership> companies, List<Suggestion> suggestions, Map<String, List<Team>> teams) {}

    private final MembershipStore memberships;
    private final JoinOnSignup joinOnSignup;
    private final TeamStore teams;

    public ShowMe(MembershipStore memberships, JoinOnSignup joinOnSignup, TeamStore teams) {
        this.memberships = memberships;
        this.joinOnSignup = joinOnSignup;
        this.teams = teams;
    }

    /**
     * Two reads (one with an unverified email), and one more for the caller's teams when they are in any; a write only when post-signup missed something. Suggestions the
     * caller could not ask on now are left out (see {@link #askable}).
     */
    public Me show(Caller caller) {
        MembershipStore.UserCompanies mine = memberships.forUser(caller.sub());
        List<Membership> companies = new ArrayList<>(mine.memberships());
        List<Suggestion> suggestions = new ArrayList<>(mine.suggestions());
        Optional<EmailAddress> email = caller.verifiedEmail();
        // Open invitations are not accepted here: only the sign-up itself, or the invitee's own POST .../accept,
        // joins a company by invitation (someone invited after signing up must click, not merely open the app).
        Optional<JoinOnSignup.Lookup> found = email.map(joinOnSignup::lookup);
        Optional<DomainClaim> governing = found.flatMap(JoinOnSignup.Lookup::claim);
        // An open invitation to the company outranks the domain's defaults (the trigger may have run out of time
        // before accepting it): the person accepts it from its link rather than joining with the defaults here.
        if (governing.isPresent()
                && companies.stream()
                        .noneMatch(m -> m.companyId().equals(governing.get().companyId()))
                && (!mine.suggested(governing.get().companyId()) || nowAutoJoins(mine, governing.get()))
                && !joinOnSignup.invitedTo(found.get(), governing.get().companyId())) {
            if (governing.get().captures() && !companies.isEmpty()) {
                // Already in a company of their own (a shadow company, or another one): the capturing company is
                // offered, never joined silently (Zoom and Dropbox ask before consolidating an account too).
                JoinOnSignup.Result offered = joinOnSignup.offer(governing.get(), caller.sub(), email.get());
                if (offered.outcome() == JoinOnSignup.Outcome.SUGGESTED) {
                    suggestions.removeIf(
                            s -> s.companyId().equals(governing.get().companyId()));
                    suggestions.add(offered.suggestion());
                }
            } else {
                repair(governing.get(), caller, email.get(), companies, suggestions);
            }
        }
        // A company is offered to ask (suggested, left) only while a request would be taken: its domain still covers
        // the caller's verified email and is in suggest mode now. The outcome of a request asked is always shown.
        // An offer stands while the capturing company's domain still governs the caller's email and auto-joins.
        suggestions.removeIf(s -> s.status() == SuggestionStatus.REMOVED
                || s.status() == SuggestionStatus.KEPT
                || companies.stream().anyMatch(m -> m.companyId().equals(s.companyId()))
                || (!s.requested()
                        && !(s.status() == SuggestionStatus.OFFERED ? joinable(s, governing) : askable(s, governing))));
        suggestions.replaceAll(s -> s.requested()
                ? s
                : s.inMode(s.status() == SuggestionStatus.OFFERED ? Enrollment.AUTO_JOIN : Enrollment.SUGGEST));
        // One read for the teams the caller is in, in every company (none when they are in no team).
        Set<TeamStore.Ref> refs = new HashSet<>();
        companies.forEach(m -> m.teams().keySet().forEach(t -> refs.add(new TeamStore.Ref(m.companyId(), t))));
        Map<TeamStore.Ref, Team> teamsIn = teams.findAll(refs);
        Map<String, List<Team>> companyTeams = new LinkedHashMap<>();
        for (Membership m : companies) {
            companyTeams.put(
                    m.companyId(),
                    m.teams().keySet().stream()
                            .map(t -> teamsIn.get(new TeamStore.Ref(m.companyId(), t)))
                            .filter(t -> t != null && !t.archived())
                            .sorted(java.util.Comparator.comparing(Team::createdAt))
                            .toList());
        }
        return new Me(caller, companies, suggestions, companyTeams);
    }

    /**
     * Shown the company while its domain was in suggest mode, never asked, and the domain auto-joins now: the person
     * joins as they would at sign-up today (a request asked, declined or a departure stays the person's or an admin's
     * decision, and a removal mark still refuses inside the write).
     */
    private static boolean nowAutoJoins(MembershipStore.UserCompanies mine, DomainClaim claim) {
        return claim.activeEnrollment() == Enrollment.AUTO_JOIN
                && mine.suggestions().stream()
                        .filter(s -> s.companyId().equals(claim.companyId()))
                        .allMatch(s -> s.status() == SuggestionStatus.SUGGESTED);
    }

    /** An offer may be taken while the company's domain governs the caller's email and auto-joins. */
    static boolean joinable(Suggestion s, Optional<DomainClaim> governing) {
        return governing
                .filter(c -> c.companyId().equals(s.companyId()) && c.activeEnrollment() == Enrollment.AUTO_JOIN)
                .isPresent();
    }

    private static boolean askable(Suggestion s, Optional<DomainClaim> governing) {
        return governing
                .filter(c -> c.companyId().equals(s.companyId()) && c.activeEnrollment() == Enrollment.SUGGEST)
                .isPresent();
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
