package dev.autojoin.app;

import dev.autojoin.domain.Invitation;
import dev.autojoin.domain.InvitationStatus;
import dev.autojoin.domain.InvitationToken;
import dev.autojoin.domain.NotFoundException;
import java.time.Clock;

/**
 * GET /invites/{token}: what the link is about, for the page it opens. Reads only: mail scanners open links, some
 * of them several times, and none of that may change the invitation.
 */
public final class ShowInvitation {
    /** {@code status} as of now; {@code replaced} when a resend gave the invitation a newer link than this one. */
    public record Preview(Invitation invitation, InvitationStatus status, boolean replaced) {}

    /** An invitation found by the token of a link. */
    record Located(Invitation invitation, String tokenHash) {
        boolean replaced() {
            return !invitation.tokenHash().equals(tokenHash);
        }
    }

    private final InvitationStore invitations;
    private final Clock clock;

    public ShowInvitation(InvitationStore invitations, Clock clock) {
        this.invitations = invitations;
        this.clock = clock;
    }

    public Preview show(String rawToken) {
        Located found = locate(invitations, rawToken);
        return new Preview(found.invitation(), found.invitation().statusAt(clock.instant()), found.replaced());
    }

    /** Two reads (token, then invitation); a malformed token is not even looked up. */
    static Located locate(InvitationStore invitations, String rawToken) {
        NotFoundException unknown = new NotFoundException("invitation_not_found", "This invitation link is not valid.");
        String hash = InvitationToken.hashOf(rawToken).orElseThrow(() -> unknown);
        Invitation invitation = invitations.findByToken(hash).orElseThrow(() -> unknown);
        return new Located(invitation, hash);
    }
}
