package dev.autojoin.domain;

import java.time.Instant;

/**
 * How a domain claim is being proven and kept true. Every field may be absent.
 *
 * @param dnsToken the company's random challenge token for this domain, published as a TXT record
 * @param deadline a pending proof turns {@code failed} after this
 * @param linkTokenHash SHA-256 (hex) of the emailed link that can prove the claim now; earlier links are dead
 * @param linkSentTo the mailbox the link went to
 * @param linkSentAt when the link went out (resends are spaced)
 * @param verifiedAt when the claim was proven
 * @param nextCheckAt when the schedule next looks up the TXT record of a DNS-verified claim
 * @param graceEndsAt a re-check is failing: the claim becomes {@code unverified} after this unless one passes
 * @param lookupFailingSince the re-check's DNS lookups have had no answer (timeout, SERVFAIL) since then; cleared by
 *     any answer
 */
public record Verification(
        String dnsToken,
        Instant deadline,
        String linkTokenHash,
        EmailAddress linkSentTo,
        Instant linkSentAt,
        Instant verifiedAt,
        Instant nextCheckAt,
        Instant graceEndsAt,
        Instant lookupFailingSince) {
    public static final Verification NONE = new Verification(null, null, null, null, null, null, null, null, null);

    /** Waiting for the TXT record until {@code deadline}. */
    public static Verification dnsPending(String dnsToken, Instant deadline) {
        return new Verification(dnsToken, deadline, null, null, null, null, null, null, null);
    }

    /** Waiting for the emailed link until {@code deadline}; a DNS token already issued is kept. */
    public Verification linkSent(String tokenHash, EmailAddress to, Instant at, Instant deadline) {
        return new Verification(dnsToken, deadline, tokenHash, to, at, null, null, null, null);
    }

    /** Proven at {@code at}; a DNS proof is looked at again at {@code nextCheckAt} (null for the other proofs). */
    public Verification provenAt(Instant at, Instant nextCheckAt) {
        return new Verification(dnsToken, null, null, null, null, at, nextCheckAt, null, null);
    }

    public Verification withDnsToken(String token) {
        return new Verification(
                token,
                deadline,
                linkTokenHash,
                linkSentTo,
                linkSentAt,
                verifiedAt,
                nextCheckAt,
                graceEndsAt,
                lookupFailingSince);
    }

    /** The next re-check at {@code next}, grace as given; lookups failing since {@code lookupFailing} (or null). */
    public Verification checkScheduled(Instant next, Instant grace, Instant lookupFailing) {
        return new Verification(
                dnsToken, deadline, linkTokenHash, linkSentTo, linkSentAt, verifiedAt, next, grace, lookupFailing);
    }

    /** No longer proven: only the DNS token survives, so the same record can prove it again. */
    public Verification lapsed() {
        return new Verification(dnsToken, null, null, null, null, null, null, null, null);
    }
}
