package dev.autojoin.app;

import dev.autojoin.domain.Membership;
import dev.autojoin.domain.Permission;
import java.util.List;

/** Who to tell about a company: its members who manage it, found by key, never by reading every member. */
public interface CompanyAdmins {
    /** The members who manage the company ({@link Membership#manages()}), with or without an email. */
    List<Membership> managers(String companyId);

    /** The company's owners, admins and members with {@code manage_settings} that have an address. */
    default List<Membership> of(String companyId) {
        return managers(companyId).stream()
                .filter(m -> m.email() != null && m.may(Permission.MANAGE_SETTINGS))
                .toList();
    }
}
