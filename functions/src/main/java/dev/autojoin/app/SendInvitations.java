package dev.autojoin.app;

import dev.autojoin.domain.Caller;
import dev.autojoin.domain.Company;
import dev.autojoin.domain.EmailAddress;
import dev.autojoin.domain.ForbiddenException;
import dev.autojoin.domain.InvalidEmailException;
import dev.autojoin.domain.InvalidInputException;
import dev.autojoin.domain.Invitation;
import dev.autojoin.domain.InvitationToken;
import dev.autojoin.domain.Inviter;
import dev.autojoin.domain.Membership;
import dev.autojoin.domain.NotFoundException;
import dev.autojoin.domain.PendingInvitation;
import dev.autojoin.domain.Permission;
import dev.autojoin.domain.RateLimitedException;
import dev.autojoin.domain.Role;
import dev.autojoin.domain.TeamPermission;
import dev.autojoin.domain.WireName;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * POST /companies/{id}/invites: up to 100 addresses, one result each, answered in one request that records and does
 * not send. Reads (membership, company, members among the addresses, open invitations) happen once for the whole
 * request, 100 addresses a read; the company's allowance is one write; the new invitations are written a few
 * transactions in all; then one message per email goes on the queue, which the sender function drains at the mail
 * service's rate.
 */
public final class SendInvitations {
    public static final int MAX_ADDRESSES = 100;

    /**
     * One address as asked: role and permissions default to the company's settings; {@code teams} (team id to team
     * flags) are only what is named: none, least privilege, and the person lands in no team.
     */
    public record Entry(
            String email,
            Optional<Role> role,
            Optional<Set<Permission>> permissions,
            Map<String, Set<TeamPermission>> teams) {
        public Entry {
            teams = Membership.copyOfTeams(teams);
        }

        public Entry(String email, Optional<Role> role, Optional<Set<Permission>> permissions) {
            this(email, role, permissions, Map.of());
        }
    }

    public enum Status implements WireName {
        /** Stored and queued for its email ({@code delivery: queued}). */
        INVITED,
        RESENT,
        ALREADY_MEMBER,
        ALREADY_INVITED,
        INVALID_EMAIL,
        RATE_LIMITED,
        /** Not mailed: the address bounced or complained before; the invitation is stored as {@code bounced}. */
        BOUNCED,
        /**
         * An admin removed this mailbox from the company: bringing them back takes {@code manage_members}, the right
         * that removed them (someone who left on their own may be invited back by anyone who may invite).
         */
        REMOVED_BY_ADMIN
    }

    /** {@code email} as given; {@code inviteId} when an invitation exists; {@code code}/{@code detail} say why not. */
    public record Result(String email, Status status, String inviteId, String code, String detail) {}

    private final Access access;
    private final CompanyStore companies;
    private final TeamStore teams;
    private final InvitationStore invitations;
    private final InvitationDelivery delivery;
    private final InvitationLimits limits;
    private final SecureRandom random;
    private final Clock clock;

    public SendInvitations(
            Access access,
            CompanyStore companies,
            TeamStore teams,
            InvitationStore invitations,
            InvitationQueue queue,
            InvitationLimits limits,
            SecureRandom random,
            Clock clock) {
        this.access = access;
        this.companies = companies;
        this.teams = teams;
        this.invitations = invitations;
        this.delivery = new InvitationDelivery(invitations, queue, limits);
        this.limits = limits;
        this.random = random;
        this.clock = clock;
    }

