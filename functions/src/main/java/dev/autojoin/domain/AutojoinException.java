package dev.autojoin.domain;

/** Base of every error the product raises on purpose; {@code code} is the stable word clients match on. */
public abstract class AutojoinException extends RuntimeException {
    private final String code;
    private final String field;

    protected AutojoinException(String code, String detail, String field) {
        super(detail);
        this.code = code;
        this.field = field;
    }

    public String code() {
        return code;
    }

    /** The offending input, or null when there is none. */
    public String field() {
        return field;
    }
}
