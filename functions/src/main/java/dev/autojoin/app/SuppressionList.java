package dev.autojoin.app;

import dev.autojoin.domain.EmailAddress;
import dev.autojoin.domain.Suppression;

/**
 * Addresses we no longer mail: each bounced for good or reported our mail as spam. One record per address (by its
 * canonical form); nothing takes an address off the list (see docs/ARCHITECTURE.md, "Bounces and complaints").
 */
public interface SuppressionList {
    /** Records the suppression; false when the address was on the list already (the first record stays). */
    boolean add(Suppression suppression);

    boolean contains(EmailAddress email);
}
