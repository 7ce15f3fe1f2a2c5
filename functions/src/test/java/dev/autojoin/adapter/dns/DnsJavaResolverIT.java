package dev.autojoin.adapter.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autojoin.domain.DnsLookupFailedException;
import dev.autojoin.testing.DnsServer;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The resolver against a real DNS server (dnsmasq on a free local port). */
class DnsJavaResolverIT {
    private static DnsServer dns;
    private static DnsJavaResolver resolver;

    @BeforeAll
    static void startDns() {
        dns = DnsServer.start();
        resolver = DnsJavaResolver.of(Optional.of(dns.address()), Duration.ofSeconds(2));
    }

    @AfterAll
    static void stopDns() {
        dns.close();
    }

    @Test
    void txt_answersEveryRecordAtTheName() {
        dns.publish("_autojoin-challenge.several.test", List.of("v=spf1 -all", "autojoin-verification=abc"));

        assertThat(resolver.txt("_autojoin-challenge.several.test"))
                .containsExactlyInAnyOrder("v=spf1 -all", "autojoin-verification=abc");
    }

    @Test
    void txt_joinsTheCharacterStringsOfOneRecord() {
        dns.publishRecords("split.test", List.of(List.of("autojoin-verif", "ication=xyz")));

        assertThat(resolver.txt("split.test")).containsExactly("autojoin-verification=xyz");
    }

    @Test
    void txt_isEmpty_forANameThatDoesNotExist() {
        assertThat(resolver.txt("_autojoin-challenge.nothing-here.test")).isEmpty();
    }

    @Test
    void txt_retriesOverTcp_whenTheUdpAnswerIsTruncated() {
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            many.add(i + "-" + "x".repeat(200));
        }
        // 40 records of ~200 bytes: far beyond any UDP payload size, so only TCP carries the whole answer.
        dns.publish("big.test", many);

        assertThat(resolver.txt("big.test")).hasSize(40).containsAll(many);
    }

    @Test
    void txt_isCaseInsensitiveAboutTheName_andAcceptsATrailingDot() {
        dns.publish("case.test", List.of("hello"));

        assertThat(resolver.txt("CASE.test.")).containsExactly("hello");
    }

    @Test
    void txt_fails_whenNoServerAnswers() throws Exception {
        int silentPort;
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            silentPort = socket.getLocalPort();
        }
        DnsJavaResolver nobody = DnsJavaResolver.of(Optional.of("127.0.0.1:" + silentPort), Duration.ofMillis(300));

        assertThatThrownBy(() -> nobody.txt("anything.test")).isInstanceOf(DnsLookupFailedException.class);
    }
}
