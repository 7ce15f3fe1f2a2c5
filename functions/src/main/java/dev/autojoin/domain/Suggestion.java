package dev.autojoin.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A company shown to a person at sign-up because its domain is in suggest mode ("detect and redirect"), and where the
 * person stands with it since: asked to join, approved, declined, left, removed.
 */
public record Suggestion(
        String companyId,
        String companyName,
        String userId,
        EmailAddress email,
        DomainName domain,
        Enrollment enrollment,
        SuggestionStatus status,
        Instant at) {
    public Suggestion {
        Objects.requireNonNull(companyId, "companyId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(at, "at");
    }

    /** A fresh suggestion ({@code requested} false) or a pending request ({@code requested} true). */
    public Suggestion(
            String companyId,
            String companyName,
            String userId,
            EmailAddress email,
            DomainName domain,
            Enrollment enrollment,
            boolean requested,
            Instant at) {
        this(
                companyId,
                companyName,
                userId,
                email,
                domain,
                enrollment,
                requested ? SuggestionStatus.PENDING : SuggestionStatus.SUGGESTED,
                at);
    }

    public boolean requested() {
        return status.requested();
    }

    /** The same suggestion, showing the company's enrollment {@code now} instead of the one when it was written. */
    public Suggestion inMode(Enrollment now) {
        return new Suggestion(companyId, companyName, userId, email, domain, now, status, at);
    }

    public Suggestion with(SuggestionStatus newStatus, Instant when) {
        return new Suggestion(companyId, companyName, userId, email, domain, enrollment, newStatus, when);
    }
}
