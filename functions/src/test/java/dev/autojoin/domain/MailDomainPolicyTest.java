package dev.autojoin.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autojoin.domain.MailDomainPolicy.Kind;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MailDomainPolicyTest {
    private final MailDomainPolicy bundled = MailDomainPolicy.bundled();

    @ParameterizedTest
    @CsvSource({
        "co.uk, PUBLIC_SUFFIX",
        "github.io, PUBLIC_SUFFIX",
        "blogspot.com, PUBLIC_SUFFIX",
        "gmail.com, FREE_MAIL",
        "GMAIL.COM, FREE_MAIL",
        "mail.gmail.com, FREE_MAIL",
        "outlook.com, FREE_MAIL",
        "proton.me, FREE_MAIL",
        "yahoo.co.jp, FREE_MAIL",
        "mailinator.com, DISPOSABLE",
        "eu.mailinator.com, DISPOSABLE",
        "acme.com, COMPANY",
        "eng.acme.com, COMPANY",
        "acme.co.uk, COMPANY",
        "acme.github.io, COMPANY",
        "notgmail.com, COMPANY",
        "gmail.com.evil.io, COMPANY",
        "xn--bcher-kva.de, COMPANY",
        "acme.invalidtld, NOT_REGISTRABLE",
        "acme.test, NOT_REGISTRABLE",
        "acme.local, NOT_REGISTRABLE",
        "xn--bcher-kva.example, NOT_REGISTRABLE",
        "acme.1com, NOT_REGISTRABLE",
    })
    void classifiesBundled(String domain, Kind expected) {
        assertThat(bundled.classify(DomainName.parse(domain))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
        "co.uk, public_suffix",
        "github.io, public_suffix",
        "acme.invalidtld, not_registrable",
        "gmail.com, free_email_domain",
        "outlook.com, free_email_domain",
        "mailinator.com, disposable_email_domain",
    })
    void refusesToLetACompanyClaim(String domain, String code) {
        assertThatThrownBy(() -> bundled.requireClaimable(DomainName.parse(domain)))
                .isInstanceOfSatisfying(DomainNotAllowedException.class, e -> {
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.field()).isEqualTo("domain");
                    assertThat(e.getMessage()).contains(domain);
                });
    }

    @Test
    void aBareTopLevelDomainNeverGetsThisFar() {
        // DomainName refuses single labels, so "com" is stopped before the policy is asked.
        assertThatThrownBy(() -> DomainName.parse("com")).isInstanceOf(InvalidInputException.class);
        assertThat(bundled.classify(DomainName.parse("com.au"))).isEqualTo(Kind.PUBLIC_SUFFIX);
    }

    @ParameterizedTest
    @ValueSource(strings = {"acme.com", "eng.acme.com", "acme.co.uk", "acme.github.io"})
    void letsACompanyClaimItsOwnDomain(String domain) {
        assertThatCode(() -> bundled.requireClaimable(DomainName.parse(domain))).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @CsvSource({
        "acme.com, acme.com",
        "eng.acme.com, acme.com",
        "a.b.acme.co.uk, acme.co.uk",
        "www.acme.github.io, acme.github.io",
    })
    void findsTheRegistrableDomain(String domain, String expected) {
        assertThat(bundled.registrable(DomainName.parse(domain))).isEqualTo(DomainName.parse(expected));
    }

    @Test
    void hasNoRegistrableDomainForASuffixOrAnUnknownTld() {
        assertThatThrownBy(() -> bundled.registrable(DomainName.parse("co.uk")))
                .isInstanceOfSatisfying(DomainNotAllowedException.class, e -> assertThat(e.code())
                        .isEqualTo("public_suffix"));
        assertThatThrownBy(() -> bundled.registrable(DomainName.parse("acme.invalidtld")))
                .isInstanceOfSatisfying(DomainNotAllowedException.class, e -> assertThat(e.code())
                        .isEqualTo("not_registrable"));
    }

    @Test
    void matchesListsExactlyNeverBySuffix() {
        MailDomainPolicy policy = new MailDomainPolicy(Set.of("freemail.com", "mail.hosting.com"), Set.of("temp.io"));

        assertThat(policy.classify(DomainName.parse("freemail.com"))).isEqualTo(Kind.FREE_MAIL);
        assertThat(policy.classify(DomainName.parse("x.freemail.com"))).isEqualTo(Kind.FREE_MAIL);
        assertThat(policy.classify(DomainName.parse("notfreemail.com"))).isEqualTo(Kind.COMPANY);
        assertThat(policy.classify(DomainName.parse("freemail.com.evil.io"))).isEqualTo(Kind.COMPANY);
        // A listed subdomain covers what is under it, not its parent.
        assertThat(policy.classify(DomainName.parse("mail.hosting.com"))).isEqualTo(Kind.FREE_MAIL);
        assertThat(policy.classify(DomainName.parse("eu.mail.hosting.com"))).isEqualTo(Kind.FREE_MAIL);
        assertThat(policy.classify(DomainName.parse("hosting.com"))).isEqualTo(Kind.COMPANY);
        assertThat(policy.classify(DomainName.parse("temp.io"))).isEqualTo(Kind.DISPOSABLE);
        assertThat(policy.classify(DomainName.parse("mytemp.io"))).isEqualTo(Kind.COMPANY);
    }

    @Test
    void testListsAreCaseInsensitive() {
        MailDomainPolicy policy = new MailDomainPolicy(Set.of("FreeMail.com"), Set.of());

        assertThat(policy.classify(DomainName.parse("freemail.com"))).isEqualTo(Kind.FREE_MAIL);
    }

    @Test
    void bundledListsHoldTheCommonProviders() {
        for (String provider : new String[] {
            "gmail.com",
            "googlemail.com",
            "outlook.com",
            "hotmail.com",
            "live.com",
            "yahoo.com",
            "icloud.com",
            "me.com",
            "aol.com",
            "proton.me",
            "protonmail.com",
            "gmx.com",
            "gmx.de",
            "mail.ru",
            "yandex.ru",
            "qq.com",
            "163.com",
            "zoho.com"
        }) {
            assertThat(bundled.classify(DomainName.parse(provider)))
                    .as(provider)
                    .isEqualTo(Kind.FREE_MAIL);
        }
        assertThat(MailDomainPolicy.bundledFreeMailCount()).isGreaterThan(1_000);
        assertThat(MailDomainPolicy.bundledDisposableCount()).isGreaterThan(1_000);
    }

    @Test
    void sharesOneBundledInstance() {
        assertThat(MailDomainPolicy.bundled()).isSameAs(MailDomainPolicy.bundled());
    }
}
