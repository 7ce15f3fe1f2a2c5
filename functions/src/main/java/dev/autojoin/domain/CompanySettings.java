package dev.autojoin.domain;

import java.util.Objects;
import java.util.Set;

public record CompanySettings(
        Notify notifications, int invitationExpiryDays, Role defaultRole, Set<Permission> defaultPermissions) {
    public static final int DEFAULT_INVITATION_EXPIRY_DAYS = 7;

    public CompanySettings {
        Objects.requireNonNull(notifications, "notifications");
        Objects.requireNonNull(defaultRole, "defaultRole");
        defaultPermissions = Set.copyOf(defaultPermissions);
        if (invitationExpiryDays < 1 || invitationExpiryDays > 30) {
            throw new InvalidInputException(
                    "invalid_invitation_expiry",
                    "invitationExpiryDays must be between 1 and 30.",
                    "invitationExpiryDays");
        }
    }

    public static CompanySettings defaults() {
        return new CompanySettings(
                Notify.EVERY_JOIN, DEFAULT_INVITATION_EXPIRY_DAYS, Role.MEMBER, Permission.AUTO_JOIN_DEFAULT);
    }
}
