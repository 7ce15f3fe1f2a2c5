package dev.autojoin.domain;

/** How a claim was proven: affiliation (caller's own email, or an emailed link) or DNS ownership. */
public enum VerificationMethod implements WireName {
    AFFILIATION,
    EMAIL,
    DNS;

    public static VerificationMethod parse(String raw) {
        return WireName.parse(VerificationMethod.class, raw, "method");
    }
}
