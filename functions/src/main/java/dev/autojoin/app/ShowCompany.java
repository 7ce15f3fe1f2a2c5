package dev.autojoin.app;

import dev.autojoin.domain.Caller;
import dev.autojoin.domain.Company;
import dev.autojoin.domain.NotFoundException;

public final class ShowCompany {
    private final Access access;
    private final CompanyStore companies;

    public ShowCompany(Access access, CompanyStore companies) {
        this.access = access;
        this.companies = companies;
    }

    public Company show(Caller caller, String companyId) {
        access.requireMember(caller, companyId);
        return companies.find(companyId).orElseThrow(() -> new NotFoundException("not_found", "No such company."));
    }
}
