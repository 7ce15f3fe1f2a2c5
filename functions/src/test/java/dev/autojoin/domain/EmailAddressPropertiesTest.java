package dev.autojoin.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

class EmailAddressPropertiesTest {
    private static final String ALPHA_DIGIT = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final String ATEXT = ALPHA_DIGIT + "!#$%&'*+-/=?^_`{|}~";
    private static final String FORBIDDEN_PRINTABLE = " \"(),:;<>[\\]";

    @Property
    void dotAtomAtValidDomainParsesAndRoundTrips(@ForAll("validAddresses") String raw) {
        EmailAddress email = EmailAddress.parse(raw);

        assertThat(EmailAddress.parse(email.value())).isEqualTo(email);
        assertThat(email.localPart()).isEqualTo(raw.substring(0, raw.indexOf('@')));
    }

    @Property
    void anyForbiddenCharacterAnywhereMakesItInvalid(
            @ForAll("validAddresses") String raw,
            @ForAll("forbiddenCharacters") char forbidden,
            @ForAll @IntRange(min = 0, max = 400) int position) {
        int at = position % (raw.length() + 1);
        String tampered = raw.substring(0, at) + forbidden + raw.substring(at);

        assertThatThrownBy(() -> EmailAddress.parse(tampered)).isInstanceOf(InvalidEmailException.class);
    }

    @Property(tries = 2000)
    void arbitraryStringsParseOrFailOnlyAsInvalidEmail(@ForAll String raw) {
        parseOrRefuse(raw);
    }

    @Property(tries = 2000)
    void nearMissesParseOrFailOnlyAsInvalidEmail(
            @ForAll
                    @Chars({'a', 'B', '0', '.', '@', '-', 'x', 'n', '[', ']', '"', '\\', ' ', '\u0430'})
                    @StringLength(max = 30)
                    String raw) {
        parseOrRefuse(raw);
    }

    @Property
    void canonicalIsIdempotent(@ForAll("validAddresses") String raw) {
        String canonical = EmailAddress.parse(raw).canonical();

        assertThat(EmailAddress.parse(canonical).canonical()).isEqualTo(canonical);
    }

    @Property
    void logFormNeverShowsMoreThanTheFirstCharacter(@ForAll("validAddresses") String raw) {
        EmailAddress email = EmailAddress.parse(raw);

        assertThat(email.toString())
                .isEqualTo(email.localPart().charAt(0) + "***@" + email.domain().value());
    }

    @Provide
    Arbitrary<String> validAddresses() {
        return Combinators.combine(localParts(), domains()).as((local, domain) -> local + "@" + domain);
    }

    @Provide
    Arbitrary<Character> forbiddenCharacters() {
        Arbitrary<Character> unprintable = Arbitraries.chars().filter(c -> c < 0x20 || c > 0x7e);
        return Arbitraries.oneOf(
                unprintable,
                Arbitraries.of(
                        FORBIDDEN_PRINTABLE.chars().mapToObj(c -> (char) c).toArray(Character[]::new)));
    }

    private static Arbitrary<String> localParts() {
        Arbitrary<String> atom = Arbitraries.strings()
                .withChars(ATEXT.toCharArray())
                .ofMinLength(1)
                .ofMaxLength(12);
        return atom.list()
                .ofMinSize(1)
                .ofMaxSize(8)
                .map(atoms -> String.join(".", atoms))
                .filter(local -> local.length() <= 64);
    }

    private static Arbitrary<String> domains() {
        Arbitrary<String> alnum = Arbitraries.strings()
                .withChars(ALPHA_DIGIT.toCharArray())
                .ofMinLength(1)
                .ofMaxLength(10);
        Arbitrary<String> hyphenated = Combinators.combine(alnum, alnum).as((left, right) -> left + "-" + right);
        Arbitrary<String> label = Arbitraries.oneOf(alnum, hyphenated);
        Arbitrary<String> topLevel =
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(2).ofMaxLength(6);
        return Combinators.combine(label.list().ofMinSize(1).ofMaxSize(4), topLevel)
                .as((labels, tld) -> String.join(".", labels) + "." + tld);
    }

    private static void parseOrRefuse(String raw) {
        try {
            EmailAddress email = EmailAddress.parse(raw);
            assertThat(email.value()).hasSizeLessThanOrEqualTo(254);
        } catch (InvalidEmailException expected) {
            assertThat(expected.getMessage()).matches("[\\x20-\\x7e]+");
        }
    }
}
