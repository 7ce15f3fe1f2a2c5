package dev.autojoin.domain;

/** Signed in, a member, but not allowed to do this. */
public class ForbiddenException extends AutojoinException {
    public ForbiddenException(String code, String detail) {
        super(code, detail, null);
    }
}
