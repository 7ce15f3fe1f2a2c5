package dev.autojoin.domain;

/** A link or resource that existed but expired or was revoked. */
public class GoneException extends AutojoinException {
    public GoneException(String code, String detail) {
        super(code, detail, null);
    }
}
