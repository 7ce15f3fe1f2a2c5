package dev.autojoin.app;

import java.util.List;

/** Looks up DNS TXT records as the configured resolver answers them. */
public interface DnsResolver {
    /**
     * The TXT records at {@code name}, each record's character-strings joined into one value; empty when the name
     * does not exist or has no TXT record.
     *
     * @throws dev.autojoin.domain.DnsLookupFailedException when no answer could be had (timeout, SERVFAIL, REFUSED)
     */
    List<String> txt(String name);
}
