package dev.autojoin.app;

import dev.autojoin.domain.Actor;
import dev.autojoin.domain.AuditEntry;
import dev.autojoin.domain.DomainClaim;
import dev.autojoin.domain.DomainName;
import dev.autojoin.domain.EmailAddress;
import dev.autojoin.domain.Enrollment;
import dev.autojoin.domain.InvalidEmailException;
import dev.autojoin.domain.JoinNotice;
import dev.autojoin.domain.MailDomainPolicy;
import dev.autojoin.domain.Membership;
import dev.autojoin.domain.PendingInvitation;
import dev.autojoin.domain.Provenance;
import dev.autojoin.domain.ProvenanceType;
import dev.autojoin.domain.Suggestion;
import dev.autojoin.domain.SuggestionStatus;
import dev.autojoin.domain.VerificationMethod;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Post-signup: accepts the invitations addressed to a newly confirmed person's verified email, then puts them into
 * the company that verified their email domain.
 */
public final class JoinOnSignup {
    public enum Outcome {
        IGNORED_UNVERIFIED,
        INVALID_EMAIL,
        NOT_A_COMPANY_DOMAIN,
        NO_MATCH,
        ENROLLMENT_OFF,
        JOINED,
        ALREADY_MEMBER,
        SUGGESTED,
        ALREADY_SUGGESTED,
        /** An admin removed this email from the company: no auto-join nor suggestion until an accepted invitation. */
        REMOVED_BY_ADMIN,
        /** The trigger's time ran out before the enrollment's write: GET /me makes it on the person's first call. */
        DEFERRED
    }

    /**
     * What happened; {@code membership} or {@code suggestion} is what this call wrote, when it wrote one;
     * {@code invited} the memberships accepted invitations created; {@code invitationsDeferred} how many open
     * invitations the time limit left for the person to accept from their link.
     */
    public record Result(
            Outcome outcome,
            String companyId,
            Membership membership,
            Suggestion suggestion,
            List<Membership> invited,
            int invitationsDeferred) {
        public Result {
            invited = invited == null ? List.of() : List.copyOf(invited);
        }

        public Result(Outcome outcome, String companyId, Membership membership, Suggestion suggestion) {
            this(outcome, companyId, membership, suggestion, List.of(), 0);
        }

        static Result of(Outcome outcome) {
            return new Result(outcome, null, null, null);
        }

        Result withInvited(Accepted accepted) {
            return new Result(outcome, companyId, membership, suggestion, accepted.joined(), accepted.deferred());
        }

        /** Whether the time limit left a write undone. */
        public boolean deferred() {
            return outcome == Outcome.DEFERRED || invitationsDeferred > 0;
        }
    }

    private record Accepted(List<Membership> joined, int deferred) {}

    /** What one read tells about a verified email: its open invitations and the claim that governs its domain. */
    public record Lookup(boolean companyDomain, Optional<DomainClaim> claim, List<PendingInvitation> invitations) {}

    private final DomainStore domains;
    private final MembershipStore memberships;
    private final TeamStore teams;
    private final SignupLookup lookup;
    private final InvitationStore invitations;
    private final MailDomainPolicy policy;
    private final Clock clock;

    public JoinOnSignup(
            DomainStore domains,
            MembershipStore memberships,
            TeamStore teams,
            SignupLookup lookup,
            InvitationStore invitations,
            MailDomainPolicy policy,
            Clock clock) {
        this.domains = domains;
        this.memberships = memberships;
        this.teams = teams;
        this.lookup = lookup;
        this.invitations = invitations;
        this.policy = policy;
        this.clock = clock;
    }

    /**
     * One read (the domain's claims and the email's open invitations together), then one conditional write per
     * accepted invitation and at most one for the domain's enrollment. Nothing at all for an unverified email.
     */
    public Result join(String sub, String rawEmail, boolean emailVerified) {
        return join(sub, rawEmail, emailVerified, Deadline.NONE);
    }

