package dev.autojoin.app;

import dev.autojoin.domain.AuditEntry;
import dev.autojoin.domain.DomainClaim;
import dev.autojoin.domain.DomainName;
import dev.autojoin.domain.Membership;
import dev.autojoin.domain.VerificationLink;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Domain claims and their verification links. A write an admin makes ({@code actor}: their membership as authorized)
 * holds only while that membership is still at the version read: else ConflictException {@code concurrent_change} and
 * nothing written, so an admin demoted or removed meanwhile changes no domain. Paths with no admin acting (an emailed
 * link confirmed, the scheduled re-check) pass no actor.
 */
public interface DomainStore {
    /** The verified claim that holds the domain, if any company holds it. */
    Optional<DomainClaim> find(DomainName domain);

    /**
     * The claims that could cover an email at {@code emailDomain}: the domain itself and, for subdomain opt-ins,
     * its ancestors; read in one request.
     */
    List<DomainClaim> candidates(DomainName emailDomain);

    /** Conditional update on the holder and the version the caller read; stale: PreconditionFailedException. */
    DomainClaim update(DomainClaim changed, long expectedVersion, Membership actor, AuditEntry updated);

    /**
     * {@link #update} of a holder's enrollment settings over {@code current}, moving the default-team marks of the
     * teams {@code changed} names and no longer names in the same write; a team archived meanwhile is ConflictException
     * {@code team_archived}.
     */
    DomainClaim configure(DomainClaim current, DomainClaim changed, Membership actor, AuditEntry updated);

    /** Every claim of the company, holding or not. */
    Page<DomainClaim> forCompany(String companyId, Page.Request page);

    /** The domain's holder and the company's own claim that holds nothing (pending, failed, unverified). */
    record Claims(Optional<DomainClaim> holder, Optional<DomainClaim> own) {
        /** The company's claim on the domain, whether it holds it or not. */
        public Optional<DomainClaim> of(String companyId) {
            return holder.filter(h -> h.companyId().equals(companyId)).or(() -> own);
        }

        /** The holder, when it is another company. */
        public Optional<DomainClaim> heldByOther(String companyId) {
            return holder.filter(h -> !h.companyId().equals(companyId));
        }
    }

    /** The holder and the company's own claim, in one strongly consistent read. */
    Claims read(DomainName domain, String companyId);

    /** A reader's membership of the company and the domain's claims: what a domain route authorizes and acts on. */
    record Reading(Optional<Membership> reader, Claims claims) {}

    /**
     * {@link #read} and the membership of {@code userId} in the company, in the same strongly consistent request: a
     * domain route authorizes its caller and reads what it acts on in one round trip.
     */
    Reading readAs(String userId, DomainName domain, String companyId);

    /**
     * Creates ({@code expectedVersion} 0) or replaces the company's claim that holds nothing, with its audit entry and,
     * when a link is emailed, the link (counted against the company's daily allowance of {@code dailyLinks}).
     *
     * @throws dev.autojoin.domain.ConflictException {@code domain_changed} when the claim changed meanwhile
     * @throws dev.autojoin.domain.RateLimitedException when the company sent its allowance of links today
     */
    void savePending(
            DomainClaim claim,
            long expectedVersion,
            Optional<VerificationLink> link,
            int dailyLinks,
            Membership actor,
            AuditEntry audit);

    /** The holder the caller read, and what becomes of it when a DNS proof displaces it. */
    record Displacement(DomainClaim before, DomainClaim after) {}

    /**
     * Makes a verified claim the domain's holder, all or nothing: removes the company's own claim that held nothing
     * ({@code ownVersion} &gt; 0), displaces the holder read ({@code displacement}), uses up the emailed link; with
     * an {@code actor}, only while they are unchanged.
     *
     * @throws dev.autojoin.domain.DomainAlreadyClaimedException when the domain has (or got) another holder
     * @throws dev.autojoin.domain.GoneException {@code verification_used} when the link was used meanwhile
     * @throws dev.autojoin.domain.ConflictException {@code domain_changed} when the company's claim changed meanwhile
     */
    void promote(
            DomainClaim verified,
            long ownVersion,
            Optional<Displacement> displacement,
            Optional<String> linkTokenHash,
            Optional<Membership> actor,
            List<AuditEntry> audits);

    /**
     * Replaces the holder at the version read, with an audit entry or (routine re-check) none; with an {@code actor},
     * only while they are unchanged. False when the holder is stale.
     */
    boolean replaceHolder(
            DomainClaim changed, long expectedVersion, Optional<Membership> actor, Optional<AuditEntry> audit);

    /** {@link #replaceHolder(DomainClaim, long, Optional, Optional)} with no admin acting: the scheduled re-check. */
    default boolean replaceHolder(DomainClaim changed, long expectedVersion, Optional<AuditEntry> audit) {
        return replaceHolder(changed, expectedVersion, Optional.empty(), audit);
    }

    /** The holder lets go of the domain and keeps {@code after} as a claim that holds nothing; false when stale. */
    boolean demote(DomainClaim holder, DomainClaim after, AuditEntry audit);

    /**
     * Removes the company's claim, holding or not, at the version read.
     *
     * @throws dev.autojoin.domain.PreconditionFailedException when it changed meanwhile
     */
    void release(DomainClaim claim, Membership actor, AuditEntry audit);

    /** DNS-verified holders whose re-check is due at {@code now}, the longest overdue first, at most {@code limit}. */
    List<DomainClaim> dueForRecheck(Instant now, int limit);

    /**
     * How many more DNS-verified holders are due at {@code now} after {@code last}, the last claim of a
     * {@link #dueForRecheck} page, counted up to {@code atMost}: what a full page left for the next run.
     */
    int countDueAfter(DomainClaim last, Instant now, int atMost);

    /** The emailed link whose token hashes to {@code tokenHash}, used or not, expired or not. */
    Optional<VerificationLink> findLink(String tokenHash);

    /**
     * A domain whose capture went on (written with the configure that turned it on) and whose shadow companies were
     * not all told yet; {@code since} tells this capture from a later one.
     */
    record CaptureToTell(DomainName domain, Instant since) {}

    /** Captures not yet told to the shadow companies' owners, oldest first, at most {@code limit}. */
    List<CaptureToTell> capturesToTell(int limit);

    /** Every shadow company of this capture was told: the mark goes, unless capture went on again since. */
    void captureTold(CaptureToTell capture);

    /** Whether the owners of {@code companyId} were told that {@code domain} is captured (by any capture of it). */
    boolean shadowTold(String companyId, DomainName domain);

    /** They were, now: never twice for the same domain. */
    void markShadowTold(String companyId, DomainName domain, String capturingCompanyId, Instant at);
}
