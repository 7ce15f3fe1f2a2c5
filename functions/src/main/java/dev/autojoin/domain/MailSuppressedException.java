package dev.autojoin.domain;

/** Not sent: the address is on our suppression list (it bounced for good, or its owner reported our mail as spam). */
public class MailSuppressedException extends EmailNotSentException {
    public static final String REASON = "suppressed";

    public MailSuppressedException() {
        super(REASON, null);
    }
}
