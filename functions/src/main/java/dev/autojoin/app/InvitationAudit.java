package dev.autojoin.app;

import dev.autojoin.domain.Actor;
import dev.autojoin.domain.AuditEntry;
import dev.autojoin.domain.Invitation;
import dev.autojoin.domain.InvitationStatus;
import dev.autojoin.domain.PendingInvitation;
import java.time.Instant;
import java.util.Map;

/** The audit entries of an invitation's life: invited, resent, send failed, bounced, revoked, accepted, expired. */
final class InvitationAudit {
    private static final Actor SYSTEM = new Actor(Actor.Type.SYSTEM, null);

    private InvitationAudit() {}

    static AuditEntry invited(Invitation invitation, Instant at) {
        return entry(
                invitation.companyId(),
                invitation.id(),
                at,
                inviter(invitation),
                "invitation.created",
                null,
                of(invitation));
    }

    static AuditEntry resent(Invitation before, Invitation after, String actorId, Instant at) {
        return entry(
                after.companyId(), after.id(), at, Actor.user(actorId), "invitation.resent", of(before), of(after));
    }

    static AuditEntry sendFailed(Invitation failed, Instant at) {
        return entry(
                failed.companyId(),
                failed.id(),
                at,
                SYSTEM,
                "invitation.send_failed",
                null,
                Map.of("status", failed.status().wire(), "reason", failed.sendFailure()));
    }

    static AuditEntry revoked(Invitation before, Invitation after, String actorId, Instant at) {
        return entry(
                after.companyId(), after.id(), at, Actor.user(actorId), "invitation.revoked", of(before), of(after));
    }

    /** {@code via}: {@code link} when the invitee accepted from the email, {@code signup} when sign-up did. */
    static AuditEntry accepted(PendingInvitation invitation, String userId, String via, Instant at) {
        return entry(
                invitation.companyId(),
                invitation.inviteId(),
                at,
                Actor.user(userId),
                "invitation.accepted",
                Map.of("status", InvitationStatus.PENDING.wire()),
                Map.of(
                        "status", InvitationStatus.ACCEPTED.wire(),
                        "email", invitation.email().value(),
                        "userId", userId,
                        "role", invitation.role().wire(),
                        "permissions", Audit.names(invitation.permissions()),
                        "teams", Audit.teams(invitation.teams()),
                        "via", via));
    }

    /** {@code via}: {@code link} or {@code signup}; the invitation stays open, so no status changes. */
    static AuditEntry refused(PendingInvitation invitation, String userId, String via, Instant at) {
        return entry(
                invitation.companyId(),
                invitation.inviteId(),
                at,
                SYSTEM,
                "invitation.refused",
                null,
                Map.of(
                        "email", invitation.email().value(),
                        "userId", userId,
                        "role", invitation.role().wire(),
                        "permissions", Audit.names(invitation.permissions()),
                        "invitedBy", invitation.invitedBy(),
                        "reason", "inviter_lost_authority",
                        "via", via));
    }

    static AuditEntry expired(Invitation invitation, Instant at) {
        return entry(
                invitation.companyId(),
                invitation.id(),
                at,
                SYSTEM,
                "invitation.expired",
                Map.of("status", invitation.status().wire()),
                Map.of(
                        "status",
                        InvitationStatus.EXPIRED.wire(),
                        "expiresAt",
                        invitation.expiresAt().toString()));
    }

    /** {@code reason}: {@code bounce}, {@code complaint}, or {@code suppressed} (the address was off-limits already). */
    static AuditEntry bounced(PendingInvitation invitation, String reason, Instant at) {
        return entry(
                invitation.companyId(),
                invitation.inviteId(),
                at,
                SYSTEM,
                "invitation.bounced",
                null,
                Map.of(
                        "status", InvitationStatus.BOUNCED.wire(),
                        "email", invitation.email().value(),
                        "reason", reason));
    }

    private static Actor inviter(Invitation invitation) {
        return Actor.user(invitation.inviter().userId());
    }

    private static Map<String, String> of(Invitation invitation) {
        return Map.of(
                "email", invitation.email().value(),
                "role", invitation.role().wire(),
                "permissions", Audit.names(invitation.permissions()),
                "teams", Audit.teams(invitation.teams()),
                "status", invitation.status().wire(),
                "expiresAt", invitation.expiresAt().toString());
    }

    private static AuditEntry entry(
            String companyId,
            String inviteId,
            Instant at,
            Actor actor,
            String action,
            Map<String, String> before,
            Map<String, String> after) {
        return AuditEntry.of(companyId, at, actor, action, "invitation:" + inviteId, before, after);
    }
}
