package dev.autojoin.app;

import java.time.Duration;

/**
 * How long proofs may take and how they are kept true.
 *
 * @param dnsWindow a DNS claim still pending after this has {@code failed}
 * @param linkExpiry an emailed verification link works this long
 * @param linkResendAfter a new link for the same claim is sent at most this often
 * @param dailyLinks verification emails one company may send per UTC day
 * @param recheckInterval a DNS-verified domain is looked at again this long after a passing check
 * @param recheckDuringGrace while a re-check is failing, it is retried this often (and once more when grace ends)
 * @param grace how long a failing re-check is forgiven before the domain becomes unverified
 * @param recheckBatch at most this many domains are re-checked by one scheduled run
 */
public record VerificationRules(
        Duration dnsWindow,
        Duration linkExpiry,
        Duration linkResendAfter,
        int dailyLinks,
        Duration recheckInterval,
        Duration recheckDuringGrace,
        Duration grace,
        int recheckBatch) {
    public static VerificationRules defaults() {
        return new VerificationRules(
                Duration.ofDays(7),
                Duration.ofHours(24),
                Duration.ofMinutes(1),
                20,
                Duration.ofHours(24),
                Duration.ofHours(6),
                Duration.ofHours(72),
                100);
    }

    public VerificationRules withRecheck(Duration interval, Duration grace, int batch) {
        return new VerificationRules(
                dnsWindow, linkExpiry, linkResendAfter, dailyLinks, interval, recheckDuringGrace, grace, batch);
    }
}
