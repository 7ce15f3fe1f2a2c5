package dev.autojoin.domain;

/** An address the strict parser refused; {@code reason} says which rule it broke. */
public class InvalidEmailException extends InvalidInputException {
    public InvalidEmailException(String detail) {
        super("invalid_email", detail, "email");
    }
}
