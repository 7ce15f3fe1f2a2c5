package dev.autojoin.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autojoin.domain.EmailAddress;
import dev.autojoin.domain.EmailNotSentException;
import dev.autojoin.domain.MailSuppressedException;
import dev.autojoin.domain.OutgoingEmail;
import dev.autojoin.domain.Suppression;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SuppressionCheckedSenderTest {
    private final List<OutgoingEmail> sent = new ArrayList<>();
    private final OutgoingEmail email =
            new OutgoingEmail(EmailAddress.parse("ada@acme.com"), "Subject", "text", "<p>html</p>");

    @Test
    void aSuppressedAddress_isNotMailed_andSaysSo() {
        SuppressionCheckedSender sender = new SuppressionCheckedSender(sent::add, listThat(true));

        assertThatThrownBy(() -> sender.send(email)).isInstanceOf(MailSuppressedException.class);
        assertThat(sent).isEmpty();
    }

    @Test
    void anUnreadableSuppressionList_isAFailedSend_notACrash() {
        SuppressionCheckedSender sender = new SuppressionCheckedSender(sent::add, new SuppressionList() {
            @Override
            public boolean add(Suppression suppression) {
                throw new UnsupportedOperationException();
            }

            @Override
            public boolean contains(EmailAddress address) {
                throw new IllegalStateException("table unavailable");
            }
        });

        assertThatThrownBy(() -> sender.send(email)).isInstanceOf(EmailNotSentException.class);
        assertThat(sent).isEmpty();
    }

    @Test
    void anAddressNotSuppressed_isMailed() {
        new SuppressionCheckedSender(sent::add, listThat(false)).send(email);

        assertThat(sent).containsExactly(email);
    }

    private static SuppressionList listThat(boolean suppressed) {
        return new SuppressionList() {
            @Override
            public boolean add(Suppression suppression) {
                throw new UnsupportedOperationException();
            }

            @Override
            public boolean contains(EmailAddress address) {
                return suppressed;
            }
        };
    }
}
