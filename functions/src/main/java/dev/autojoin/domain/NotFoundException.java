package dev.autojoin.domain;

/** A company, member or resource the caller cannot see; also used for companies the caller is not in. */
public class NotFoundException extends AutojoinException {
    public NotFoundException(String code, String detail) {
        super(code, detail, null);
    }
}
