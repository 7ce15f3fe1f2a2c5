package dev.autojoin.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A person in a company; {@code companyName} is denormalised so that "my companies" is one query. {@code version}
 * grows with every change of role or permissions, so a change conditions on the version it was decided on.
 * {@code mailBouncedAt}: when mail to the member's address bounced for good or was reported as spam (null: never).
 */
public record Membership(
        String companyId,
        String companyName,
        String userId,
        EmailAddress email,
        Role role,
        Set<Permission> permissions,
        Provenance provenance,
        long version,
        Instant mailBouncedAt) {
    public Membership {
        Objects.requireNonNull(companyId, "companyId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(provenance, "provenance");
        permissions = Set.copyOf(permissions);
    }

    /** A membership whose mail never bounced. */
    public Membership(
            String companyId,
            String companyName,
            String userId,
            EmailAddress email,
            Role role,
            Set<Permission> permissions,
            Provenance provenance,
            long version) {
        this(companyId, companyName, userId, email, role, permissions, provenance, version, null);
    }

    /** A new membership, at version 1. */
    public Membership(
            String companyId,
            String companyName,
            String userId,
            EmailAddress email,
            Role role,
            Set<Permission> permissions,
            Provenance provenance) {
        this(companyId, companyName, userId, email, role, permissions, provenance, 1);
    }

    /** The next version with this role and these flags. */
    public Membership changed(Role newRole, Set<Permission> newPermissions) {
        return new Membership(
                companyId, companyName, userId, email, newRole, newPermissions, provenance, version + 1, mailBouncedAt);
    }

    public Set<Permission> effectivePermissions() {
        return Permission.effective(role, permissions);
    }

    public boolean may(Permission permission) {
        return effectivePermissions().contains(permission);
    }

    /** Whom the company tells about its domains (manage_settings) and its joins (manage_members): owners, admins too. */
    public boolean manages() {
        return may(Permission.MANAGE_SETTINGS) || may(Permission.MANAGE_MEMBERS);
    }
}
