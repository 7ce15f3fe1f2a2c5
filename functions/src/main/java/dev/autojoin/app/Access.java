package dev.autojoin.app;

import dev.autojoin.domain.Caller;
import dev.autojoin.domain.ForbiddenException;
import dev.autojoin.domain.InvalidInputException;
import dev.autojoin.domain.Membership;
import dev.autojoin.domain.NotFoundException;
import dev.autojoin.domain.Permission;
import dev.autojoin.domain.PreconditionRequiredException;
import dev.autojoin.domain.Role;
import dev.autojoin.domain.TeamPermission;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The one place that decides whether a caller may act on a company; every company route asks it. The rules:
 * <ul>
 *   <li>a company the caller is not in answers 404, as if it did not exist;
 *   <li>a route needs one permission (owners and admins hold the management flags by role);
 *   <li>changing or removing another member needs {@code manage_members} and a role at least the target's (owners
 *       manage owners, admins manage admins and members, members with the flag manage members);
 *   <li>anyone may leave; nobody grants a role above their own or a permission they do not hold, not even when a
 *       company's or a domain's defaults name it.
 * </ul>
 */
public final class Access {
    private final MembershipStore memberships;

    public Access(MembershipStore memberships) {
        this.memberships = memberships;
    }

    /** The caller's membership; a company they are not in is indistinguishable from one that does not exist. */
    public Membership requireMember(Caller caller, String companyId) {
        return requireMember(memberships.find(companyId, caller.sub()));
    }

    public Membership require(Caller caller, String companyId, Permission permission) {
        return require(memberships.find(companyId, caller.sub()), permission);
    }

    /** {@link #requireMember(Caller, String)} on a membership read together with what the route acts on. */
    public static Membership requireMember(Optional<Membership> found) {
        return found.orElseThrow(() -> new NotFoundException("not_found", "No such company."));
    }

    /** {@link #require(Caller, String, Permission)} on a membership read together with what the route acts on. */
    public static Membership require(Optional<Membership> found, Permission permission) {
        Membership membership = requireMember(found);
        if (!membership.may(permission)) {
            throw new ForbiddenException(
                    "forbidden", "This needs the " + permission.wire() + " permission in this company.");
        }
        return membership;
    }

    /**
     * Input checks that need no read, run before a route's combined read: when they fail, the caller still learns
     * 404 or 403 first if that is their answer, as on every company route (the membership is read only then).
     */
    public <T> T validated(Caller caller, String companyId, Permission permission, Supplier<T> check) {
        try {
            return check.get();
        } catch (InvalidInputException | PreconditionRequiredException bad) {
            require(caller, companyId, permission);
            throw bad;
        }
    }

    /** An actor and the member they act on (the same membership when someone acts on themselves). */
    public record Acting(Membership actor, Membership target) {
        public boolean onSelf() {
            return actor.userId().equals(target.userId());
        }
    }

    /**
     * The caller may change or remove {@code targetUserId}. Unknown targets answer 404 only to callers who may
     * manage members, so the route does not tell plain members who is in the company.
     */
    public Acting requireToManage(Caller caller, String companyId, String targetUserId) {
        Membership actor;
        Membership target;
        if (caller.sub().equals(targetUserId)) {
            actor = require(caller, companyId, Permission.MANAGE_MEMBERS);
            target = actor;
        } else {
            // Both memberships in one read; the answers stay those of reading them one after the other.
            Map<String, Membership> found = memberships.findAll(companyId, Set.of(caller.sub(), targetUserId));
            actor = require(Optional.ofNullable(found.get(caller.sub())), Permission.MANAGE_MEMBERS);
            target = Optional.ofNullable(found.get(targetUserId))
                    .orElseThrow(() -> new NotFoundException("member_not_found", "No such member in this company."));
        }
        if (!actor.role().atLeast(target.role())) {
            throw new ForbiddenException(
                    "cannot_manage",
                    "You cannot change a member whose role (" + target.role().wire() + ") is above yours.");
        }
        return new Acting(actor, target);
    }

