package dev.autojoin.domain;

/**
 * A syntactically valid domain that can never belong to one company: codes {@code public_suffix},
 * {@code not_registrable}, {@code free_email_domain}, {@code disposable_email_domain}.
 */
public class DomainNotAllowedException extends InvalidInputException {
    public DomainNotAllowedException(String code, String detail) {
        super(code, detail, "domain");
    }
}
