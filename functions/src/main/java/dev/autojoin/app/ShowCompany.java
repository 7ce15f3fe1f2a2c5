package dev.autojoin.app;

import dev.autojoin.domain.Caller;
import dev.autojoin.domain.Company;
import dev.autojoin.domain.NotFoundException;

public final class ShowCompany {
    private final CompanyStore companies;

    public ShowCompany(CompanyStore companies) {
        this.companies = companies;
    }

    public Company show(Caller caller, String companyId) {
        CompanyStore.Reading reading = companies.readAs(caller.sub(), companyId);
        Access.requireMember(reading.reader());
        return reading.company().orElseThrow(() -> new NotFoundException("not_found", "No such company."));
    }
}