    /** The caller removes {@code targetUserId}, or leaves when it is themselves: leaving needs no permission. */
    public Acting requireToRemove(Caller caller, String companyId, String targetUserId) {
        if (caller.sub().equals(targetUserId)) {
            Membership self = requireMember(caller, companyId);
            return new Acting(self, self);
        }
        return requireToManage(caller, companyId, targetUserId);
    }

    /**
     * One masking rule for addresses in invitations too: managers see every invited address in full, a member who
     * may only invite sees the addresses they invited themselves, and everyone else's masked, as in the member list.
     */
    public static boolean seesEmailOf(Membership viewer, dev.autojoin.domain.Invitation invitation) {
        return viewer.may(Permission.MANAGE_MEMBERS)
                || viewer.userId().equals(invitation.inviter().userId());
    }

    /** Whether {@code viewer} sees {@code member}'s full email: managers see everyone's, everyone sees their own. */
    public static boolean seesEmailOf(Membership viewer, Membership member) {
        return viewer.may(Permission.MANAGE_MEMBERS) || viewer.userId().equals(member.userId());
    }

    /**
     * {@link #requireGrantable(Membership, Role, Set, Role, Set)} for someone who holds nothing yet (an invitation, an
     * approved join request): the whole role and every permission are a grant, defaults included.
     */
    public static void requireGrantable(Membership actor, Role role, Set<Permission> permissions) {
        // Everyone is at least a member, so granting the member role is never above the actor's.
        requireGrantable(actor, Role.MEMBER, Set.of(), role, permissions);
    }

    /**
     * {@link #requireGrantable(Membership, Role, Set)} with team places too: naming a team needs {@code manage_members}
     * or {@code team_admin} there, and every team flag must be the actor's in that team (what an invitation or an
     * approval gives).
     */
    public static void requireGrantable(
            Membership actor, Role role, Set<Permission> permissions, Map<String, Set<TeamPermission>> teams) {
        requireGrantable(actor, role, permissions);
        TeamPlaces.requirePlacer(actor, teams.keySet());
        teams.forEach((team, flags) -> ChangeTeamMember.requireGrantable(actor, team, Set.of(), flags));
    }

    /**
     * Whether {@code inviter}, as they are now, could send {@code invitation}: they may still invite, and hold its
     * role, every permission and every team place it grants. An invitation outlives none of its inviter's authority:
     * checked at accept, link or sign-up, against the inviter's membership read then (and held by a ConditionCheck on
     * its version).
     */
    public static boolean couldSend(Membership inviter, dev.autojoin.domain.PendingInvitation invitation) {
        if (!inviter.may(Permission.INVITE)) {
            return false;
        }
        try {
            requireGrantable(inviter, invitation.role(), invitation.permissions(), invitation.teams());
            return true;
        } catch (ForbiddenException holdsLess) {
            return false;
        }
    }

    /**
     * Nobody grants more than they hold: a role changed to one above the actor's, or a permission added that the actor
     * does not hold, is refused. Taking away is always allowed; what stays as it was is not a grant.
     */
    public static void requireGrantable(
            Membership actor, Role roleBefore, Set<Permission> before, Role roleAfter, Set<Permission> after) {
        if (roleAfter != roleBefore && !actor.role().atLeast(roleAfter)) {
            throw new ForbiddenException("cannot_grant", "You cannot grant the " + roleAfter.wire() + " role.");
        }
        Set<Permission> added = after.isEmpty() ? EnumSet.noneOf(Permission.class) : EnumSet.copyOf(after);
        added.removeAll(before);
        added.removeAll(actor.effectivePermissions());
        if (!added.isEmpty()) {
            throw new ForbiddenException(
                    "cannot_grant",
                    "You cannot grant permissions you do not hold: "
                            + added.iterator().next().wire() + ".");
        }
    }
}
