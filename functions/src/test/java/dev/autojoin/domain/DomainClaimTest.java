package dev.autojoin.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DomainClaimTest {
    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    private final DomainClaim pendingDns = DomainClaim.pending(
            DomainName.parse("acme.com"),
            "c1",
            "Acme",
            VerificationMethod.DNS,
            T0,
            "u1",
            Verification.dnsPending("tok", T0.plus(Duration.ofDays(7))));

    @Test
    void aPendingProof_hasFailed_onceItsDeadlinePassed() {
        assertThat(pendingDns.asOf(T0.plus(Duration.ofDays(7)).minusSeconds(1)).status())
                .isEqualTo(DomainStatus.PENDING);
        assertThat(pendingDns.asOf(T0.plus(Duration.ofDays(7))).status()).isEqualTo(DomainStatus.FAILED);
    }

    @Test
    void aDnsProof_isScheduledForItsRecheck_andKeepsItsToken() {
        DomainClaim verified = pendingDns.provenBy(VerificationMethod.DNS, T0, T0.plus(Duration.ofDays(1)));

        assertThat(verified.verified()).isTrue();
        assertThat(verified.version()).isEqualTo(pendingDns.version() + 1);
        assertThat(verified.verification().nextCheckAt()).isEqualTo(T0.plus(Duration.ofDays(1)));
        assertThat(verified.verification().deadline()).isNull();
        assertThat(verified.dnsChallenge()).map(DnsChallenge::token).contains("tok");
    }

    @Test
    void graceStartsAtTheFirstFailingRecheck_andAPassingOneClearsIt() {
        DomainClaim verified = pendingDns.provenBy(VerificationMethod.DNS, T0, T0);
        Instant firstGrace = T0.plus(Duration.ofHours(72));

        DomainClaim failing = verified.recheckFailed(firstGrace, T0.plus(Duration.ofHours(6)), null)
                .recheckFailed(firstGrace.plus(Duration.ofHours(6)), T0.plus(Duration.ofHours(12)), null);

        assertThat(failing.verification().graceEndsAt()).isEqualTo(firstGrace);
        assertThat(failing.recheckPassed(T0.plus(Duration.ofDays(1)))
                        .verification()
                        .graceEndsAt())
                .isNull();
    }

    @Test
    void aLookupWithNoAnswer_startsNoGrace_keepsARunningOne_andAnyAnswerForgetsIt() {
        DomainClaim verified = pendingDns.provenBy(VerificationMethod.DNS, T0, T0);
        Instant retry = T0.plus(Duration.ofMinutes(50));

        DomainClaim unanswered = verified.lookupFailed(T0, retry);

        assertThat(unanswered.verification().graceEndsAt()).isNull();
        assertThat(unanswered.verification().lookupFailingSince()).isEqualTo(T0);
        assertThat(unanswered.verification().nextCheckAt()).isEqualTo(retry);
        assertThat(unanswered.verified()).isTrue();
        Instant grace = T0.plus(Duration.ofHours(72));
        assertThat(verified.recheckFailed(grace, retry, null)
                        .lookupFailed(T0, retry)
                        .verification()
                        .graceEndsAt())
                .isEqualTo(grace);
        assertThat(unanswered.recheckFailed(grace, retry, null).verification().lookupFailingSince())
                .as("the resolver answered: the record is missing")
                .isNull();
        assertThat(unanswered.recheckPassed(retry).verification().lookupFailingSince())
                .isNull();
    }

    @Test
    void aLapsedClaim_isUnverified_enrollsNoOne_andCanBeProvenAgainWithTheSameToken() {
        DomainClaim lapsed = pendingDns
                .provenBy(VerificationMethod.DNS, T0, T0)
                .configured(Enrollment.AUTO_JOIN, true, Role.MEMBER, Set.of(), java.util.Map.of(), false)
                .lapsed();

        assertThat(lapsed.status()).isEqualTo(DomainStatus.UNVERIFIED);
        assertThat(lapsed.enrollment()).isEqualTo(Enrollment.OFF);
        assertThat(lapsed.includeSubdomains()).isTrue();
        assertThat(lapsed.dnsChallenge()).map(DnsChallenge::token).contains("tok");
        assertThat(lapsed.verification().nextCheckAt()).isNull();
    }

    @Test
    void onlyAVerifiedClaim_mayEnrollAnyone() {
        assertThatThrownBy(() -> pendingDns.configured(
                        Enrollment.SUGGEST, false, Role.MEMBER, Set.of(), java.util.Map.of(), false))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
