package dev.autojoin.app;

import dev.autojoin.domain.Actor;
import dev.autojoin.domain.AuditEntry;
import dev.autojoin.domain.DomainClaim;
import dev.autojoin.domain.DomainName;
import dev.autojoin.domain.EmailAddress;
import dev.autojoin.domain.InvalidEmailException;
import dev.autojoin.domain.JoinNotice;
import dev.autojoin.domain.MailDomainPolicy;
import dev.autojoin.domain.Membership;
import dev.autojoin.domain.Provenance;
import dev.autojoin.domain.ProvenanceType;
import dev.autojoin.domain.Suggestion;
import dev.autojoin.domain.SuggestionStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;

/** Post-signup: puts a newly confirmed person into the company that verified their email domain. */
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
        /** An admin removed this email from the company: no auto-join until an invitation or an approved request. */
        REMOVED_BY_ADMIN
    }

    /** What happened; {@code membership} or {@code suggestion} is what this call wrote, when it wrote one. */
    public record Result(Outcome outcome, String companyId, Membership membership, Suggestion suggestion) {
        static Result of(Outcome outcome) {
            return new Result(outcome, null, null, null);
        }
    }

    private final DomainStore domains;
    private final MembershipStore memberships;
    private final MailDomainPolicy policy;
    private final Clock clock;

    public JoinOnSignup(DomainStore domains, MembershipStore memberships, MailDomainPolicy policy, Clock clock) {
        this.domains = domains;
        this.memberships = memberships;
        this.policy = policy;
        this.clock = clock;
    }

    /** At most one read and one conditional write; none at all for free-mail and disposable domains. */
    public Result join(String sub, String rawEmail, boolean emailVerified) {
        if (!emailVerified) {
            return Result.of(Outcome.IGNORED_UNVERIFIED);
        }
        EmailAddress email;
        try {
            email = EmailAddress.parse(rawEmail);
        } catch (InvalidEmailException e) {
            return Result.of(Outcome.INVALID_EMAIL);
        }
        if (policy.classify(email.domain()) != MailDomainPolicy.Kind.COMPANY) {
            return Result.of(Outcome.NOT_A_COMPANY_DOMAIN);
        }
        return match(email.domain()).map(claim -> enroll(claim, sub, email)).orElse(Result.of(Outcome.NO_MATCH));
    }

    /** The verified claim that governs an email domain: the most specific one covering it. One read. */
    public Optional<DomainClaim> match(DomainName emailDomain) {
        return domains.candidates(emailDomain).stream()
                .filter(claim -> claim.verified() && claim.covers(emailDomain))
                .max(Comparator.comparingInt(claim -> claim.domain().value().length()));
    }

    /** Applies a claim's enrollment to one person. Idempotent: at most one conditional write. */
    public Result enroll(DomainClaim claim, String sub, EmailAddress email) {
        Instant now = clock.instant();
        switch (claim.activeEnrollment()) {
            case AUTO_JOIN: {
                Membership membership = new Membership(
                        claim.companyId(),
                        claim.companyName(),
                        sub,
                        email,
                        claim.defaultRole(),
                        claim.defaultPermissions(),
                        new Provenance(ProvenanceType.AUTO_JOIN, claim.domain(), Actor.policy(), now));
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
                                "domain", claim.domain().value()));
                JoinNotice notice = new JoinNotice(claim.companyId(), JoinNotice.Kind.JOINED, sub, email, now);
                switch (memberships.admit(membership, audit, notice)) {
                    case ADMITTED:
                        return new Result(Outcome.JOINED, claim.companyId(), membership, null);
                    case REMOVED:
                        return refused(claim, sub, email, now);
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
                boolean added = memberships.suggestIfAbsent(suggestion);
                return added
                        ? new Result(Outcome.SUGGESTED, claim.companyId(), null, suggestion)
                        : new Result(Outcome.ALREADY_SUGGESTED, claim.companyId(), null, null);
            }
            default:
                return new Result(Outcome.ENROLLMENT_OFF, claim.companyId(), null, null);
        }
    }

    /**
     * A hidden "removed" suggestion for this person, so GET /me stops retrying the auto-join on every call. One more
     * conditional write, and only on this path.
     */
    private Result refused(DomainClaim claim, String sub, EmailAddress email, Instant now) {
        Suggestion marker = new Suggestion(
                claim.companyId(),
                claim.companyName(),
                sub,
                email,
                claim.domain(),
                claim.enrollment(),
                SuggestionStatus.REMOVED,
                now);
        memberships.suggestIfAbsent(marker);
        return new Result(Outcome.REMOVED_BY_ADMIN, claim.companyId(), null, marker);
    }
}
