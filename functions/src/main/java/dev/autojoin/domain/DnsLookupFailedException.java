package dev.autojoin.domain;

/** The resolver gave no usable answer (timeout, SERVFAIL, REFUSED): neither a yes nor a no about a record. */
public class DnsLookupFailedException extends DependencyUnavailableException {
    public DnsLookupFailedException(String name, Throwable cause) {
        super("DNS lookup of " + name + " failed; try again shortly.", cause);
    }
}
