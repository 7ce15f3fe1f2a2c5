package dev.autojoin.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class EmailAddressTest {
    private static final String ATEXT_SPECIALS = "!#$%&'*+-/=?^_`{|}~";

    /** Rows of (readable label, input, valid?, canonical form when valid). */
    static Stream<Arguments> addresses() {
        List<Arguments> rows = new ArrayList<>();
        // Ordinary addresses.
        rows.add(valid("bob@acme.com", "bob@acme.com"));
        rows.add(valid("b@acme.com", "b@acme.com"));
        rows.add(valid("bob.smith@acme.com", "bob.smith@acme.com"));
        rows.add(valid("x.y.z@acme.com", "x.y.z@acme.com"));
        rows.add(valid("bob+tag@acme.com", "bob+tag@acme.com"));
        rows.add(valid("bob+tag+more@acme.com", "bob+tag+more@acme.com"));
        rows.add(valid("bob_smith@acme.com", "bob_smith@acme.com"));
        rows.add(valid("bob-smith@acme.com", "bob-smith@acme.com"));
        rows.add(valid("1234@acme.com", "1234@acme.com"));
        rows.add(valid("bob@eng.acme.com", "bob@eng.acme.com"));
        rows.add(valid("bob@a-b.eng.acme.com", "bob@a-b.eng.acme.com"));
        rows.add(valid("bob@acme.co.uk", "bob@acme.co.uk"));
        rows.add(valid("bob@acme-corp.com", "bob@acme-corp.com"));
        rows.add(valid("bob@a1.io", "bob@a1.io"));
        rows.add(valid("bob@123.acme.com", "bob@123.acme.com"));
        // Syntax only: whether .invalidtld is registrable is MailDomainPolicy's question.
        rows.add(valid("bob@acme.invalidtld", "bob@acme.invalidtld"));
        // Case: the domain is lower-cased, the local part only in canonical().
        rows.add(valid("Bob@acme.com", "bob@acme.com"));
        rows.add(valid("BOB@ACME.COM", "bob@acme.com"));
        rows.add(valid("Bob.Smith@Eng.Acme.Com", "bob.smith@eng.acme.com"));
        // Every atext special, together and one at a time.
        rows.add(valid(ATEXT_SPECIALS + "@acme.com", ATEXT_SPECIALS + "@acme.com"));
        for (char special : ATEXT_SPECIALS.toCharArray()) {
            rows.add(valid("a" + special + "b@acme.com", "a" + special + "b@acme.com"));
        }
        // Suffix tricks: valid, but the domain is the whole right-hand side.
        rows.add(valid("bob@acme.com.evil.io", "bob@acme.com.evil.io"));
        rows.add(invalid("bob@acme.com."));
        rows.add(invalid("bob@acme.com@evil.io"));
        // Internationalized domains: valid A-labels only.
        rows.add(valid("bob@xn--bcher-kva.example", "bob@xn--bcher-kva.example"));
        rows.add(valid("bob@XN--BCHER-KVA.example", "bob@xn--bcher-kva.example"));
        rows.add(invalid("bob@xn--acme.com"));
        // Valid IDNA2003, not IDNA2008: "≠.com" and "i❤.com" decode to symbols, not letters.
        rows.add(invalid("bob@xn--1ch.com"));
        // 33 labels: more ancestors than one BatchGetItem may carry keys for at sign-up.
        rows.add(invalid("bob@" + "a.".repeat(32) + "com"));
        rows.add(valid("bob@" + "a.".repeat(31) + "com", "bob@" + "a.".repeat(31) + "com"));
        rows.add(invalid("bob@xn--i-7iq.com"));
        rows.add(invalid("bob@xn--.com"));
        rows.add(invalid("bob@ab--cd.com"));
        rows.add(invalid("bob@bücher.example"));
        // Lookalikes and invisible characters.
        rows.add(invalid("bob@\u0430cme.com"));
        rows.add(invalid("bob\uFF20acme.com"));
        rows.add(invalid("bob@acme\u200B.com"));
        rows.add(invalid("bob\u200B@acme.com"));
        rows.add(invalid("\u202Ebob@acme.com"));
        rows.add(invalid("bob@acme.com\u202E"));
        rows.add(invalid("bob@\u212Acme.com"));
        rows.add(invalid("b\u00F6b@acme.com"));
        rows.add(invalid("bob@acme.com\u00A0"));
        // Header injection and control characters.
        rows.add(invalid("bob@acme.com\r\nBcc: x@y.com"));
        rows.add(invalid("bob@acme.com\n"));
        rows.add(invalid("bob@acme.com\r"));
        rows.add(invalid("bob@acme.com%0a"));
        rows.add(invalid("bob\u0000@acme.com"));
        rows.add(invalid("bob@acme.com\u0000"));
        rows.add(invalid("bob@acme.com\u007F"));
        rows.add(invalid("bob@acme.com\u001B[31m"));
        // Display names, quoting, comments, literals and lists.
        rows.add(invalid("bob@acme.com>"));
        rows.add(invalid("<bob@acme.com>"));
        rows.add(invalid("Bob <bob@acme.com>"));
        rows.add(invalid("\"bob\"@acme.com"));
        rows.add(invalid("\"bob smith\"@acme.com"));
        rows.add(invalid("bob(comment)@acme.com"));
        rows.add(invalid("bob@acme.com(comment)"));
        rows.add(invalid("bob\\@acme.com"));
        rows.add(invalid("bob,smith@acme.com"));
        rows.add(invalid("bob;x@acme.com"));
        rows.add(invalid("bob:x@acme.com"));
        rows.add(invalid("bob[x]@acme.com"));
        rows.add(invalid("mailto:bob@acme.com"));
        rows.add(invalid("bob@acme.com,eve@evil.io"));
        rows.add(invalid("bob@acme.com;eve@evil.io"));
        rows.add(invalid("bob@acme.com:25"));
        rows.add(invalid("bob@acme.com/path"));
        rows.add(invalid("bob@[127.0.0.1]"));
        rows.add(invalid("bob@[IPv6:::1]"));
        rows.add(invalid("bob@127.0.0.1"));
        rows.add(invalid("bob@localhost"));
        rows.add(invalid("bob@acme"));
        rows.add(invalid("bob@acme_corp.com"));
        rows.add(invalid("bob@-acme.com"));
        rows.add(invalid("bob@acme-.com"));
        // Structure.
        rows.add(invalid(""));
        rows.add(invalid("@"));
        rows.add(invalid("bobacme.com"));
        rows.add(invalid("bob@acme@acme.com"));
        rows.add(invalid("@acme.com"));
        rows.add(invalid("bob@"));
        rows.add(invalid(".bob@acme.com"));
        rows.add(invalid("bob.@acme.com"));
        rows.add(invalid("bob..smith@acme.com"));
        rows.add(invalid("bob@.acme.com"));
        rows.add(invalid("bob@acme..com"));
        // Whitespace is refused, never trimmed.
        rows.add(invalid(" bob@acme.com"));
        rows.add(invalid("bob@acme.com "));
        rows.add(invalid("bob smith@acme.com"));
        rows.add(invalid("bob@acme .com"));
        rows.add(invalid("bob\t@acme.com"));
        rows.add(invalid("\tbob@acme.com"));
        // Lengths.
        rows.add(valid("a".repeat(64) + "@acme.com", "a".repeat(64) + "@acme.com"));
        rows.add(invalid("a".repeat(65) + "@acme.com"));
        rows.add(valid(ofLength(254), ofLength(254)));
        rows.add(invalid(ofLength(255)));
        rows.add(valid("bob@" + "a".repeat(63) + ".com", "bob@" + "a".repeat(63) + ".com"));
        rows.add(invalid("bob@" + "a".repeat(64) + ".com"));
        return rows.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("addresses")
    void parsesOnlyStrictAddresses(String label, String input, boolean expectedValid, String expectedCanonical) {
        if (expectedValid) {
            EmailAddress email = EmailAddress.parse(input);
            assertThat(email.canonical()).isEqualTo(expectedCanonical);
            int at = input.indexOf('@');
            assertThat(email.value())
                    .isEqualTo(input.substring(0, at) + "@"
                            + input.substring(at + 1).toLowerCase(Locale.ROOT));
        } else {
            assertThatThrownBy(() -> EmailAddress.parse(input))
                    .isInstanceOf(InvalidEmailException.class)
                    .satisfies(e -> assertThat(e.getMessage()).matches("[\\x20-\\x7e]+"));
        }
    }

    @Test
    void hasAtLeastSeventyRows() {
        assertThat(addresses().count()).isGreaterThanOrEqualTo(70);
    }

    @Test
    void refusalIsInvalidEmailOnTheEmailField() {
        assertThatThrownBy(() -> EmailAddress.parse("bob@localhost"))
                .isInstanceOfSatisfying(InvalidEmailException.class, e -> {
                    assertThat(e.code()).isEqualTo("invalid_email");
                    assertThat(e.field()).isEqualTo("email");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"bob@localhost", "bob@127.0.0.1", "bob@[127.0.0.1]", "bob@::1", "bob@2001:db8::1"})
    void anIpOrSingleLabelDomain_staysInvalidEmail_onTheEmailField(String raw) {
        assertThatThrownBy(() -> EmailAddress.parse(raw)).isInstanceOfSatisfying(InvalidEmailException.class, e -> {
            assertThat(e.code()).isEqualTo("invalid_email");
            assertThat(e.field()).isEqualTo("email");
        });
    }

    @Test
    void nullIsInvalid() {
        assertThatThrownBy(() -> EmailAddress.parse(null)).isInstanceOf(InvalidEmailException.class);
    }

    @Test
    void refusalNeverEchoesTheInjectedHeader() {
        assertThatThrownBy(() -> EmailAddress.parse("bob@acme.com\r\nBcc: x@y.com"))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Bcc").doesNotContain("\n"));
    }

    @Test
    void keepsLocalPartCaseButMatchesOnLowerCase() {
        EmailAddress email = EmailAddress.parse("Bob.Smith@ACME.com");

        assertThat(email.localPart()).isEqualTo("Bob.Smith");
        assertThat(email.value()).isEqualTo("Bob.Smith@acme.com");
        assertThat(email.canonical()).isEqualTo("bob.smith@acme.com");
        assertThat(email).isNotEqualTo(EmailAddress.parse("bob.smith@acme.com"));
    }

    @Test
    void domainIsTheWholeRightHandSide() {
        EmailAddress email = EmailAddress.parse("bob@acme.com.evil.io");

        assertThat(email.domain()).isEqualTo(DomainName.parse("acme.com.evil.io"));
        assertThat(email.domain().isSubdomainOf(DomainName.parse("evil.io"))).isTrue();
        assertThat(email.domain().isSubdomainOf(DomainName.parse("acme.com"))).isFalse();
    }

    @Test
    void masksForLogs() {
        EmailAddress email = EmailAddress.parse("Bob@acme.com");

        assertThat(email.masked()).isEqualTo("B***@acme.com");
        assertThat(email.toString()).isEqualTo("B***@acme.com").doesNotContain("Bob");
        assertThat(EmailAddress.parse("b@acme.com").masked()).isEqualTo("b***@acme.com");
    }

    @Test
    void constructorValidatesToo() {
        DomainName acme = DomainName.parse("acme.com");

        assertThat(new EmailAddress("bob", acme).value()).isEqualTo("bob@acme.com");
        assertThatThrownBy(() -> new EmailAddress("bob smith", acme)).isInstanceOf(InvalidEmailException.class);
        assertThatThrownBy(() -> new EmailAddress("", acme)).isInstanceOf(InvalidEmailException.class);
        assertThatThrownBy(() -> new EmailAddress(null, acme)).isInstanceOf(InvalidEmailException.class);
        assertThatThrownBy(() -> new EmailAddress("bob", null)).isInstanceOf(NullPointerException.class);
    }

    private static Arguments valid(String input, String canonical) {
        return Arguments.of(readable(input) + " -> valid", input, true, canonical);
    }

    private static Arguments invalid(String input) {
        return Arguments.of(readable(input) + " -> invalid", input, false, null);
    }

    /** An address of exactly {@code length} characters: 64-char local part, domain of 63-char labels. */
    private static String ofLength(int length) {
        String local = "l".repeat(64);
        int domainLength = length - local.length() - 1;
        StringBuilder domain = new StringBuilder();
        while (domainLength - domain.length() > 63 + 1 + 4) {
            domain.append("d".repeat(63)).append('.');
        }
        int lastLabel = domainLength - domain.length() - 4;
        domain.append("e".repeat(lastLabel)).append(".com");
        String address = local + "@" + domain;
        assertThat(address).hasSize(length);
        return address;
    }

    private static String readable(String input) {
        StringBuilder out = new StringBuilder();
        for (char c : input.toCharArray()) {
            out.append(c >= 0x20 && c <= 0x7e ? String.valueOf(c) : String.format("\\u%04X", (int) c));
        }
        return out.length() > 60 ? out.substring(0, 40) + "...(" + input.length() + " chars)" : out.toString();
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0} -> {1}")
    @org.junit.jupiter.params.provider.CsvSource({
        "bob@acme.com, bob@acme.com",
        "Bob+back@acme.com, bob@acme.com",
        "bob+a+b@acme.com, bob@acme.com",
        "bob+@acme.com, bob@acme.com",
        "b.o.b+x@acme.com, b.o.b@acme.com",
        "+tag@acme.com, +tag@acme.com"
    })
    void mailbox_isTheCanonicalAddressWithoutItsTag_dotsKept(String address, String mailbox) {
        assertThat(EmailAddress.parse(address).mailbox()).isEqualTo(mailbox);
    }
}
