package dev.autojoin.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * The signed-in person, built only from claims the JWT authorizer verified. {@code email} is empty when the
 * claim is missing or not an address our strict parser accepts.
 */
public record Caller(String sub, Optional<EmailAddress> email, boolean emailVerified) {
    public Caller {
        Objects.requireNonNull(sub, "sub");
        Objects.requireNonNull(email, "email");
    }

    /** The email, if and only if the identity provider verified it. */
    public Optional<EmailAddress> verifiedEmail() {
        return emailVerified ? email : Optional.empty();
    }

    public EmailAddress requireVerifiedEmail() {
        return verifiedEmail()
                .orElseThrow(() -> new ForbiddenException(
                        "email_not_verified", "This needs a verified email address; verify yours and sign in again."));
    }
}
