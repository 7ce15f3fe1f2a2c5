package dev.autojoin.app;

import dev.autojoin.domain.AuditEntry;
import dev.autojoin.domain.Delivery;
import dev.autojoin.domain.DomainClaim;
import dev.autojoin.domain.EmailAddress;
import dev.autojoin.domain.Invitation;
import dev.autojoin.domain.InvitationStatus;
import dev.autojoin.domain.JoinNotice;
import dev.autojoin.domain.Membership;
import dev.autojoin.domain.PendingInvitation;
import dev.autojoin.domain.Suppression;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Fakes of the invitation ports and the suppression list over {@link InMemoryStores}, counting reads and writes in
 * the same counters.
 */
final class InMemoryInvitations implements InvitationStore, SignupLookup, SuppressionList {
    final InMemoryStores stores;
    final Map<String, Invitation> invitations = new LinkedHashMap<>();
    final Map<String, String> tokens = new HashMap<>();
    final Map<String, Map<String, PendingInvitation>> pending = new HashMap<>();
    final Map<String, Integer> counts = new HashMap<>();
    final Map<String, Suppression> suppressed = new HashMap<>();
    /** Invitations a sender holds (its lease), and when the sweep last put one on the queue. */
    final Set<String> taken = new java.util.HashSet<>();

    final Map<String, Instant> requeuedAt = new HashMap<>();

    InMemoryInvitations(InMemoryStores stores) {
        this.stores = stores;
    }

    @Override
    public synchronized Found find(EmailAddress email, boolean withClaims) {
        stores.reads.incrementAndGet();
        List<DomainClaim> claims = new ArrayList<>();
        if (withClaims) {
            Optional.ofNullable(stores.domains.get(email.domain())).ifPresent(claims::add);
            email.domain().ancestors().forEach(a -> Optional.ofNullable(stores.domains.get(a))
                    .ifPresent(claims::add));
        }
        return new Found(claims, List.copyOf(pendingOf(email.canonical()).values()));
    }

    @Override
    public synchronized Map<String, List<PendingInvitation>> pendingFor(Collection<EmailAddress> emails) {
        stores.reads.incrementAndGet();
        Map<String, List<PendingInvitation>> out = new HashMap<>();
        emails.forEach(
                e -> out.put(e.canonical(), List.copyOf(pendingOf(e.canonical()).values())));
        return out;
    }

    @Override
    public synchronized Set<String> removed(String companyId, Collection<EmailAddress> emails) {
        stores.reads.addAndGet((emails.size() + 99) / 100);
        return emails.stream()
                .map(EmailAddress::mailbox)
                .filter(mailbox -> stores.removals.containsKey(companyId + "/" + mailbox))
                .collect(Collectors.toSet());
    }

    @Override
    public synchronized Set<String> members(String companyId, Collection<String> canonicalEmails) {
        // One read per 100 addresses, as the BatchGetItem of their address items is.
        stores.reads.addAndGet((canonicalEmails.size() + 99) / 100);
        return stores.memberships.values().stream()
                .filter(m -> m.companyId().equals(companyId)
                        && m.email() != null
                        && canonicalEmails.contains(m.email().canonical()))
                .map(m -> m.email().canonical())
                .collect(Collectors.toSet());
    }

    @Override
    public synchronized boolean reserve(String companyId, LocalDate day, int count, int limit) {
        stores.writes.incrementAndGet();
        String key = companyId + "/" + day;
        int used = counts.getOrDefault(key, 0);
        if (used + count > limit) {
            return false;
        }
        counts.put(key, used + count);
        return true;
    }

    @Override
    public synchronized Map<String, Write> createAll(
            List<NewInvitation> created, LocalDate day, int limit, Membership actor) {
        // A transaction per 19 invitations, as DynamoDbInvitationStore groups them.
        stores.writes.addAndGet((created.size() + 18) / 19);
        stores.requireActor(actor);
        Map<String, Write> written = new LinkedHashMap<>();
        for (NewInvitation one : created) {
            Invitation invitation = one.invitation();
            if (suppressed.containsKey(invitation.email().canonical())) {
                written.put(invitation.id(), Write.SUPPRESSED);
            } else if (!countMail(invitation.email(), day, limit)) {
                written.put(invitation.id(), Write.ADDRESS_LIMITED);
            } else {
                invitations.put(key(invitation.companyId(), invitation.id()), invitation);
                one.expired()
                        .forEach(e -> pendingOf(invitation.email().canonical()).remove(e.inviteId()));
                pendingOf(invitation.email().canonical()).put(invitation.id(), invitation.pending());
                stores.audit.add(one.invited());
                written.put(invitation.id(), Write.WRITTEN);
            }
        }
        return written;
    }

