package dev.autojoin.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class InvitationTokenTest {
    private final SecureRandom random = new SecureRandom();

    @Test
    void aToken_is256RandomBits_inBase64urlWithoutPadding_storedOnlyAsItsSha256() throws Exception {
        InvitationToken token = InvitationToken.generate(random);

        assertThat(token.value()).matches("[A-Za-z0-9_-]{43}");
        assertThat(Base64.getUrlDecoder().decode(token.value())).hasSize(32);
        byte[] digest =
                MessageDigest.getInstance("SHA-256").digest(token.value().getBytes(StandardCharsets.US_ASCII));
        assertThat(token.hash()).isEqualTo(HexFormat.of().formatHex(digest));
        assertThat(InvitationToken.hashOf(token.value())).contains(token.hash());
    }

    @Test
    void aToken_neverShowsItselfInToString() {
        InvitationToken token = InvitationToken.generate(random);

        assertThat(token.toString()).doesNotContain(token.value()).doesNotContain(token.hash());
    }

    @Test
    void tokens_doNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertThat(seen.add(InvitationToken.generate(random).value())).isTrue();
        }
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(
            strings = {
                "",
                "short",
                "q3Jx0bX2m9V1cR7tZ4kP8wY6nL5hG0sD2fA9eU1iO3",
                "q3Jx0bX2m9V1cR7tZ4kP8wY6nL5hG0sD2fA9eU1iO3MM",
                "q3Jx0bX2m9V1cR7tZ4kP8wY6nL5hG0sD2fA9eU1iO3=",
                "q3Jx0bX2m9V1cR7tZ4kP8wY6nL5hG0sD2fA9eU1i/3M",
                "q3Jx0bX2m9V1cR7tZ4kP8wY6nL5hG0sD2fA9eU1i%3M"
            })
    void anythingButAWellFormedToken_isNotEvenLookedUp(String raw) {
        assertThat(InvitationToken.hashOf(raw)).isEmpty();
    }
}
