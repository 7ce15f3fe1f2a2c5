package dev.autojoin.app;

import dev.autojoin.domain.AuditEntry;
import dev.autojoin.domain.DomainClaim;
import dev.autojoin.domain.EmailAddress;
import dev.autojoin.domain.JoinNotice;
import dev.autojoin.domain.JoinRequest;
import dev.autojoin.domain.Membership;
import dev.autojoin.domain.Suggestion;
import java.util.List;
import java.util.Optional;

/** Pending join requests; a decided request lives on as the requester's suggestion status. */
public interface JoinRequestStore {
    /**
     * Where a person stands with a company when they ask to join: a member already, the claims that could cover their
     * email's domain (the domain and its ancestors), their suggestion, their pending request, and whether an admin
     * removed their canonical email from the company.
     */
    record Standing(
            boolean member,
            List<DomainClaim> claims,
            Optional<Suggestion> suggestion,
            Optional<JoinRequest> pending,
            boolean removed) {
        public Standing {
            claims = List.copyOf(claims);
        }
    }

    /** {@link Standing} in one strongly consistent read. */
    Standing standing(String companyId, String userId, EmailAddress email);

    Optional<JoinRequest> find(String companyId, String userId);

    /** The membership of {@code readerSub} and the request of {@code userId}, in one consistent read. */
    record Deciding(Optional<Membership> reader, Optional<JoinRequest> request) {}

    Deciding readAs(String readerSub, String companyId, String userId);

    Page<JoinRequest> pending(String companyId, Page.Request page);

    /**
     * The request, the requester's suggestion (status pending), the admins' notice and the audit entry together;
     * false when a request is already pending, and then nothing is written.
     */
    boolean open(JoinRequest request, Suggestion pending, JoinNotice notice, AuditEntry opened);

    /**
     * The request ends, the member is added, their suggestion says approved; only if no removal mark is on their
     * canonical email (an approval never lifts a removal: an invitation does). ConflictException
     * {@code already_member}, {@code request_not_pending}, {@code removed_by_admin} or {@code concurrent_change} (the
     * approver's own membership changed) otherwise, and then nothing is written.
     */
    void approve(JoinRequest request, Membership member, Suggestion approved, Membership approver, AuditEntry entry);

    /** The request ends and the suggestion says declined; same conflicts as approve. */
    void decline(JoinRequest request, Suggestion declined, Membership decider, AuditEntry entry);
}
