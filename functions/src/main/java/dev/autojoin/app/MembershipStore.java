package dev.autojoin.app;

import dev.autojoin.domain.AuditEntry;
import dev.autojoin.domain.Membership;
import dev.autojoin.domain.Suggestion;
import java.util.List;
import java.util.Optional;

public interface MembershipStore {
    Optional<Membership> find(String companyId, String userId);

    /**
     * One conditional write of the membership with its audit entry; false when this person already has (or had) a
     * membership in the company, and then nothing is written.
     */
    boolean addIfAbsent(Membership membership, AuditEntry added);

    /** One conditional write; false when the suggestion already exists. */
    boolean suggestIfAbsent(Suggestion suggestion);

    /** A person's memberships and suggestions, in one read. */
    UserCompanies forUser(String userId);

    record UserCompanies(List<Membership> memberships, List<Suggestion> suggestions) {
        public UserCompanies {
            memberships = List.copyOf(memberships);
            suggestions = List.copyOf(suggestions);
        }

        public boolean memberOf(String companyId) {
            return memberships.stream().anyMatch(m -> m.companyId().equals(companyId));
        }

        public boolean suggested(String companyId) {
            return suggestions.stream().anyMatch(s -> s.companyId().equals(companyId));
        }
    }
}
