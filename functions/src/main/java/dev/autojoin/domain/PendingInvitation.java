package dev.autojoin.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * An open invitation as seen from the invitee's side, kept with their email so that sign-up finds and accepts it
 * in the same read as the domain lookup.
 */
public record PendingInvitation(
        String companyId,
        String inviteId,
        String companyName,
        EmailAddress email,
        Role role,
        Set<Permission> permissions,
        String invitedBy,
        Instant expiresAt) {
    public PendingInvitation {
        Objects.requireNonNull(companyId, "companyId");
        Objects.requireNonNull(inviteId, "inviteId");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(invitedBy, "invitedBy");
        Objects.requireNonNull(expiresAt, "expiresAt");
        permissions = Set.copyOf(permissions);
    }

    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /** The membership accepting grants: the invited role and permissions, the inviter as the one who acted. */
    public Membership membershipFor(String userId, EmailAddress verifiedEmail, Instant at) {
        return new Membership(
                companyId,
                companyName,
                userId,
                verifiedEmail,
                role,
                permissions,
                new Provenance(ProvenanceType.INVITE, null, Actor.user(invitedBy), at));
    }
}
