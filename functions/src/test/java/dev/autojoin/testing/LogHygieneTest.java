package dev.autojoin.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LogHygieneTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"email\":\"bob@acme.com\"}",
                "token eyJraWQiOiJhIiwiYWxnIjoiUlMyNTYifQ.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJl",
                "link https://app.example.com/invites/q3Zr9fX0cV8mKp2LwN4tYb6HjD1sA7uE5gR0iO9kTzQ"
            })
    void linesThatLeak_areFound(String line) {
        assertThat(LogHygiene.problem(line)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"email\":\"b***@acme.com\",\"requestId\":\"4f1d2c3b-1111-2222-3333-444455556666\"}",
                "{\"event\":\"signup.joined\",\"sub\":\"48928e30-79ba-4fcc-8ff4-c2f593fdba16\"}",
                "sha256 3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b",
                "EmailAddressPropertiesTest:anyForbiddenCharacterAnywhereMakesItInvalid ="
            })
    void maskedAndHarmlessLines_pass(String line) {
        assertThat(LogHygiene.problem(line)).isEmpty();
    }
}
