package dev.autojoin.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * An invitation to join a company, addressed to one email, with its role, company flags and team places
 * ({@code teams}: team id to the team flags it grants there; none, least privilege, lands the person in no team).
 * {@code tokenHash} is the SHA-256 of the one link that works now (a resend replaces it); {@code sendFailure} says why the mail service refused the last send (for a
 * {@code bounced} invitation: why its address is no longer mailed);
 * {@code closedAt}/{@code closedBy} record who accepted or revoked it, and when. {@code delivery} is where its email
 * stands: a new or resent invitation is {@code queued} until the sender function mails it with a link of its own.
 */
public record Invitation(
        String id,
        String companyId,
        String companyName,
        EmailAddress email,
        Role role,
        Set<Permission> permissions,
        Map<String, Set<TeamPermission>> teams,
        InvitationStatus status,
        Instant expiresAt,
        Inviter inviter,
        Instant createdAt,
        String tokenHash,
        String sendFailure,
        Instant closedAt,
        String closedBy,
        Delivery delivery) {
    public Invitation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(companyId, "companyId");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(inviter, "inviter");
        Objects.requireNonNull(tokenHash, "tokenHash");
        Objects.requireNonNull(delivery, "delivery");
        permissions = Set.copyOf(permissions);
        teams = Membership.copyOfTeams(teams);
    }

    /** A new invitation, waiting for its email to go out. */
    public static Invitation create(
            String id,
            Company company,
            EmailAddress email,
            Role role,
            Set<Permission> permissions,
            Map<String, Set<TeamPermission>> teams,
            Inviter inviter,
            Instant now,
            InvitationToken token) {
        return new Invitation(
                id,
                company.id(),
                company.name(),
                email,
                role,
                permissions,
                teams,
                InvitationStatus.PENDING,
                expiry(company, now),
                inviter,
                now,
                token.hash(),
                null,
                null,
                null,
                Delivery.QUEUED);
    }

    /** Whole seconds, as stored and compared in conditions. */
    private static Instant expiry(Company company, Instant now) {
        return now.truncatedTo(ChronoUnit.SECONDS)
                .plus(Duration.ofDays(company.settings().invitationExpiryDays()));
    }

    /** The status as the invitee and the admins see it at {@code now}: an open invitation past its expiry expired. */
    public InvitationStatus statusAt(Instant now) {
        return status.open() && !now.isBefore(expiresAt) ? InvitationStatus.EXPIRED : status;
    }

    /** A new link and a new expiry; the old link stops working. */
    public Invitation reissued(InvitationToken token, Company company, Instant now) {
        return new Invitation(
                id,
                companyId,
                company.name(),
                email,
                role,
                permissions,
                teams,
                InvitationStatus.PENDING,
                expiry(company, now),
                inviter,
                createdAt,
                token.hash(),
                null,
                null,
                null,
                Delivery.QUEUED);
    }

    public Invitation sendFailed(String reason) {
        return ended(InvitationStatus.SEND_FAILED, reason, null, null, Delivery.FAILED);
    }

    /** Mailed with the link of {@code tokenHash}, the one that works now. */
    public Invitation sent(String mailedTokenHash) {
        return new Invitation(
                id,
                companyId,
                companyName,
                email,
                role,
                permissions,
                teams,
                status,
                expiresAt,
                inviter,
                createdAt,
                mailedTokenHash,
                null,
                closedAt,
                closedBy,
                Delivery.SENT);
    }

    /**
     * Closed because mail to its address bounced for good or was reported as spam; {@code reason}: {@code bounce},
     * {@code complaint}, or {@code suppressed} when the address was off-limits before this invitation was mailed.
     */
    public Invitation bounced(String reason, Instant at) {
        return ended(InvitationStatus.BOUNCED, reason, at, null, Delivery.BOUNCED);
    }

    public Invitation closed(InvitationStatus closedAs, String by, Instant at) {
        return ended(closedAs, null, at, by, delivery);
    }

    /** The same invitation and link, at {@code next} status with what explains it. */
    private Invitation ended(InvitationStatus next, String failure, Instant at, String by, Delivery mail) {
        return new Invitation(
                id,
                companyId,
                companyName,
                email,
                role,
                permissions,
                teams,
                next,
                expiresAt,
                inviter,
                createdAt,
                tokenHash,
                failure,
                at,
                by,
                mail);
    }

    /** What sign-up needs to accept this invitation without reading it again. */
    public PendingInvitation pending() {
        return new PendingInvitation(
                companyId, id, companyName, email, role, permissions, teams, inviter.userId(), expiresAt);
    }

    /** A time-ordered id (UUID version 7 layout): lists sort newest first on the key alone. */
    public static String newId(Instant now, Random random) {
        long millis = now.toEpochMilli();
        long high = (millis << 16) | 0x7000L | (random.nextInt() & 0x0fffL);
        long low = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }
}
