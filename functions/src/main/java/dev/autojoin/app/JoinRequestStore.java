package dev.autojoin.app;

import dev.autojoin.domain.AuditEntry;
import dev.autojoin.domain.JoinNotice;
import dev.autojoin.domain.JoinRequest;
import dev.autojoin.domain.Membership;
import dev.autojoin.domain.Suggestion;
import java.util.Optional;

/** Pending join requests; a decided request lives on as the requester's suggestion status. */
public interface JoinRequestStore {
    Optional<JoinRequest> find(String companyId, String userId);

    Page<JoinRequest> pending(String companyId, Page.Request page);

    /**
     * The request, the requester's suggestion (status pending), the admins' notice and the audit entry together;
     * false when a request is already pending, and then nothing is written.
     */
    boolean open(JoinRequest request, Suggestion pending, JoinNotice notice, AuditEntry opened);

    /**
     * The request ends, the member is added (clearing any removal mark on their email: an admin decided), their
     * suggestion says approved. ConflictException {@code already_member}, {@code request_not_pending} or
     * {@code concurrent_change} (the approver's own membership changed) otherwise.
     */
    void approve(JoinRequest request, Membership member, Suggestion approved, Membership approver, AuditEntry entry);

    /** The request ends and the suggestion says declined; same conflicts as approve. */
    void decline(JoinRequest request, Suggestion declined, Membership decider, AuditEntry entry);
}
