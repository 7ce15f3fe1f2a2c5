package dev.autojoin.app;

import dev.autojoin.domain.AuditEntry;
import dev.autojoin.domain.DomainName;
import dev.autojoin.domain.EmailAddress;
import dev.autojoin.domain.JoinNotice;
import dev.autojoin.domain.Membership;
import dev.autojoin.domain.Suggestion;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

public interface MembershipStore {
    Optional<Membership> find(String companyId, String userId);

    /** The memberships of these people that exist, by user id, read together (strongly consistent). */
    default Map<String, Membership> findAll(String companyId, Set<String> userIds) {
        Map<String, Membership> found = new HashMap<>();
        userIds.forEach(id -> find(companyId, id).ifPresent(m -> found.put(id, m)));
        return found;
    }

    /**
     * One conditional write of the membership with its audit entry; false when this person already has (or had) a
     * membership in the company, and then nothing is written.
     */
    boolean addIfAbsent(Membership membership, AuditEntry added);

    /** What an auto-join did. */
    enum Admission {
        ADMITTED,
        ALREADY_MEMBER,
        /** An admin removed this email: only an accepted invitation brings it back. */
        REMOVED,
        /**
         * The person's own standing with the company holds instead: they left, or asked and wait or were answered.
         * Only a suggestion nobody acted on gives way to auto-join.
         */
        STANDING
    }

    /**
     * Auto-join: the membership, its audit entry and the admins' notice in one conditional transaction, refused when
     * the person is already a member, their canonical email carries a removal mark, or their suggestion for the
     * company is anything but one nobody acted on (checked in the write: an index read may be behind a departure).
     */
    Admission admit(Membership membership, AuditEntry added, JoinNotice notice);

    /** Members by userId, one page. */
    Page<Membership> list(String companyId, Page.Request page);

    /**
     * Writes {@code changed} over {@code current} (role and permissions) if the member is still at
     * {@code current.version()} and the {@code actor} at theirs. Keeps the company's owner count; throws
     * ConflictException {@code last_owner} when the change would leave the company without an owner, and
     * {@code concurrent_change} when either membership changed meanwhile.
     */
    void change(Membership current, Membership changed, Membership actor, AuditEntry changedEntry);

    /** Why a membership ends. */
    enum Departure {
        /** An admin removed them: their canonical email is marked so auto-join does not bring them back. */
        REMOVED,
        /** They left: no mark, a later sign-up may auto-join again. */
        LEFT
    }

    /**
     * Deletes the membership at {@code target.version()} (checking the {@code actor}'s, when someone else acts) and
     * puts {@code marker} as the person's suggestion, or deletes their suggestion when there is none. Same
     * conflicts as {@link #change}.
     */
    void remove(Membership target, Membership actor, Departure departure, Suggestion marker, AuditEntry removed);

    Optional<Suggestion> findSuggestion(String companyId, String userId);

    /**
     * The hidden "removed" marker for someone an admin removed: one conditional write, over no suggestion or one
     * nobody acted on (a suggestion from before removal marks were checked); false when a standing one is there.
     */
    boolean markRemoved(Suggestion marker);

    /** What suggesting a company to someone did. */
    enum Suggesting {
        SUGGESTED,
        ALREADY_SUGGESTED,
        /** An admin removed this email from the company: a request would be refused, so nothing is suggested. */
        REMOVED
    }

    /**
     * Suggest mode: the suggestion in one conditional transaction, refused when the person already has a suggestion
     * from the company or their canonical email carries its removal mark; nothing is written then.
     */
    Suggesting suggest(Suggestion suggestion);

    /**
     * A captured domain's company offered to someone already in another company: one conditional write of the
     * suggestion with status {@code offered}, over no suggestion or one nobody acted on, refused (nothing written)
     * when the canonical email carries the company's removal mark.
     */
    Suggesting offer(Suggestion offer);

    /**
     * The person keeps going as they are: their {@code offered} suggestion becomes {@code kept} (never shown, never
     * auto-joined). False when there is no open offer.
     */
    boolean keep(String companyId, String userId, Instant at);

    /** A member at a domain, in some company: one entry of the members-at-domain index. */
    record MemberAt(String companyId, String userId, EmailAddress email) {}

    /** Which membership: the company and the person. */
    record MemberRef(String companyId, String userId) {}

    /** The memberships among {@code refs} that exist, read together (strongly consistent). */
    default List<Membership> findEach(java.util.Collection<MemberRef> refs) {
        return refs.stream()
                .map(r -> find(r.companyId(), r.userId()))
                .flatMap(Optional::stream)
                .toList();
    }

    /**
     * One page of the members of every company whose address is at {@code domain}, or below it too when
     * {@code subdomains}: one Query of an index, so eventually consistent.
     */
    Page<MemberAt> membersAt(DomainName domain, boolean subdomains, Page.Request page);

    /** A person's memberships and suggestions, in one read. */
    UserCompanies forUser(String userId);

    record UserCompanies(List<Membership> memberships, List<Suggestion> suggestions) {
        public UserCompanies {
            memberships = List.copyOf(memberships);
            suggestions = List.copyOf(suggestions);
        }

        public boolean suggested(String companyId) {
            return suggestions.stream().anyMatch(s -> s.companyId().equals(companyId));
        }
    }

    /**
     * Flags the membership: mail to its address bounced for good or was reported as spam, {@code at} then, with the
     * audit entry for the company's admins; false when it is gone or flagged already.
     */
    boolean markMailBounced(Membership membership, Instant at, AuditEntry flagged);
}
