package dev.autojoin.handler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autojoin.adapter.ses.InvitationEmailTemplate;
import dev.autojoin.domain.InvitationToken;
import dev.autojoin.domain.LinkToken;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/**
 * Every link we build puts a token after {@code APP_BASE_URL} (configuration, never the request): the token is
 * base64url, so it needs no escaping in a path, a query or a fragment, and the link means what it says.
 */
class TokenLinksTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final URI BASE = URI.create("https://app.example.com/");

    private static final int TOKENS = 1000;

    @Test
    void invitationLinks_carryTheTokenUnescaped_inThePathOfThePage_andTheFragmentOfTheApp() {
        for (int i = 0; i < TOKENS; i++) {
            InvitationToken token = InvitationToken.generate(RANDOM);

            URI page = URI.create(new InvitationEmailTemplate(BASE).link(token));
            URI app = URI.create(new InvitePage(BASE).acceptLink(token.value()));

            assertThat(urlSafe(token.value())).as(token.value()).isTrue();
            assertThat(page.getHost()).isEqualTo("app.example.com");
            assertThat(page.getRawPath()).isEqualTo("/invites/" + token.value());
            assertThat(app.getHost()).isEqualTo("app.example.com");
            assertThat(app.getRawFragment()).isEqualTo("/accept-invite?token=" + token.value());
        }
    }

    @Test
    void verificationLinkTokens_needNoEscaping() {
        for (int i = 0; i < TOKENS; i++) {
            LinkToken token = LinkToken.random();

            URI link = URI.create(BASE + "domain-verifications/" + token.value());

            assertThat(urlSafe(token.value())).as(token.value()).isTrue();
            assertThat(link.getRawPath()).isEqualTo("/domain-verifications/" + token.value());
        }
    }

    /** 256 bits in base64url without padding, and unchanged by URL encoding. */
    private static boolean urlSafe(String token) {
        return token.matches("[A-Za-z0-9_-]{43}")
                && URLEncoder.encode(token, StandardCharsets.UTF_8).equals(token);
    }
}
