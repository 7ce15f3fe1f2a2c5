package dev.autojoin.app;

import dev.autojoin.domain.EmailAddress;
import java.util.List;

/** Who to tell about a company's domains: its members who may manage its settings. */
public interface CompanyAdmins {
    /** The addresses of the company's owners, admins and members with {@code manage_settings}. */
    List<EmailAddress> of(String companyId);
}
