package dev.autojoin.domain;

/** A stale If-Match: someone else changed the resource first. */
public class PreconditionFailedException extends AutojoinException {
    public PreconditionFailedException(String code, String detail) {
        super(code, detail, null);
    }
}