    @Override
    public synchronized boolean takeForMailing(
            Invitation current, String tokenHash, Instant now, java.time.Duration lease) {
        stores.writes.incrementAndGet();
        Invitation stored = invitations.get(key(current.companyId(), current.id()));
        if (!stored.tokenHash().equals(current.tokenHash())
                || stored.status() != InvitationStatus.PENDING
                || stored.delivery() != Delivery.QUEUED
                || taken.contains(stored.id())) {
            return false;
        }
        taken.add(stored.id());
        invitations.put(key(current.companyId(), current.id()), withToken(stored, tokenHash));
        tokens.put(tokenHash, key(current.companyId(), current.id()));
        return true;
    }

    @Override
    public synchronized void giveBack(Invitation invitation) {
        stores.writes.incrementAndGet();
        taken.remove(invitation.id());
    }

    @Override
    public synchronized void recordSent(Invitation sent, Instant at) {
        stores.writes.incrementAndGet();
        taken.remove(sent.id());
        Invitation stored = invitations.get(key(sent.companyId(), sent.id()));
        if (stored.tokenHash().equals(sent.tokenHash()) && stored.delivery() == Delivery.QUEUED) {
            invitations.put(key(sent.companyId(), sent.id()), stored.sent(sent.tokenHash()));
        }
    }

