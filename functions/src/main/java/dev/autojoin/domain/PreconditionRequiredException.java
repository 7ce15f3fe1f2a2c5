package dev.autojoin.domain;

/** An update of a versioned resource without If-Match: the caller must say which version they change. */
public class PreconditionRequiredException extends AutojoinException {
    public PreconditionRequiredException(String code, String detail) {
        super(code, detail, null);
    }
}
