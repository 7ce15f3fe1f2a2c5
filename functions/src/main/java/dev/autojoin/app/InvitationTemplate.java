package dev.autojoin.app;

import dev.autojoin.domain.Invitation;
import dev.autojoin.domain.InvitationToken;
import dev.autojoin.domain.OutgoingEmail;

/** Renders the invitation email; the only place the raw token is written into anything. */
public interface InvitationTemplate {
    OutgoingEmail compose(Invitation invitation, InvitationToken token);
}
