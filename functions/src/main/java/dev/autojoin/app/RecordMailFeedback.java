package dev.autojoin.app;

import dev.autojoin.domain.Actor;
import dev.autojoin.domain.AuditEntry;
import dev.autojoin.domain.EmailAddress;
import dev.autojoin.domain.MailFeedback;
import dev.autojoin.domain.Membership;
import dev.autojoin.domain.PendingInvitation;
import dev.autojoin.domain.Suppression;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bounce or complaint SES reported. A permanent bounce or a complaint puts each recipient on the suppression list,
 * closes their open invitations as {@code bounced} and, when the email went to a member (its {@code userId} tag),
 * flags that person's memberships with the same address for the admins to see, with an audit entry in each company.
 * Every write is conditional: SNS delivers at least once, and a repeated delivery writes nothing new.
 */
public final class RecordMailFeedback {
    private static final Actor SYSTEM = new Actor(Actor.Type.SYSTEM, null);

    /** What one feedback changed; all zero for a transient bounce or a repeated delivery. */
    public record Recorded(int suppressed, int invitationsBounced, int membershipsFlagged) {
        public static final Recorded NOTHING = new Recorded(0, 0, 0);
    }

    private final SuppressionList suppressions;
    private final InvitationStore invitations;
    private final MembershipStore memberships;
    private final Clock clock;

    public RecordMailFeedback(
            SuppressionList suppressions, InvitationStore invitations, MembershipStore memberships, Clock clock) {
        this.suppressions = suppressions;
        this.invitations = invitations;
        this.memberships = memberships;
        this.clock = clock;
    }

    public Recorded record(MailFeedback feedback) {
        if (!feedback.suppresses() || feedback.recipients().isEmpty()) {
            return Recorded.NOTHING;
        }
        Map<String, Suppression> byAddress = new LinkedHashMap<>();
        feedback.recipients().forEach(r -> byAddress.putIfAbsent(r.canonical(), feedback.suppression(r)));
        // The list first: from here on nothing new is mailed to these addresses, whatever happens next.
        int suppressed = 0;
        for (Suppression suppression : byAddress.values()) {
            if (suppressions.add(suppression)) {
                suppressed++;
            }
        }
        Instant now = clock.instant();
        int bounced = 0;
        Map<String, List<PendingInvitation>> open = invitations.pendingFor(feedback.recipients());
        for (List<PendingInvitation> ofAddress : open.values()) {
            for (PendingInvitation invitation : ofAddress) {
                Suppression why = byAddress.get(invitation.email().canonical());
                String reason = why == null
                        ? Suppression.Reason.BOUNCE.wire()
                        : why.reason().wire();
                if (invitations.bounce(invitation, reason, now, InvitationAudit.bounced(invitation, reason, now))) {
                    bounced++;
                }
            }
        }
        int flagged = 0;
        String userId = feedback.tags().userId();
        if (userId != null) {
            for (Membership membership : memberships.forUser(userId).memberships()) {
                EmailAddress email = membership.email();
                Suppression why = email == null ? null : byAddress.get(email.canonical());
                if (why != null
                        && membership.mailBouncedAt() == null
                        && memberships.markMailBounced(membership, why.at(), flagged(membership, why, now))) {
                    flagged++;
                }
            }
        }
        return new Recorded(suppressed, bounced, flagged);
    }

    /** What the member's admins read in the audit log: whose mail bounces, why, and since when. */
    private static AuditEntry flagged(Membership membership, Suppression why, Instant now) {
        Map<String, String> after = new LinkedHashMap<>();
        after.put("email", membership.email().value());
        after.put("reason", why.reason().wire());
        if (why.detail() != null) {
            after.put("detail", why.detail());
        }
        after.put("mailBouncedAt", why.at().toString());
        return AuditEntry.of(
                membership.companyId(),
                now,
                SYSTEM,
                "member.mail_bounced",
                "member:" + membership.userId(),
                null,
                after);
    }
}
