package dev.autojoin.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DomainNameTest {

    @ParameterizedTest
    @CsvSource({
        "acme.com, acme.com",
        "ACME.Com, acme.com",
        "eng.acme.com, eng.acme.com",
        "acme.co.uk, acme.co.uk",
        "a1-b2.example, a1-b2.example",
        "123.acme.com, 123.acme.com",
        "xn--bcher-kva.example, xn--bcher-kva.example",
        "XN--BCHER-KVA.EXAMPLE, xn--bcher-kva.example",
        "xn--e1afmkfd.xn--p1ai, xn--e1afmkfd.xn--p1ai",
        "xn--mnchen-3ya.de, xn--mnchen-3ya.de",
        "com.evil.io, com.evil.io",
    })
    void acceptsAndLowerCases(String raw, String expected) {
        assertThat(DomainName.parse(raw).value()).isEqualTo(expected);
        assertThat(DomainName.parse(raw).toString()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "acme.com.",
                ".acme.com",
                "acme..com",
                " acme.com",
                "acme.com ",
                "acme .com",
                "-acme.com",
                "acme-.com",
                "acme_corp.com",
                "acme.com/",
                "acme.com:443",
                "local_host",
                "bücher.example",
                "\u0430cme.com",
                "acme\u200B.com",
                "acme.com\n",
                "xn--acme.com",
                "xn--.com",
                "xn--zz-.com",
                "ab--cd.com",
                "xn--a.com",
                "XN--ACME.com",
                "fe80::1::2",
            })
    void refuses(String raw) {
        assertRefused(raw, "invalid_domain");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "127.0.0.1",
                "10.0.0.1",
                "acme.123",
                "127.1",
                "[127.0.0.1]",
                "[::1]",
                "[IPv6:::1]",
                "::1",
                "2001:db8::1",
                "2001:DB8::1",
                "::ffff:127.0.0.1",
            })
    void refusesAnIpAddress_withItsOwnCode(String raw) {
        assertRefused(raw, "ip_address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "LOCALHOST", "com", "intranet", "2130706433"})
    void refusesASingleLabel_withItsOwnCode(String raw) {
        assertRefused(raw, "single_label");
    }

    private static void assertRefused(String raw, String code) {
        assertThatThrownBy(() -> DomainName.parse(raw)).isInstanceOfSatisfying(InvalidInputException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.field()).isEqualTo("domain");
            assertThat(e.getMessage()).matches("[\\x20-\\x7e]+");
        });
    }

    @Test
    void refusesNull() {
        assertThatThrownBy(() -> DomainName.parse(null)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void constructorAcceptsOnlyCanonicalForm() {
        assertThat(new DomainName("acme.com").value()).isEqualTo("acme.com");
        assertThatThrownBy(() -> new DomainName("ACME.com")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new DomainName(null)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void limitsLengths() {
        String label63 = "a".repeat(63);
        assertThat(DomainName.parse(label63 + ".com").value()).hasSize(67);
        assertThatThrownBy(() -> DomainName.parse("a" + label63 + ".com")).isInstanceOf(InvalidInputException.class);

        String name253 = String.join(".", label63, label63, label63, "a".repeat(61));
        assertThat(name253).hasSize(253);
        assertThat(DomainName.parse(name253).value()).isEqualTo(name253);
        assertThatThrownBy(() -> DomainName.parse("a" + name253)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void listsAncestorsNearestFirstStoppingBeforeASingleLabel() {
        assertThat(DomainName.parse("a.b.eng.acme.com").ancestors())
                .containsExactly(
                        DomainName.parse("b.eng.acme.com"),
                        DomainName.parse("eng.acme.com"),
                        DomainName.parse("acme.com"));
        assertThat(DomainName.parse("eng.acme.com").ancestors()).containsExactly(DomainName.parse("acme.com"));
        assertThat(DomainName.parse("acme.com").ancestors()).isEmpty();
        // Ancestors are plain DNS parents: co.uk is listed; whether it is registrable is the policy's question.
        assertThat(DomainName.parse("acme.co.uk").ancestors()).containsExactly(DomainName.parse("co.uk"));
    }

    @ParameterizedTest
    @CsvSource({
        "eng.acme.com, acme.com, true",
        "a.b.acme.com, acme.com, true",
        "a.b.acme.com, b.acme.com, true",
        "acme.com, acme.com, false",
        "notacme.com, acme.com, false",
        "acme.com.evil.io, acme.com, false",
        "acme.com, eng.acme.com, false",
        "xacme.com, acme.com, false",
        "eng-acme.com, acme.com, false",
        "acme.com.evil.io, evil.io, true",
    })
    void isSubdomainOnlyAtADotBoundary(String child, String parent, boolean expected) {
        assertThat(DomainName.parse(child).isSubdomainOf(DomainName.parse(parent)))
                .isEqualTo(expected);
    }

    @Test
    void equalityIsOnTheCanonicalValue() {
        assertThat(DomainName.parse("Acme.COM")).isEqualTo(DomainName.parse("acme.com"));
    }
}
