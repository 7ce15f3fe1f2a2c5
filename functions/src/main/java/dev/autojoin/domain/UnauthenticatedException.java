package dev.autojoin.domain;

/** No usable identity on a call that needs one. */
public class UnauthenticatedException extends AutojoinException {
    public UnauthenticatedException(String code, String detail) {
        super(code, detail, null);
    }
}
