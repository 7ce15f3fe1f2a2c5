package dev.autojoin.domain;

/** A request body larger than any honest request needs. */
public class PayloadTooLargeException extends AutojoinException {
    public PayloadTooLargeException(int limitBytes) {
        super("payload_too_large", "The request body is larger than " + limitBytes + " bytes.", null);
    }
}
