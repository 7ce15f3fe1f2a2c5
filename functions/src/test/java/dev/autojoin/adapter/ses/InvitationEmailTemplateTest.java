package dev.autojoin.adapter.ses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autojoin.domain.Company;
import dev.autojoin.domain.CompanySettings;
import dev.autojoin.domain.EmailAddress;
import dev.autojoin.domain.Invitation;
import dev.autojoin.domain.InvitationToken;
import dev.autojoin.domain.Inviter;
import dev.autojoin.domain.OutgoingEmail;
import dev.autojoin.domain.Permission;
import dev.autojoin.domain.Role;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InvitationEmailTemplateTest {
    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
    private final InvitationToken token = InvitationToken.generate(new SecureRandom());

    @Test
    void theEmail_namesCompanyAndInviter_hasBothParts_andLinksFromConfiguration() {
        OutgoingEmail email = new InvitationEmailTemplate(URI.create("https://app.example.com/"))
                .compose(invitation("Acme", "Alice Example"), token);

        assertThat(email.to().value()).isEqualTo("bob@initech.com");
        assertThat(email.subject()).isEqualTo("You are invited to a company account");
        String link = "https://app.example.com/invites/" + token.value();
        assertThat(email.text())
                .contains(
                        "Alice Example (alice@acme.com) invited you to join the company \u201cAcme\u201d as an admin.")
                .contains(link)
                .contains("expires on 4 December 2026 at 10:00 UTC");
        assertThat(email.html()).contains("href=\"" + link + "\"").contains("the company \u201cAcme\u201d");
    }

    @Test
    void namesWithLineBreaksOrMarkup_reachNoHeaderBroken_andNoHtmlUnescaped() {
        OutgoingEmail email = new InvitationEmailTemplate(URI.create("https://app.example.com"))
                .compose(
                        invitation("<img src=x onerror=alert(1)> & \"Co\"", "Eve\r\nBcc: victim@example.com\u2028"),
                        token);

        // Neither name reaches the subject: it is the product's own words only.
        assertThat(email.subject()).isEqualTo("You are invited to a company account");
        assertThat(email.text()).doesNotContainPattern("[\\r\\u2028\\u2029]").contains("Eve Bcc: victim@example.com");
        assertThat(email.html())
                .doesNotContain("<img")
                .contains("&lt;img src=x onerror=alert(1)&gt; &amp; &quot;Co&quot;");
    }

    @Test
    void theEmailRecord_refusesALineBreakInTheSubject_whoeverBuiltIt() {
        assertThatThrownBy(() -> new OutgoingEmail(EmailAddress.parse("a@b.com"), "Hi\r\nBcc: x@y.com", "t", "h"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(OutgoingEmail.oneLine(" a\r\n\tb\u2029c\u200b ")).isEqualTo("a b c");
    }

    @Test
    void html_escapesEverythingThatCouldOpenATagOrAnAttribute() {
        assertThat(Html.escape("<a href=\"x\" onclick='y'>&</a>"))
                .isEqualTo("&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
    }

    private Invitation invitation(String companyName, String inviterName) {
        // A stored name may predate today's validation: the template must not trust it.
        Company company = new Company("c1", "Placeholder", 1, CompanySettings.defaults(), NOW, "alice-sub");
        Invitation made = Invitation.create(
                "i1",
                company,
                EmailAddress.parse("bob@initech.com"),
                Role.ADMIN,
                Set.of(Permission.PAY),
                Map.of(),
                new Inviter("alice-sub", EmailAddress.parse("alice@acme.com"), inviterName),
                NOW,
                token);
        return new Invitation(
                made.id(),
                made.companyId(),
                companyName,
                made.email(),
                made.role(),
                made.permissions(),
                made.teams(),
                made.status(),
                made.expiresAt(),
                made.inviter(),
                made.createdAt(),
                made.tokenHash(),
                null,
                null,
                null,
                made.delivery());
    }
}
