package dev.autojoin.domain;

import java.time.Instant;
import java.util.Objects;

/** A company shown to a person at sign-up because its domain is in suggest mode ("detect and redirect"). */
public record Suggestion(
        String companyId,
        String companyName,
        String userId,
        EmailAddress email,
        DomainName domain,
        Enrollment enrollment,
        boolean requested,
        Instant at) {
    public Suggestion {
        Objects.requireNonNull(companyId, "companyId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(at, "at");
    }
}
