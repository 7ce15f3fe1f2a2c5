package dev.autojoin.domain;

/** Another company already holds the verified claim on this domain. */
public class DomainAlreadyClaimedException extends ConflictException {
    public DomainAlreadyClaimedException(DomainName domain) {
        super("domain_claimed", "The domain " + domain.value() + " is already claimed by another company.");
    }
}
