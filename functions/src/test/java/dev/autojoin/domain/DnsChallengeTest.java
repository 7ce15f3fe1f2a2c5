package dev.autojoin.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DnsChallengeTest {
    private final DnsChallenge challenge = new DnsChallenge(DomainName.parse("acme.com"), "0123abcd");

    @Test
    void theRecord_isUnderTheChallengeLabel_withThePrefixedToken() {
        assertThat(challenge.name()).isEqualTo("_autojoin-challenge.acme.com");
        assertThat(challenge.value()).isEqualTo("autojoin-verification=0123abcd");
    }

    @Test
    void anyOneMatchingRecord_proves_amongOthers() {
        assertThat(challenge.match(
                        List.of("v=spf1 -all", "autojoin-verification=other", " autojoin-verification=0123abcd ")))
                .isEqualTo(DnsChallenge.Outcome.FOUND);
    }

    @Test
    void aChallengeRecordWithAnotherToken_isAMismatch_andNoChallengeRecordIsMissing() {
        assertThat(challenge.match(List.of("autojoin-verification=0123ABCD")))
                .isEqualTo(DnsChallenge.Outcome.TOKEN_MISMATCH);
        assertThat(challenge.match(List.of("autojoin-verification=0123abcd-and-more")))
                .isEqualTo(DnsChallenge.Outcome.TOKEN_MISMATCH);
        assertThat(challenge.match(List.of("v=spf1 -all"))).isEqualTo(DnsChallenge.Outcome.RECORD_MISSING);
        assertThat(challenge.match(List.of())).isEqualTo(DnsChallenge.Outcome.RECORD_MISSING);
    }

    @Test
    void newTokens_areRandom160BitHex() {
        String one = DnsChallenge.newToken();
        assertThat(one).matches("[0-9a-f]{40}");
        assertThat(DnsChallenge.newToken()).isNotEqualTo(one);
    }
}
