package dev.autojoin.domain;

import java.util.Objects;
import java.util.Set;

/** A person in a company; {@code companyName} is denormalised so that "my companies" is one query. */
public record Membership(
        String companyId,
        String companyName,
        String userId,
        EmailAddress email,
        Role role,
        Set<Permission> permissions,
        Provenance provenance) {
    public Membership {
        Objects.requireNonNull(companyId, "companyId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(provenance, "provenance");
        permissions = Set.copyOf(permissions);
    }

    public Set<Permission> effectivePermissions() {
        return Permission.effective(role, permissions);
    }

    public boolean may(Permission permission) {
        return effectivePermissions().contains(permission);
    }
}
