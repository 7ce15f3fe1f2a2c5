package dev.autojoin.domain;

/** Bad input from the caller: nothing was changed. */
public class InvalidInputException extends AutojoinException {
    public InvalidInputException(String code, String detail, String field) {
        super(code, detail, field);
    }
}
