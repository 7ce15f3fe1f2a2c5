package dev.autojoin.app;

import dev.autojoin.domain.Company;
import dev.autojoin.domain.Membership;
import java.util.Optional;

public interface CompanyStore {
    /** Creates the company together with its first owner, all or nothing. */
    void create(Company company, Membership owner);

    Optional<Company> find(String companyId);
}
