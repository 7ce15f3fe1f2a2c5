package dev.autojoin.domain;

import java.time.Instant;
import java.util.Objects;

/** An emailed domain verification link, known by the hash of its token; single use, expiring. */
public record VerificationLink(
        String tokenHash,
        DomainName domain,
        String companyId,
        String companyName,
        EmailAddress sentTo,
        Instant createdAt,
        Instant expiresAt,
        Instant usedAt) {
    public VerificationLink {
        Objects.requireNonNull(tokenHash, "tokenHash");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(companyId, "companyId");
        Objects.requireNonNull(sentTo, "sentTo");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** Refuses a used or expired link: 410 with {@code verification_used} or {@code verification_expired}. */
    public void requireUsable(Instant now) {
        if (usedAt != null) {
            throw new GoneException("verification_used", "This verification link was already used.");
        }
        if (!now.isBefore(expiresAt)) {
            throw new GoneException(
                    "verification_expired", "This verification link has expired; ask for a new one from the settings.");
        }
    }
}
