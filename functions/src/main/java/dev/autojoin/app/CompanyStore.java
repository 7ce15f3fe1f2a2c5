package dev.autojoin.app;

import dev.autojoin.domain.AuditEntry;
import dev.autojoin.domain.Company;
import dev.autojoin.domain.Membership;
import dev.autojoin.domain.Team;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

public interface CompanyStore {
    /** Creates the company together with its first owner, its first team and the audit entry, all or nothing. */
    void create(Company company, Membership owner, Team firstTeam, AuditEntry created);

    Optional<Company> find(String companyId);

    /** A reader's membership of the company and its profile: what a company route authorizes and acts on. */
    record Reading(Optional<Membership> reader, Optional<Company> company) {}

    /** {@link #find} and the membership of {@code userId}, in one strongly consistent request. */
    Reading readAs(String userId, String companyId);

    /**
     * Writes {@code changed} (name and settings) if the company is still at {@code expectedVersion} and the
     * {@code actor}'s membership unchanged; PreconditionFailedException {@code version_conflict} otherwise. A new
     * name is also marked for propagation to the items that copy it.
     */
    void updateSettings(Company changed, long expectedVersion, Membership actor, AuditEntry updated, boolean renamed);

    /** Companies whose new name has not reached every copy yet. */
    List<String> renamesPending();

    /**
     * Copies the company's current name to its memberships, suggestions and domain claims, for at most
     * {@code budget} of wall time; true when every copy holds it and the pending mark is gone.
     */
    boolean propagateName(String companyId, Duration budget);
}
