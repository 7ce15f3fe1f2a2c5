package dev.autojoin.domain;

/** A store or mail service did not answer in time; the caller may retry. */
public class DependencyUnavailableException extends AutojoinException {
    public DependencyUnavailableException(String detail, Throwable cause) {
        super("service_unavailable", detail, null);
        initCause(cause);
    }
}
