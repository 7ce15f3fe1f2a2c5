package dev.autojoin.domain;

import java.time.Instant;
import java.util.Objects;

/** A person asking to join a company whose verified domain covers their verified email. */
public record JoinRequest(
        String companyId, String userId, EmailAddress email, DomainName domain, SuggestionStatus status, Instant at) {
    public JoinRequest {
        Objects.requireNonNull(companyId, "companyId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(at, "at");
    }

    public JoinRequest decided(SuggestionStatus outcome) {
        return new JoinRequest(companyId, userId, email, domain, outcome, at);
    }
}
