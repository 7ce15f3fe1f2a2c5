package dev.autojoin.app;

import dev.autojoin.domain.OutgoingEmail;

public interface EmailSender {
    /** Sends one email; throws EmailNotSentException when the mail service refuses or fails. */
    void send(OutgoingEmail email);
}
