package dev.autojoin.app;

import dev.autojoin.domain.Membership;
import java.util.List;

/** Who to tell about a company's domains: its members who may manage its settings. */
public interface CompanyAdmins {
    /** The company's owners, admins and members with {@code manage_settings} that have an address. */
    List<Membership> of(String companyId);
}
