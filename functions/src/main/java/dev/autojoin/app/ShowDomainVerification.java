package dev.autojoin.app;

import dev.autojoin.domain.DomainName;
import dev.autojoin.domain.DomainStatus;
import dev.autojoin.domain.EmailAddress;
import dev.autojoin.domain.GoneException;
import dev.autojoin.domain.LinkToken;
import dev.autojoin.domain.NotFoundException;
import dev.autojoin.domain.VerificationLink;
import java.time.Clock;
import java.time.Instant;

/**
 * GET /domain-verifications/{token}: what confirming the emailed link would do. Reads only: mail scanners follow
 * links, so nothing here may change anything.
 */
public final class ShowDomainVerification {
    /** What the page shows; {@code status} is the claim's now. */
    public record Page(
            DomainName domain, String companyName, EmailAddress sentTo, Instant expiresAt, DomainStatus status) {}

    private final DomainStore domains;
    private final Clock clock;

    public ShowDomainVerification(DomainStore domains, Clock clock) {
        this.domains = domains;
        this.clock = clock;
    }

    public Page show(String rawToken) {
        VerificationLink link = usableLink(domains, rawToken, clock.instant());
        DomainStore.Claims claims = domains.read(link.domain(), link.companyId());
        DomainStatus status = claims.of(link.companyId())
                .filter(c ->
                        c.verified() || link.tokenHash().equals(c.verification().linkTokenHash()))
                .map(c -> c.asOf(clock.instant()).status())
                .orElseThrow(ShowDomainVerification::superseded);
        return new Page(link.domain(), link.companyName(), link.sentTo(), link.expiresAt(), status);
    }

    /** The link the token names, unused and unexpired: else 404, or 410 used / expired. */
    static VerificationLink usableLink(DomainStore domains, String rawToken, Instant now) {
        if (rawToken == null || rawToken.length() < 20 || rawToken.length() > 128) {
            throw unknown();
        }
        VerificationLink link =
                domains.findLink(LinkToken.hashOf(rawToken)).orElseThrow(ShowDomainVerification::unknown);
        link.requireUsable(now);
        return link;
    }

    static GoneException superseded() {
        return new GoneException(
                "verification_superseded",
                "This link was replaced by a newer one, or the claim was withdrawn; use the latest email.");
    }

    private static NotFoundException unknown() {
        return new NotFoundException("not_found", "No such verification link.");
    }
}