    /**
     * As {@link #join(String, String, boolean)}, starting a write only while it fits before {@code deadline}. The
     * invitations go first (an admin chose them); an enrollment left undone is made by GET /me.
     */
    public Result join(String sub, String rawEmail, boolean emailVerified, Deadline deadline) {
        if (!emailVerified) {
            return Result.of(Outcome.IGNORED_UNVERIFIED);
        }
        EmailAddress email;
        try {
            email = EmailAddress.parse(rawEmail);
        } catch (InvalidEmailException e) {
            return Result.of(Outcome.INVALID_EMAIL);
        }
        Lookup found = lookup(email);
        Accepted accepted = accept(found.invitations(), sub, email, deadline);
        List<Membership> invited = accepted.joined();
        Result result;
        if (!found.companyDomain()) {
            result = Result.of(Outcome.NOT_A_COMPANY_DOMAIN);
        } else {
            // An invitation already made them a member with the role an admin chose: the domain adds nothing.
            result = found.claim()
                    .map(claim -> invited.stream().anyMatch(m -> m.companyId().equals(claim.companyId()))
                            ? new Result(Outcome.ALREADY_MEMBER, claim.companyId(), null, null)
                            : enrollBefore(deadline, claim, sub, email))
                    .orElse(Result.of(Outcome.NO_MATCH));
        }
        return result.withInvited(accepted);
    }

    /** The verified claim that governs an email domain: the most specific one covering it. One read. */
    public Optional<DomainClaim> match(DomainName emailDomain) {
        return governing(domains.candidates(emailDomain), emailDomain);
    }

    /** One read: the email's open invitations and, for a company domain, the claim that governs it. */
    public Lookup lookup(EmailAddress email) {
        boolean companyDomain = policy.classify(email.domain()) == MailDomainPolicy.Kind.COMPANY;
        SignupLookup.Found found = lookup.find(email, companyDomain);
        return new Lookup(companyDomain, governing(found.claims(), email.domain()), found.invitations());
    }

    private Accepted accept(Collection<PendingInvitation> pending, String sub, EmailAddress email, Deadline deadline) {
        Instant now = clock.instant();
        List<Membership> joined = new ArrayList<>();
        int deferred = 0;
        for (PendingInvitation invitation : pending) {
            if (invitation.expiredAt(now)) {
                continue;
            }
            if (!deadline.allowsAnotherCall()) {
                deferred++;
                continue;
            }
            // An invitation grants only what its inviter could grant now: one read, and held in the write.
            Optional<Membership> inviter = AcceptInvitation.authority(memberships, invitation);
            if (inviter.isEmpty()) {
                // Left open (its link answers why, an admin may send a new one); the admins hear of it in their digest.
                if (deadline.allowsAnotherCall()) {
                    AcceptInvitation.refused(invitations, invitation, sub, "signup", now);
                }
                continue;
            }
            if (!deadline.allowsAnotherCall()) {
                deferred++;
                continue;
            }
            if (!invitation.teams().isEmpty() && !deadline.allowsAnotherCall()) {
                deferred++;
                continue;
            }
            Membership membership = AcceptInvitation.joining(teams, invitation, sub, email, now);
            InvitationStore.Acceptance acceptance = invitations.accept(
                    invitation,
                    membership,
                    inviter.get(),
                    Optional.empty(),
                    now,
                    InvitationAudit.accepted(invitation, sub, "signup", now));
            if (acceptance == InvitationStore.Acceptance.ACCEPTED) {
                joined.add(membership);
            }
        }
        return new Accepted(joined, deferred);
    }

    private Result enrollBefore(Deadline deadline, DomainClaim claim, String sub, EmailAddress email) {
        if (claim.activeEnrollment() != Enrollment.OFF && !deadline.allowsAnotherCall()) {
            return new Result(Outcome.DEFERRED, claim.companyId(), null, null);
        }
        return enroll(claim, sub, email, deadline);
    }

    /** The verified claim among {@code candidates} that governs an email domain: the most specific one covering it. */
    static Optional<DomainClaim> governing(List<DomainClaim> candidates, DomainName emailDomain) {
        List<DomainClaim> covering = candidates.stream()
                .filter(claim -> claim.verified() && claim.covers(emailDomain))
                .toList();
        // Ownership outranks affiliation: under a parent another company owns by DNS with its subdomains, a more
        // specific claim proven only by affiliation or an emailed link does not govern (it may predate the opt-in).
        return covering.stream()
                .filter(claim -> claim.method() == VerificationMethod.DNS
                        || covering.stream().noneMatch(owner -> ownsAbove(owner, claim)))
                .max(Comparator.comparingInt(claim -> claim.domain().value().length()));
    }

    private static boolean ownsAbove(DomainClaim owner, DomainClaim claim) {
        return owner.method() == VerificationMethod.DNS
                && owner.includeSubdomains()
                && !owner.companyId().equals(claim.companyId())
                && claim.domain().isSubdomainOf(owner.domain());
    }

    /** Whether the email holds an invitation to {@code companyId} still open now: its role outranks the domain's. */
    public boolean invitedTo(Lookup found, String companyId) {
        Instant now = clock.instant();
        return found.invitations().stream().anyMatch(i -> i.companyId().equals(companyId) && !i.expiredAt(now));
    }