    @Override
    public synchronized List<Invitation> undelivered(Instant queuedBefore, int limit) {
        stores.reads.incrementAndGet();
        return invitations.values().stream()
                .filter(i -> i.delivery() == Delivery.QUEUED
                        && i.status() == InvitationStatus.PENDING
                        && requeuedAt.getOrDefault(i.id(), i.createdAt()).isBefore(queuedBefore))
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized void requeued(Invitation invitation, Instant now) {
        stores.writes.incrementAndGet();
        requeuedAt.put(invitation.id(), now);
    }

    private static Invitation withToken(Invitation i, String tokenHash) {
        return new Invitation(
                i.id(),
                i.companyId(),
                i.companyName(),
                i.email(),
                i.role(),
                i.permissions(),
                i.teams(),
                i.status(),
                i.expiresAt(),
                i.inviter(),
                i.createdAt(),
                tokenHash,
                i.sendFailure(),
                i.closedAt(),
                i.closedBy(),
                i.delivery());
    }

    @Override
    public synchronized Optional<Invitation> find(String companyId, String inviteId) {
        stores.reads.incrementAndGet();
        return Optional.ofNullable(invitations.get(key(companyId, inviteId)));
    }

    @Override
    public synchronized Reading readAs(String userId, String companyId, String inviteId, boolean withCompany) {
        stores.reads.incrementAndGet();
        return new Reading(
                Optional.ofNullable(stores.memberships.get(companyId + "/" + userId)),
                Optional.ofNullable(invitations.get(key(companyId, inviteId))),
                withCompany ? Optional.ofNullable(stores.companies.get(companyId)) : Optional.empty());
    }

    @Override
    public synchronized Optional<Invitation> findByToken(String tokenHash) {
        stores.reads.addAndGet(2);
        return Optional.ofNullable(tokens.get(tokenHash)).map(invitations::get);
    }

    @Override
    public synchronized Page<Invitation> list(String companyId, Page.Request page) {
        stores.reads.incrementAndGet();
        List<Invitation> all = invitations.values().stream()
                .filter(i -> i.companyId().equals(companyId))
                .sorted(Comparator.comparing(Invitation::id).reversed())
                .limit(page.limit())
                .toList();
        return new Page<>(all, Optional.empty());
    }

    @Override
    public synchronized Write reissue(
            Invitation current, Invitation reissued, LocalDate day, int limit, Membership actor, AuditEntry resent) {
        stores.writes.incrementAndGet();
        stores.requireActor(actor);
        Invitation stored = invitations.get(key(current.companyId(), current.id()));
        if (!stored.tokenHash().equals(current.tokenHash()) || !reopenable(stored.status())) {
            return Write.STALE;
        }
        if (suppressed.containsKey(current.email().canonical())) {
            return Write.SUPPRESSED;
        }
        if (!countMail(current.email(), day, limit)) {
            return Write.ADDRESS_LIMITED;
        }
        invitations.put(key(current.companyId(), current.id()), reissued);
        taken.remove(current.id());
        pendingOf(current.email().canonical()).put(current.id(), reissued.pending());
        stores.audit.add(resent);
        return Write.WRITTEN;
    }

    @Override
    public synchronized void recordSendFailure(Invitation failed, AuditEntry entry) {
        stores.writes.incrementAndGet();
        Invitation stored = invitations.get(key(failed.companyId(), failed.id()));
        taken.remove(failed.id());
        if (stored.tokenHash().equals(failed.tokenHash()) && stored.status() == InvitationStatus.PENDING) {
            invitations.put(key(failed.companyId(), failed.id()), failed);
            stores.audit.add(entry);
        }
    }

    @Override
    public synchronized boolean revoke(Invitation current, Invitation revoked, Membership actor, AuditEntry entry) {
        stores.writes.incrementAndGet();
        stores.requireActor(actor);
        Invitation stored = invitations.get(key(current.companyId(), current.id()));
        if (!reopenable(stored.status())) {
            return false;
        }
        invitations.put(key(current.companyId(), current.id()), revoked);
        pendingOf(current.email().canonical()).remove(current.id());
        stores.audit.add(entry);
        return true;
    }

    @Override
    public synchronized Acceptance accept(
            PendingInvitation invitation,
            Membership membership,
            Membership inviter,
            Optional<String> tokenHash,
            Instant now,
            AuditEntry accepted) {
        stores.writes.incrementAndGet();
        Membership inviterNow = stores.memberships.get(inviter.companyId() + "/" + inviter.userId());
        if (inviterNow == null || inviterNow.version() != inviter.version()) {
            return Acceptance.INVITER_CHANGED;
        }
        Invitation stored = invitations.get(key(invitation.companyId(), invitation.inviteId()));
        if (stored == null
                || !stored.status().open()
                || !now.isBefore(stored.expiresAt())
                || tokenHash.filter(h -> !h.equals(stored.tokenHash())).isPresent()) {
            return Acceptance.NOT_OPEN;
        }
        String memberKey = membership.companyId() + "/" + membership.userId();
        if (stores.memberships.containsKey(memberKey)) {
            return Acceptance.ALREADY_MEMBER;
        }
        stores.memberships.put(memberKey, membership);
        invitations.put(
                key(invitation.companyId(), invitation.inviteId()),
                stored.closed(InvitationStatus.ACCEPTED, membership.userId(), now));
        pendingOf(invitation.email().canonical()).remove(invitation.inviteId());
        stores.audit.add(accepted);
        return Acceptance.ACCEPTED;
    }

    /** Invitations whose refusal was recorded (DynamoDB: their {@code authorityLostAt}). */
    final Set<String> refused = new java.util.HashSet<>();

    @Override
    public synchronized boolean refuse(PendingInvitation invitation, JoinNotice notice, AuditEntry entry) {
        stores.writes.incrementAndGet();
        Invitation stored = invitations.get(key(invitation.companyId(), invitation.inviteId()));
        if (stored == null
                || !stored.status().open()
                || !refused.add(key(invitation.companyId(), invitation.inviteId()))) {
            return false;
        }
        stores.notices.add(notice);
        stores.audit.add(entry);
        return true;
    }

    @Override
    public synchronized boolean expire(Invitation invitation, Instant now, AuditEntry expired) {
        stores.writes.incrementAndGet();
        Invitation stored = invitations.get(key(invitation.companyId(), invitation.id()));
        if (!stored.status().open() || now.isBefore(stored.expiresAt())) {
            return false;
        }
        invitations.put(
                key(invitation.companyId(), invitation.id()), stored.closed(InvitationStatus.EXPIRED, null, now));
        pendingOf(invitation.email().canonical()).remove(invitation.id());
        stores.audit.add(expired);
        return true;
    }

    @Override
    public synchronized void createBounced(Invitation bounced, Membership actor, AuditEntry created) {
        stores.writes.incrementAndGet();
        stores.requireActor(actor);
        invitations.put(key(bounced.companyId(), bounced.id()), bounced);
        stores.audit.add(created);
    }

    @Override
    public synchronized boolean bounce(PendingInvitation invitation, String reason, Instant at, AuditEntry bounced) {
        stores.writes.incrementAndGet();
        Invitation stored = invitations.get(key(invitation.companyId(), invitation.inviteId()));
        if (stored == null || !stored.status().open()) {
            return false;
        }
        invitations.put(key(invitation.companyId(), invitation.inviteId()), stored.bounced(reason, at));
        pendingOf(invitation.email().canonical()).remove(invitation.inviteId());
        stores.audit.add(bounced);
        return true;
    }

    @Override
    public synchronized boolean add(Suppression suppression) {
        stores.writes.incrementAndGet();
        return suppressed.putIfAbsent(suppression.email().canonical(), suppression) == null;
    }

    @Override
    public synchronized boolean contains(EmailAddress email) {
        stores.reads.incrementAndGet();
        return suppressed.containsKey(email.canonical());
    }

    Invitation only() {
        return invitations.values().iterator().next();
    }

    private boolean countMail(EmailAddress email, LocalDate day, int limit) {
        String key = email.canonical() + "/" + day;
        int mailed = counts.getOrDefault(key, 0);
        if (mailed >= limit) {
            return false;
        }
        counts.put(key, mailed + 1);
        return true;
    }

    private Map<String, PendingInvitation> pendingOf(String canonical) {
        return pending.computeIfAbsent(canonical, c -> new LinkedHashMap<>());
    }

    private static boolean reopenable(InvitationStatus status) {
        return status.open() || status == InvitationStatus.EXPIRED;
    }

    private static String key(String companyId, String inviteId) {
        return companyId + "/" + inviteId;
    }
}
