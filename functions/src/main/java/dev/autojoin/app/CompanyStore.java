package dev.autojoin.app;

import dev.autojoin.domain.AuditEntry;
import dev.autojoin.domain.Company;
import dev.autojoin.domain.Membership;
import java.util.Optional;

public interface CompanyStore {
    /** Creates the company together with its first owner and the audit entry, all or nothing. */
    void create(Company company, Membership owner, AuditEntry created);

    Optional<Company> find(String companyId);
}
