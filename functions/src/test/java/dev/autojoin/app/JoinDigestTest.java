package dev.autojoin.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autojoin.domain.Company;
import dev.autojoin.domain.CompanySettings;
import dev.autojoin.domain.EmailAddress;
import dev.autojoin.domain.JoinNotice;
import dev.autojoin.domain.Notify;
import dev.autojoin.domain.OutgoingEmail;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JoinDigestTest {
    private static final Company ACME =
            new Company("c1", "Acme <b>&</b> Co", 1, CompanySettings.defaults(), Instant.EPOCH, "o");
    private static final EmailAddress ADMIN = EmailAddress.parse("admin@acme.com");

    @Test
    void whatAPersonTyped_isEscapedInTheHtml_andLinksComeFromConfiguration() {
        OutgoingEmail email = JoinDigest.render(
                ACME,
                List.of(notice(JoinNotice.Kind.JOINED, "o'neil@acme.com")),
                ADMIN,
                URI.create("https://app.test/"));

        assertThat(email.subject()).isEqualTo("1 person joined a company you manage");
        assertThat(email.html()).contains("Acme &lt;b&gt;&amp;&lt;/b&gt; Co").doesNotContain("<b>&</b>");
        assertThat(email.html()).contains("o&#39;neil@acme.com");
        assertThat(email.text()).contains("https://app.test/companies/c1/members");
    }

    @Test
    void aLongBurst_listsFiftyAndCountsTheRest() {
        List<JoinNotice> notices = new ArrayList<>();
        for (int i = 0; i < 70; i++) {
            notices.add(notice(JoinNotice.Kind.JOINED, "p" + i + "@acme.com"));
        }
        notices.add(notice(JoinNotice.Kind.REQUESTED, "asker@acme.com"));

        OutgoingEmail email = JoinDigest.render(ACME, notices, ADMIN, URI.create("https://app.test"));

        assertThat(email.subject()).isEqualTo("70 joined, 1 asked to join a company you manage");
        assertThat(email.text())
                .contains("p49@acme.com")
                .doesNotContain("p50@acme.com")
                .contains("and 20 more");
        assertThat(email.text()).contains("https://app.test/companies/c1/join-requests");
    }

    @Test
    void theNotifySetting_decidesWhichNoticesAdminsWant() {
        JoinNotice joined = notice(JoinNotice.Kind.JOINED, "a@acme.com");
        JoinNotice requested = notice(JoinNotice.Kind.REQUESTED, "b@acme.com");

        assertThat(joined.wantedBy(Notify.EVERY_JOIN)).isTrue();
        assertThat(requested.wantedBy(Notify.EVERY_JOIN)).isTrue();
        assertThat(joined.wantedBy(Notify.REQUESTS_ONLY)).isFalse();
        assertThat(requested.wantedBy(Notify.REQUESTS_ONLY)).isTrue();
        assertThat(requested.wantedBy(Notify.NONE)).isFalse();
    }

    private static JoinNotice notice(JoinNotice.Kind kind, String email) {
        return new JoinNotice("c1", kind, "u", EmailAddress.parse(email), Instant.EPOCH);
    }
}
