package dev.autojoin.app;

import dev.autojoin.domain.Actor;
import dev.autojoin.domain.AuditEntry;
import dev.autojoin.domain.Caller;
import dev.autojoin.domain.Company;
import dev.autojoin.domain.CompanySettings;
import dev.autojoin.domain.InvalidInputException;
import dev.autojoin.domain.Membership;
import dev.autojoin.domain.NotFoundException;
import dev.autojoin.domain.Notify;
import dev.autojoin.domain.Permission;
import dev.autojoin.domain.PreconditionFailedException;
import dev.autojoin.domain.PreconditionRequiredException;
import dev.autojoin.domain.Role;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** PATCH /companies/{id}/settings: name, notifications, invitation expiry, default role and permissions. */
public final class UpdateSettings {
    /** How long the request itself spends copying a new name; the scheduled run finishes what is left. */
    static final Duration INLINE_RENAME = Duration.ofSeconds(3);

    public record Changes(
            Optional<String> name,
            Optional<Notify> notifications,
            Optional<Integer> invitationExpiryDays,
            Optional<Role> defaultRole,
            Optional<Set<Permission>> defaultPermissions) {
        public boolean isEmpty() {
            return name.isEmpty()
                    && notifications.isEmpty()
                    && invitationExpiryDays.isEmpty()
                    && defaultRole.isEmpty()
                    && defaultPermissions.isEmpty();
        }
    }

    private final Access access;
    private final CompanyStore companies;
    private final Clock clock;

    public UpdateSettings(Access access, CompanyStore companies, Clock clock) {
        this.access = access;
        this.companies = companies;
        this.clock = clock;
    }

    public Company update(Caller caller, String companyId, Changes changes, OptionalLong ifMatch) {
        access.validated(caller, companyId, Permission.MANAGE_SETTINGS, () -> {
            if (changes.isEmpty()) {
                throw new InvalidInputException("empty_patch", "Nothing to change.", null);
            }
            if (ifMatch.isEmpty()) {
                throw new PreconditionRequiredException(
                        "if_match_required", "Send If-Match with the ETag of the settings you are changing.");
            }
            return changes;
        });
        CompanyStore.Reading reading = companies.readAs(caller.sub(), companyId);
        Membership actor = Access.require(reading.reader(), Permission.MANAGE_SETTINGS);
        Company current = reading.company().orElseThrow(() -> new NotFoundException("not_found", "No such company."));
        if (ifMatch.getAsLong() != current.version()) {
            throw new PreconditionFailedException(
                    "version_conflict", "The settings changed since you read them; reload and try again.");
        }
        CompanySettings was = current.settings();
        Role role = changes.defaultRole().orElse(was.defaultRole());
        if (role == Role.OWNER) {
            throw new InvalidInputException(
                    "invalid_default_role", "Nobody becomes an owner by default.", "defaultRole");
        }
        Set<Permission> permissions = changes.defaultPermissions().orElse(was.defaultPermissions());
        Access.requireGrantable(actor, was.defaultRole(), was.defaultPermissions(), role, permissions);
        CompanySettings settings = new CompanySettings(
                changes.notifications().orElse(was.notifications()),
                changes.invitationExpiryDays().orElse(was.invitationExpiryDays()),
                role,
                permissions);
        String name = changes.name().map(Company::validName).orElse(current.name());
        if (settings.equals(was) && name.equals(current.name())) {
            return current;
        }
        Company changed =
                new Company(companyId, name, current.version() + 1, settings, current.createdAt(), current.createdBy());
        Instant now = clock.instant();
        AuditEntry entry = AuditEntry.of(
                companyId,
                now,
                Actor.user(caller.sub()),
                "settings.updated",
                "company:" + companyId,
                Audit.of(current),
                Audit.of(changed));
        boolean renamed = !name.equals(current.name());
        companies.updateSettings(changed, current.version(), actor, entry, renamed);
        if (renamed) {
            try {
                companies.propagateName(companyId, INLINE_RENAME);
            } catch (RuntimeException unfinished) {
                // The rename is committed and marked: the scheduled run copies the name to what is left.
            }
        }
        return changed;
    }
}
