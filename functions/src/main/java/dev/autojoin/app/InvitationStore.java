package dev.autojoin.app;

import dev.autojoin.domain.AuditEntry;
import dev.autojoin.domain.Company;
import dev.autojoin.domain.EmailAddress;
import dev.autojoin.domain.Invitation;
import dev.autojoin.domain.JoinNotice;
import dev.autojoin.domain.Membership;
import dev.autojoin.domain.PendingInvitation;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Invitations, their link tokens (stored by hash only), the invitee's list of open invitations that sign-up reads,
 * and the daily mail allowances. Every change writes its audit entry in the same transaction. A change an admin makes
 * ({@code actor}) also holds only while the actor's membership is still at the version authorization read: else
 * ConflictException {@code concurrent_change} and nothing written (a demoted inviter's invitation never lands).
 */
public interface InvitationStore {
    /** Open invitations from any company, by canonical email: one read for up to 100 addresses. */
    Map<String, List<PendingInvitation>> pendingFor(Collection<EmailAddress> emails);

    /**
     * Which of {@code canonicalEmails} belong to the company's members, so that inviting one answers
     * {@code already_member}: keyed reads, 100 addresses a request, never the whole company (eventually consistent).
     */
    Set<String> members(String companyId, Collection<String> canonicalEmails);

    /**
     * Which of {@code emails}' mailboxes ({@link EmailAddress#mailbox()}) an admin removed from the company: keyed
     * reads of their removal marks, 100 a request.
     */
    Set<String> removed(String companyId, Collection<EmailAddress> emails);

    /**
     * Takes {@code count} mails from the company's allowance for {@code day} in one conditional write; false, and
     * nothing taken, when fewer than {@code count} of {@code limit} are left.
     */
    boolean reserve(String companyId, LocalDate day, int count, int limit);

    /** What a write that mails an address did. */
    enum Write {
        WRITTEN,
        /** The address was already mailed its daily number of times: nothing written. */
        ADDRESS_LIMITED,
        /** The invitation changed since it was read (another resend, an accept, a revoke): nothing written. */
        STALE,
        /** The address is on the suppression list (it bounced, or complained): nothing written, nothing to mail. */
        SUPPRESSED
    }

    /** One new invitation to write: its expired predecessors of the same company, and its audit entry. */
    record NewInvitation(Invitation invitation, List<PendingInvitation> expired, AuditEntry invited) {}

    /**
     * Each invitation (queued for its email, no working link yet), its place in the invitee's open invitations
     * (dropping its {@code expired} ones) and the address's daily mail count, while {@code actor} is unchanged;
     * several addresses a transaction. Answers per invitation id: {@code WRITTEN}, {@code ADDRESS_LIMITED} or
     * {@code SUPPRESSED} (those two wrote nothing).
     */
    Map<String, Write> createAll(List<NewInvitation> invitations, LocalDate day, int perAddressLimit, Membership actor);

    Optional<Invitation> find(String companyId, String inviteId);

    /** A reader's membership, the invitation and (when asked) the company's profile: what an admin's route acts on. */
    record Reading(Optional<Membership> reader, Optional<Invitation> invitation, Optional<Company> company) {}

    /** {@link #find}, the membership of {@code userId} and, {@code withCompany}, the profile: one consistent read. */
    Reading readAs(String userId, String companyId, String inviteId, boolean withCompany);

    /** The invitation a link leads to; it may have moved on to a newer token since. */
    Optional<Invitation> findByToken(String tokenHash);

    /** Newest first. */
    Page<Invitation> list(String companyId, Page.Request page);

    /** A resend: {@code reissued}'s new token replaces {@code current}'s, which stops working. */
    Write reissue(
            Invitation current,
            Invitation reissued,
            LocalDate day,
            int perAddressLimit,
            Membership actor,
            AuditEntry resent);

    /** The mail service refused the email of {@code failed}'s token; ignored when a newer token replaced it. */
    void recordSendFailure(Invitation failed, AuditEntry entry);

    /**
     * The sender takes a queued invitation for mailing: {@code tokenHash} (of the token it is about to mail) replaces
     * the current one, on condition that the invitation is still open, queued, at the token the sender read, and no
     * other sender took it within {@code lease}; then the link item leads to it. False, and nothing written, when the
     * condition failed.
     */
    boolean takeForMailing(Invitation current, String tokenHash, Instant now, java.time.Duration lease);

    /** Gives a taken invitation back (its email did not go out and will be tried again). */
    void giveBack(Invitation taken);

    /** Its email went out with the link of {@code sent.tokenHash()}: delivery {@code sent}, out of the outbox. */
    void recordSent(Invitation sent, Instant at);

    /** Invitations still queued since before {@code queuedBefore}, oldest first: the outbox the sweep empties. */
    List<Invitation> undelivered(Instant queuedBefore, int limit);

    /** Put on the queue again at {@code now}: the next sweep leaves it alone for a while. */
    void requeued(Invitation invitation, Instant now);

    /**
     * Closes an invitation still open (or expired) while {@code actor} is unchanged; false when it was accepted or
     * revoked meanwhile.
     */
    boolean revoke(Invitation current, Invitation revoked, Membership actor, AuditEntry entry);

    /** What an accept did. */
    enum Acceptance {
        ACCEPTED,
        /** The inviter's membership changed since it was read (demoted, removed): nothing written; read it again. */
        INVITER_CHANGED,
        /** The person is already in the company: nothing written, the invitation stays as it was. */
        ALREADY_MEMBER,
        /** The invitation is no longer open, expired, or (with a token) no longer at that token: nothing written. */
        NOT_OPEN
    }

    /**
     * The membership and the invitation's acceptance together, conditional on the invitation being open and
     * unexpired at {@code now} and, when a token is given, still at that token.
     */
    Acceptance accept(
            PendingInvitation invitation,
            Membership membership,
            Membership inviter,
            Optional<String> tokenHash,
            Instant now,
            AuditEntry accepted);

    /**
     * Records, once, that an open invitation was refused because its inviter can no longer grant it: marks it, writes
     * the admins' {@code notice} and the audit entry in one transaction. False when it was recorded already or is no
     * longer open (nothing written). The invitation stays open: an admin revokes it or sends a new one.
     */
    boolean refuse(PendingInvitation invitation, JoinNotice notice, AuditEntry refused);

    /** Records that an open invitation was found past its expiry; false when something else closed it first. */
    boolean expire(Invitation invitation, Instant now, AuditEntry expired);

    /**
     * Stores a new invitation already closed as {@code bounced} (its address is suppressed, so it is never mailed)
     * with its audit entry, while {@code actor} is unchanged; no link token, no place among the address's open
     * invitations.
     */
    void createBounced(Invitation bounced, Membership actor, AuditEntry created);

    /**
     * Closes an open invitation as {@code bounced} ({@code reason}: bounce, complaint, suppressed) and drops it from
     * the address's open invitations; false when it was no longer open (accepted, revoked, bounced already).
     */
    boolean bounce(PendingInvitation invitation, String reason, Instant at, AuditEntry bounced);
}
