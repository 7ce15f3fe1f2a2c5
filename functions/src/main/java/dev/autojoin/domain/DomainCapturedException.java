package dev.autojoin.domain;

/**
 * A verified person at a captured domain asked to create a company: the company that owns the domain is named, which
 * leaks nothing (they are verified at the domain, and auto-join puts them in it anyway).
 */
public class DomainCapturedException extends ConflictException {
    private final String companyId;
    private final String companyName;

    public DomainCapturedException(DomainName domain, String companyId, String companyName) {
        super(
                "domain_captured",
                companyName + " owns " + domain + ": people at " + domain + " join " + companyName
                        + " instead of creating a company of their own.");
        this.companyId = companyId;
        this.companyName = companyName;
    }

    public String companyId() {
        return companyId;
    }

    public String companyName() {
        return companyName;
    }
}
