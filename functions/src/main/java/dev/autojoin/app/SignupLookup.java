package dev.autojoin.app;

import dev.autojoin.domain.DomainClaim;
import dev.autojoin.domain.EmailAddress;
import dev.autojoin.domain.PendingInvitation;
import java.util.List;

/** The one read of post-signup: everything a verified email could be entitled to. */
public interface SignupLookup {
    record Found(List<DomainClaim> claims, List<PendingInvitation> invitations) {
        public Found {
            claims = List.copyOf(claims);
            invitations = List.copyOf(invitations);
        }
    }

    /**
     * The open invitations addressed to {@code email} and, when {@code withClaims}, the claims that could cover its
     * domain (the domain and its ancestors): one request.
     */
    Found find(EmailAddress email, boolean withClaims);
}
