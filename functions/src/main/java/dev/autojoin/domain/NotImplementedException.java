package dev.autojoin.domain;

/** A capability that this release does not build yet. */
public class NotImplementedException extends AutojoinException {
    public NotImplementedException(String code, String detail) {
        super(code, detail, null);
    }
}
