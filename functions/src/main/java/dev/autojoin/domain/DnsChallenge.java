package dev.autojoin.domain;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/** The TXT record that proves a company owns a domain: {@code _autojoin-challenge.<domain> "autojoin-verification=<token>"}. */
public record DnsChallenge(DomainName domain, String token) {
    public static final String LABEL = "_autojoin-challenge";
    public static final String PREFIX = "autojoin-verification=";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What a lookup of the challenge record found. */
    public enum Outcome implements WireName {
        /** A TXT record holds this company's token. */
        FOUND,
        /** Challenge records exist, but none holds this company's token (a typo, or another company's). */
        TOKEN_MISMATCH,
        /** No challenge record at the name. */
        RECORD_MISSING,
        /** The resolver gave no answer either way. */
        LOOKUP_FAILED
    }

    public DnsChallenge {
        Objects.requireNonNull(domain, "domain");
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("a challenge needs a token");
        }
    }

    /** 160 random bits, hex: per company and domain, unguessable, and easy to copy into a DNS console. */
    public static String newToken() {
        byte[] bytes = new byte[20];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    public String name() {
        return LABEL + "." + domain.value();
    }

    public String value() {
        return PREFIX + token;
    }

    /** Any one matching record proves it; surrounding blanks are forgiven, case is not (the token is random). */
    public Outcome match(List<String> txtValues) {
        if (txtValues.stream().map(String::strip).anyMatch(value()::equals)) {
            return Outcome.FOUND;
        }
        return txtValues.stream().map(String::strip).anyMatch(v -> v.startsWith(PREFIX))
                ? Outcome.TOKEN_MISMATCH
                : Outcome.RECORD_MISSING;
    }
}
