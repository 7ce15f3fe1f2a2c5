package dev.autojoin.domain;

/** The request conflicts with current state (e.g. a domain claimed by another company). */
public class ConflictException extends AutojoinException {
    public ConflictException(String code, String detail) {
        super(code, detail, null);
    }
}