    /** Applies a claim's enrollment to one person. Idempotent: at most one conditional write. */
    public Result enroll(DomainClaim claim, String sub, EmailAddress email) {
        return enroll(claim, sub, email, Deadline.NONE);
    }

    private Result enroll(DomainClaim claim, String sub, EmailAddress email, Deadline deadline) {
        Instant now = clock.instant();
        switch (claim.activeEnrollment()) {
            case AUTO_JOIN: {
                // Into the domain's default teams as they are now: a later change of the defaults touches no one.
                Membership membership = new Membership(
                        claim.companyId(),
                        claim.companyName(),
                        sub,
                        email,
                        claim.defaultRole(),
                        claim.defaultPermissions(),
                        new Provenance(ProvenanceType.AUTO_JOIN, claim.domain(), Actor.policy(), now),
                        1,
                        null,
                        claim.defaultTeams());
                AuditEntry audit = AuditEntry.of(
                        claim.companyId(),
                        now,
                        Actor.policy(),
                        "member.auto_joined",
                        "member:" + sub,
                        null,
                        Map.of(
                                "email", email.value(),
                                "role", membership.role().wire(),
                                "permissions", Audit.names(membership.permissions()),
                                "teams", Audit.teams(membership.teams()),
                                "domain", claim.domain().value()));
                JoinNotice notice = new JoinNotice(claim.companyId(), JoinNotice.Kind.JOINED, sub, email, now);
                switch (memberships.admit(membership, audit, notice)) {
                    case ADMITTED:
                        return new Result(Outcome.JOINED, claim.companyId(), membership, null);
                    case REMOVED:
                        return refused(claim, sub, email, now, deadline);
                    case STANDING:
                        return new Result(Outcome.ALREADY_SUGGESTED, claim.companyId(), null, null);
                    default:
                        return new Result(Outcome.ALREADY_MEMBER, claim.companyId(), null, null);
                }
            }
            case SUGGEST: {
                Suggestion suggestion = new Suggestion(
                        claim.companyId(),
                        claim.companyName(),
                        sub,
                        email,
                        claim.domain(),
                        claim.enrollment(),
                        false,
                        now);
                return suggested(claim, suggestion, memberships.suggest(suggestion), deadline);
            }
            default:
                return new Result(Outcome.ENROLLMENT_OFF, claim.companyId(), null, null);
        }
    }

    /**
     * A company capturing the domain, offered (not joined) to someone already in another company: never merged
     * silently, they join it at once ({@link AnswerOffer}) or keep going as they are. The offer is written over no
     * suggestion or one nobody acted on; a removal mark refuses it, as it refuses auto-join. The result's
     * {@code suggestion} is the offer when this call wrote it.
     */
    public Result offer(DomainClaim claim, String sub, EmailAddress email) {
        Instant now = clock.instant();
        Suggestion offer = new Suggestion(
                claim.companyId(),
                claim.companyName(),
                sub,
                email,
                claim.domain(),
                claim.enrollment(),
                SuggestionStatus.OFFERED,
                now);
        return suggested(claim, offer, memberships.offer(offer), Deadline.NONE);
    }

    /** What writing a suggestion or an offer came to: written, one standing already, or refused by a removal. */
    private Result suggested(
            DomainClaim claim, Suggestion written, MembershipStore.Suggesting outcome, Deadline deadline) {
        switch (outcome) {
            case SUGGESTED:
                return new Result(Outcome.SUGGESTED, claim.companyId(), null, written);
            case REMOVED:
                return refused(claim, written.userId(), written.email(), written.at(), deadline);
            default:
                return new Result(Outcome.ALREADY_SUGGESTED, claim.companyId(), null, null);
        }
    }

    /**
     * A hidden "removed" suggestion for this person, so GET /me stops retrying the auto-join (or the suggestion) on
     * every call. One more conditional write, and only on this path.
     */
    private Result refused(DomainClaim claim, String sub, EmailAddress email, Instant now, Deadline deadline) {
        Suggestion marker = new Suggestion(
                claim.companyId(),
                claim.companyName(),
                sub,
                email,
                claim.domain(),
                claim.enrollment(),
                SuggestionStatus.REMOVED,
                now);
        if (deadline.allowsAnotherCall()) {
            memberships.markRemoved(marker);
        }
        return new Result(Outcome.REMOVED_BY_ADMIN, claim.companyId(), null, marker);
    }
}
