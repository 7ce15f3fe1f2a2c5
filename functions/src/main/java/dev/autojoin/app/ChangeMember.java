package dev.autojoin.app;

import dev.autojoin.domain.Actor;
import dev.autojoin.domain.AuditEntry;
import dev.autojoin.domain.Caller;
import dev.autojoin.domain.ConflictException;
import dev.autojoin.domain.InvalidInputException;
import dev.autojoin.domain.Membership;
import dev.autojoin.domain.Permission;
import dev.autojoin.domain.PreconditionFailedException;
import dev.autojoin.domain.Role;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** PATCH /companies/{id}/members/{userId}: role and permissions. */
public final class ChangeMember {
    private final Access access;
    private final MembershipStore memberships;
    private final Clock clock;

    public ChangeMember(Access access, MembershipStore memberships, Clock clock) {
        this.access = access;
        this.memberships = memberships;
        this.clock = clock;
    }

    /** What the caller asks: a new role, new permissions, or both; {@code ifMatch}, the version they read. */
    public record Change(
            Caller caller,
            String companyId,
            String userId,
            Optional<Role> role,
            Optional<Set<Permission>> permissions,
            OptionalLong ifMatch) {}

    public Membership change(Change command) {
        Caller caller = command.caller();
        String companyId = command.companyId();
        String userId = command.userId();
        Optional<Role> role = command.role();
        Optional<Set<Permission>> permissions = command.permissions();
        OptionalLong ifMatch = command.ifMatch();
        if (role.isEmpty() && permissions.isEmpty()) {
            throw new InvalidInputException("empty_patch", "Nothing to change.", null);
        }
        Access.Acting acting = access.requireToManage(caller, companyId, userId);
        Membership target = acting.target();
        if (ifMatch.isPresent() && ifMatch.getAsLong() != target.version()) {
            throw new PreconditionFailedException(
                    "version_conflict", "The member changed since you read them; reload and try again.");
        }
        Role newRole = role.orElse(target.role());
        Set<Permission> newPermissions = permissions.orElseGet(() -> keptFlags(target, newRole));
        Access.requireGrantable(acting.actor(), target.role(), target.permissions(), newRole, newPermissions);
        if (newRole == target.role() && newPermissions.equals(target.permissions())) {
            return target;
        }
        Membership changed = target.changed(newRole, newPermissions);
        AuditEntry entry = AuditEntry.of(
                companyId,
                clock.instant(),
                Actor.user(caller.sub()),
                "member.updated",
                "member:" + userId,
                Audit.of(target),
                Audit.of(changed));
        try {
            memberships.change(target, changed, acting.actor(), entry);
        } catch (ConflictException e) {
            if (ifMatch.isPresent() && "concurrent_change".equals(e.code())) {
                throw new PreconditionFailedException("version_conflict", e.getMessage());
            }
            throw e;
        }
        return changed;
    }

    /** Demoted to member without naming permissions: an admin's or owner's powers do not linger as flags. */
    private static Set<Permission> keptFlags(Membership target, Role newRole) {
        if (newRole != Role.MEMBER || target.role() == Role.MEMBER) {
            return target.permissions();
        }
        Set<Permission> kept = EnumSet.noneOf(Permission.class);
        kept.addAll(target.permissions());
        kept.removeAll(Permission.MANAGEMENT);
        return kept;
    }
}