    /** {@code inviterName}: the display name from the caller's token, if any; {@code resend}: mail open ones again. */
    public List<Result> send(
            Caller caller, String companyId, Optional<String> inviterName, List<Entry> entries, boolean resend) {
        Membership me = access.require(caller, companyId, Permission.INVITE);
        Inviter inviter = new Inviter(caller.sub(), caller.requireVerifiedEmail(), inviterName.orElse(null));
        if (entries.isEmpty() || entries.size() > MAX_ADDRESSES) {
            throw new InvalidInputException(
                    "invalid_invites", "invites holds 1 to " + MAX_ADDRESSES + " addresses.", "invites");
        }
        Company company =
                companies.find(companyId).orElseThrow(() -> new NotFoundException("not_found", "No such company."));
        // The company's teams are read only when an invitation names one.
        Set<String> activeTeams = entries.stream().allMatch(e -> e.teams().isEmpty())
                ? Set.of()
                : TeamPlaces.active(teams.list(companyId), clock.instant());
        Result[] results = new Result[entries.size()];
        Map<String, Planned> planned = new LinkedHashMap<>();
        Map<Integer, String> duplicates = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            Role role = entry.role().orElse(company.settings().defaultRole());
            Set<Permission> permissions =
                    entry.permissions().orElse(company.settings().defaultPermissions());
            requireGrantable(me, entry, role, permissions);
            TeamPlaces.requirePlacer(me, entry.teams().keySet());
            TeamPlaces.require(me, Map.of(), entry.teams(), activeTeams, "invalid_teams", "teams");
            EmailAddress email;
            try {
                email = EmailAddress.parse(entry.email());
            } catch (InvalidEmailException e) {
                results[i] = new Result(entry.email(), Status.INVALID_EMAIL, null, e.code(), e.getMessage());
                continue;
            }
            // One mailbox is one person: bob@ and bob+1@ in one request are the same invitee, invited once.
            if (planned.containsKey(email.mailbox())) {
                duplicates.put(i, email.mailbox());
            } else {
                planned.put(email.mailbox(), new Planned(i, entry.email(), email, role, permissions, entry.teams()));
            }
        }
        if (!planned.isEmpty()) {
            invite(company, inviter, me, planned, resend, results);
        }
        duplicates.forEach((i, canonical) -> {
            Result first = results[planned.get(canonical).index()];
            results[i] = new Result(
                    entries.get(i).email(),
                    Status.ALREADY_INVITED,
                    first.inviteId(),
                    "duplicate",
                    "The same mailbox (the address, or it with a +tag) appears earlier in this request.");
        });
        return List.of(results);
    }

    private record Planned(
            int index,
            String given,
            EmailAddress email,
            Role role,
            Set<Permission> permissions,
            Map<String, Set<TeamPermission>> teams) {}

    private void invite(
            Company company,
            Inviter inviter,
            Membership me,
            Map<String, Planned> planned,
            boolean resend,
            Result[] results) {
        Instant now = clock.instant();
        Set<String> members = invitations.members(
                company.id(),
                planned.values().stream().map(p -> p.email().canonical()).toList());
        Set<String> removed = me.may(Permission.MANAGE_MEMBERS)
                ? Set.of()
                : invitations.removed(
                        company.id(),
                        planned.values().stream().map(Planned::email).toList());
        List<Planned> candidates = planned.values().stream()
                .filter(p -> {
                    if (members.contains(p.email().canonical())) {
                        results[p.index()] = new Result(p.given(), Status.ALREADY_MEMBER, null, "already_member", null);
                        return false;
                    }
                    if (removed.contains(p.email().mailbox())) {
                        results[p.index()] = new Result(
                                p.given(),
                                Status.REMOVED_BY_ADMIN,
                                null,
                                "removed_by_admin",
                                "An admin removed this person; inviting them back takes manage_members.");
                        return false;
                    }
                    return true;
                })
                .toList();
        Map<String, List<PendingInvitation>> pending =
                invitations.pendingFor(candidates.stream().map(Planned::email).toList());
        Map<Planned, InvitationStore.NewInvitation> creates = new LinkedHashMap<>();
        Map<Planned, PendingInvitation> resends = new LinkedHashMap<>();
        for (Planned p : candidates) {
            List<PendingInvitation> ours = pending.getOrDefault(p.email().canonical(), List.of()).stream()
                    .filter(i -> i.companyId().equals(company.id()))
                    .toList();
            Optional<PendingInvitation> open =
                    ours.stream().filter(i -> !i.expiredAt(now)).findFirst();
            if (open.isPresent() && !resend) {
                results[p.index()] =
                        new Result(p.given(), Status.ALREADY_INVITED, open.get().inviteId(), "already_invited", null);
            } else if (open.isPresent()) {
                resends.put(p, open.get());
            } else {
                List<PendingInvitation> expired =
                        ours.stream().filter(i -> i.expiredAt(now)).toList();
                // The link is minted by the sender when it mails: this token's hash only holds the place.
                Invitation invitation = Invitation.create(
                        Invitation.newId(now, random),
                        company,
                        p.email(),
                        p.role(),
                        p.permissions(),
                        p.teams(),
                        inviter,
                        now,
                        InvitationToken.generate(random));
                creates.put(
                        p,
                        new InvitationStore.NewInvitation(
                                invitation, expired, InvitationAudit.invited(invitation, now)));
            }
        }
        int mails = creates.size() + resends.size();
        if (mails == 0) {
            return;
        }
        if (!invitations.reserve(company.id(), InvitationDelivery.day(now), mails, limits.perCompanyPerDay())) {
            throw new RateLimitedException(
                    "This company may send " + limits.perCompanyPerDay()
                            + " invitations a day and this request would go past it; try again tomorrow (UTC).",
                    InvitationDelivery.untilTomorrow(now));
        }
        if (!creates.isEmpty()) {
            List<InvitationDelivery.Delivered> delivered = delivery.invite(List.copyOf(creates.values()), me, now);
            int i = 0;
            for (Planned p : creates.keySet()) {
                results[p.index()] = result(p.given(), Status.INVITED, delivered.get(i++));
            }
        }
        resends.forEach((p, open) -> results[p.index()] = resend(company, me, p, open, now));
    }

    private Result resend(Company company, Membership me, Planned p, PendingInvitation open, Instant now) {
        Optional<Invitation> current = invitations.find(company.id(), open.inviteId());
        if (current.isEmpty() || !current.get().status().open()) {
            return new Result(p.given(), Status.ALREADY_INVITED, open.inviteId(), "already_invited", null);
        }
        try {
            Access.requireGrantable(
                    me,
                    current.get().role(),
                    current.get().permissions(),
                    current.get().teams());
        } catch (ForbiddenException e) {
            return new Result(p.given(), Status.ALREADY_INVITED, open.inviteId(), e.code(), e.getMessage());
        }
        Invitation reissued = current.get().reissued(InvitationToken.generate(random), company, now);
        return result(p.given(), Status.RESENT, delivery.reissue(current.get(), reissued, me, now));
    }

    private static Result result(String given, Status queued, InvitationDelivery.Delivered delivered) {
        String id = delivered.invitation().id();
        switch (delivered.outcome()) {
            case QUEUED:
                return new Result(given, queued, id, null, null);
            case BOUNCED:
                return new Result(given, Status.BOUNCED, id, "address_suppressed", ResendInvitation.SUPPRESSED);
            case ADDRESS_LIMITED:
                return new Result(
                        given,
                        Status.RATE_LIMITED,
                        null,
                        "rate_limited",
                        "This address already received its invitations for today.");
            default:
                return new Result(given, Status.ALREADY_INVITED, id, "already_invited", null);
        }
    }

    /**
     * {@link Access#requireGrantable} on what the invitation grants, defaults included: a default the inviter does not
     * hold is refused (never cut down), saying so, so that they name a role and permissions they hold instead.
     */
    private static void requireGrantable(Membership me, Entry entry, Role role, Set<Permission> permissions) {
        try {
            // What the company's defaults add to this invitation: the parts the entry did not name.
            Access.requireGrantable(
                    me,
                    entry.role().isPresent() ? Role.MEMBER : role,
                    entry.permissions().isPresent() ? Set.of() : permissions);
        } catch (ForbiddenException defaults) {
            throw new ForbiddenException(
                    "cannot_grant",
                    defaults.getMessage() + " The company's default role and permissions for invitations are more than"
                            + " you hold: name a role and permissions you hold.");
        }
        Access.requireGrantable(me, role, permissions);
    }
}
