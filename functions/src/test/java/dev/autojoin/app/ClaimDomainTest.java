package dev.autojoin.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autojoin.adapter.ses.DomainEmailTemplates;
import dev.autojoin.domain.Caller;
import dev.autojoin.domain.DomainAlreadyClaimedException;
import dev.autojoin.domain.DomainStatus;
import dev.autojoin.domain.EmailAddress;
import dev.autojoin.domain.GoneException;
import dev.autojoin.domain.InvalidInputException;
import dev.autojoin.domain.MailDomainPolicy;
import dev.autojoin.domain.OutgoingEmail;
import dev.autojoin.domain.RateLimitedException;
import dev.autojoin.domain.VerificationMethod;
import dev.autojoin.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClaimDomainTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));
    private final InMemoryStores stores = new InMemoryStores();
    private final List<OutgoingEmail> outbox = new ArrayList<>();
    private final ClaimDomain claims = new ClaimDomain(
            new Access(stores),
            stores,
            MailDomainPolicy.bundled(),
            new DomainEmailTemplates(),
            outbox::add,
            "https://app.example.com/",
            VerificationRules.defaults(),
            new InMemoryStores.CountingLimiter(),
            clock);
    private final ConfirmDomainVerification confirm = new ConfirmDomainVerification(stores, clock);
    private final Caller consultant = caller("c1", "cleo@consultancy.io");
    private String acme;

    @BeforeEach
    void givenACompanyRunByAConsultant() {
        acme = stores.createCompany(clock).create(consultant, "Acme").id();
    }

    @Test
    void aDnsClaim_isPending_andAskingAgainKeepsTheSameToken() {
        ClaimDomain.Claimed first =
                claims.claim(consultant, acme, "acme.com", VerificationMethod.DNS, Optional.empty());
        ClaimDomain.Claimed again =
                claims.claim(consultant, acme, "acme.com", VerificationMethod.DNS, Optional.empty());

        assertThat(first.created()).isTrue();
        assertThat(first.claim().status()).isEqualTo(DomainStatus.PENDING);
        assertThat(again.created()).isFalse();
        assertThat(again.claim().dnsChallenge()).isEqualTo(first.claim().dnsChallenge());
        assertThat(stores.find(first.claim().domain()))
                .as("a pending claim holds nothing")
                .isEmpty();
    }

    @Test
    void aVerificationEmail_mustBeAtTheDomain_andGoesWithMethodEmailOnly() {
        assertThatThrownBy(() -> claims.claim(
                        consultant, acme, "acme.com", VerificationMethod.EMAIL, Optional.of("it@elsewhere.com")))
                .isInstanceOf(InvalidInputException.class)
                .hasFieldOrPropertyWithValue("code", "verification_email_mismatch");
        assertThatThrownBy(() ->
                        claims.claim(consultant, acme, "acme.com", VerificationMethod.DNS, Optional.of("it@acme.com")))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void theEmailedLink_verifiesOnce_byAffiliationProvenByMail() {
        claims.claim(consultant, acme, "acme.com", VerificationMethod.EMAIL, Optional.of("it@acme.com"));
        String token = token(outbox.get(0));

        ShowDomainVerification.Page page = confirm.confirm(token);

        assertThat(page.status()).isEqualTo(DomainStatus.VERIFIED);
        assertThat(stores.find(page.domain())).hasValueSatisfying(c -> {
            assertThat(c.method()).isEqualTo(VerificationMethod.EMAIL);
            assertThat(c.companyId()).isEqualTo(acme);
        });
        assertThatThrownBy(() -> confirm.confirm(token))
                .isInstanceOf(GoneException.class)
                .hasFieldOrPropertyWithValue("code", "verification_used");
        assertThat(stores.audit).extracting(e -> e.action()).contains("domain.verification_sent", "domain.verified");
    }

    @Test
    void noLinkIsSent_whenAnotherCompanyHoldsTheDomain() {
        Caller insider = caller("i1", "ida@acme.com");
        String other = stores.createCompany(clock).create(insider, "Acme Inc").id();
        claims.claim(insider, other, "acme.com", VerificationMethod.EMAIL, Optional.empty());

        assertThatThrownBy(() -> claims.claim(
                        consultant, acme, "acme.com", VerificationMethod.EMAIL, Optional.of("it@acme.com")))
                .isInstanceOf(DomainAlreadyClaimedException.class);
        assertThat(outbox).isEmpty();
    }

    @Test
    void oneAddress_getsAtMostThreeVerificationEmailsADay_fromAllCompanies() {
        for (int i = 1; i <= ClaimDomain.LINKS_PER_ADDRESS_PER_DAY; i++) {
            Caller someone = caller("s" + i, "s" + i + "@consultancy" + i + ".io");
            String company =
                    stores.createCompany(clock).create(someone, "Co" + i).id();
            // Tags reach the same mailbox: it+1@, it+2@... count against it@'s allowance.
            claims.claim(
                    someone,
                    company,
                    "acme.com",
                    VerificationMethod.EMAIL,
                    Optional.of(i == 1 ? "it@acme.com" : "it+" + i + "@acme.com"));
        }

        assertThatThrownBy(() -> claims.claim(
                        consultant, acme, "acme.com", VerificationMethod.EMAIL, Optional.of("it+9@acme.com")))
                .isInstanceOfSatisfying(RateLimitedException.class, e -> assertThat(e.retryAfterSeconds())
                        .isEqualTo(Duration.ofHours(14).toSeconds()));
        assertThat(outbox).hasSize(ClaimDomain.LINKS_PER_ADDRESS_PER_DAY);
        claims.claim(consultant, acme, "acme.com", VerificationMethod.EMAIL, Optional.of("ops@acme.com"));
        assertThat(outbox).hasSize(ClaimDomain.LINKS_PER_ADDRESS_PER_DAY + 1);
    }

    private static String token(OutgoingEmail email) {
        Matcher m = Pattern.compile("https://app.example.com/domain-verifications/([A-Za-z0-9_-]{43})")
                .matcher(email.text());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private static Caller caller(String sub, String email) {
        return new Caller(sub, Optional.of(EmailAddress.parse(email)), true);
    }
}
