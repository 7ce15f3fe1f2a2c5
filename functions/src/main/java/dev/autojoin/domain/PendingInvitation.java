package dev.autojoin.domain;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

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
        Map<String, Set<TeamPermission>> teams,
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
        teams = Membership.copyOfTeams(teams);
    }

    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /**
     * The membership accepting grants: the invited role and permissions, the inviter as the one who acted, and the
     * invited team places of {@code activeTeams} (a team archived or gone since the invitation is skipped).
     */
    public Membership membershipFor(String userId, EmailAddress verifiedEmail, Instant at, Set<String> activeTeams) {
        Map<String, Set<TeamPermission>> places = new TreeMap<>(teams);
        places.keySet().retainAll(activeTeams);
        return new Membership(
                companyId,
                companyName,
                userId,
                verifiedEmail,
                role,
                permissions,
                new Provenance(ProvenanceType.INVITE, null, Actor.user(invitedBy), at),
                1,
                null,
                places);
    }
}
