package dev.autojoin.app;

import dev.autojoin.domain.Actor;
import dev.autojoin.domain.AuditEntry;
import dev.autojoin.domain.DomainAlreadyClaimedException;
import dev.autojoin.domain.DomainClaim;
import dev.autojoin.domain.VerificationLink;
import dev.autojoin.domain.VerificationMethod;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * POST /domain-verifications/{token}: the mailbox at the domain confirms; the claim becomes the holder, proven by
 * affiliation, unless another company holds the domain (409: affiliation never displaces). The link works once.
 */
public final class ConfirmDomainVerification {
    private final DomainStore domains;
    private final Clock clock;

    public ConfirmDomainVerification(DomainStore domains, Clock clock) {
        this.domains = domains;
        this.clock = clock;
    }

    public ShowDomainVerification.Page confirm(String rawToken) {
        Instant now = clock.instant();
        VerificationLink link = ShowDomainVerification.usableLink(domains, rawToken, now);
        DomainStore.Claims claims = domains.read(link.domain(), link.companyId());
        DomainClaim own = claims.own()
                .filter(c -> link.tokenHash().equals(c.verification().linkTokenHash()))
                .orElseThrow(ShowDomainVerification::superseded);
        if (claims.holder().isPresent()) {
            throw new DomainAlreadyClaimedException(link.domain());
        }
        DomainClaim verified = own.provenBy(VerificationMethod.EMAIL, now, null);
        AuditEntry audit = AuditEntry.of(
                link.companyId(),
                now,
                // The person who clicked is known only by the mailbox the link went to.
                new Actor(Actor.Type.SYSTEM, null),
                "domain.verified",
                "domain:" + link.domain(),
                Audit.of(own),
                withMailbox(Audit.of(verified), link));
        // Whoever holds the link confirms it: no member acts, so no membership to check.
        domains.promote(
                verified,
                own.version(),
                Optional.empty(),
                Optional.of(link.tokenHash()),
                Optional.empty(),
                List.of(audit));
        return new ShowDomainVerification.Page(
                link.domain(), link.companyName(), link.sentTo(), link.expiresAt(), verified.status());
    }

    private static java.util.Map<String, String> withMailbox(
            java.util.Map<String, String> after, VerificationLink link) {
        java.util.Map<String, String> out = new java.util.HashMap<>(after);
        out.put("confirmedBy", link.sentTo().masked());
        return out;
    }
}
