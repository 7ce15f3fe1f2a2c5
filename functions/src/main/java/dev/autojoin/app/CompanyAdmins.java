package dev.autojoin.app;

import dev.autojoin.domain.EmailAddress;
import dev.autojoin.domain.Membership;
import dev.autojoin.domain.Permission;
import java.util.List;

/** Who to tell about a company: its members who manage it, found by key, never by reading every member. */
public interface CompanyAdmins {
    /** The members who manage the company ({@link Membership#manages()}), with or without an email. */
    List<Membership> managers(String companyId);

    /** The addresses of the company's owners, admins and members with {@code manage_settings}. */
    default List<EmailAddress> of(String companyId) {
        return managers(companyId).stream()
                .filter(m -> m.email() != null && m.may(Permission.MANAGE_SETTINGS))
                .map(Membership::email)
                .toList();
    }
}
