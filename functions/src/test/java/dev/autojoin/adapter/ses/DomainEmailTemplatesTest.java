package dev.autojoin.adapter.ses;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autojoin.domain.DnsChallenge;
import dev.autojoin.domain.DomainName;
import dev.autojoin.domain.EmailAddress;
import dev.autojoin.domain.OutgoingEmail;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DomainEmailTemplatesTest {
    private final DomainEmailTemplates templates = new DomainEmailTemplates();
    private final DomainName acme = DomainName.parse("acme.com");
    private final EmailAddress to = EmailAddress.parse("it@acme.com");
    private final String hostile = "<img src=x onerror=alert(1)> & \"Co\"";

    @Test
    void theVerificationEmail_escapesTheCompanyName_andCarriesTheLinkInBothParts() {
        OutgoingEmail email = templates.verificationLink(
                to, acme, hostile, "https://app.example.com/domain-verifications/abc_DEF-123", Instant.EPOCH);

        assertThat(email.subject()).doesNotContain(hostile);
        assertThat(email.html())
                .contains("&lt;img src=x onerror=alert(1)&gt; &amp; &quot;Co&quot;")
                .doesNotContain("<img")
                .contains("href=\"https://app.example.com/domain-verifications/abc_DEF-123\"");
        assertThat(email.text()).contains("https://app.example.com/domain-verifications/abc_DEF-123", "1 Jan 1970");
    }

    @Test
    void theRecheckEmails_showTheRecordToPublish() {
        DnsChallenge record = new DnsChallenge(acme, "feed");

        assertThat(templates
                        .recheckFailing(to, acme, hostile, record, Instant.EPOCH)
                        .text())
                .contains("_autojoin-challenge.acme.com", "autojoin-verification=feed");
        assertThat(templates.unverified(to, acme, hostile, record).html())
                .contains("<code>autojoin-verification=feed</code>")
                .doesNotContain("<img");
        assertThat(templates.displaced(to, acme, hostile).html()).doesNotContain("<img");
    }

    @Test
    void theUnansweredEmail_saysTheRecordCouldNotBeChecked_neverThatItIsMissing() {
        DnsChallenge record = new DnsChallenge(acme, "feed");

        OutgoingEmail email = templates.recheckUnanswered(
                to,
                acme,
                hostile,
                record,
                Instant.parse("2026-11-27T10:00:00Z"),
                Instant.parse("2026-11-30T10:00:00Z"));

        assertThat(email.subject()).isEqualTo("Action needed: the DNS record for acme.com could not be checked");
        assertThat(email.text())
                .contains("27 Nov 2026, 10:00 UTC", "30 Nov 2026, 10:00 UTC", "autojoin-verification=feed")
                .doesNotContain("missing");
        assertThat(email.html()).doesNotContain("<img").doesNotContain("missing");
    }
}
