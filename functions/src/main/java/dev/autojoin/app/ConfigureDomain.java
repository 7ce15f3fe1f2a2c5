package dev.autojoin.app;

import dev.autojoin.domain.Actor;
import dev.autojoin.domain.AuditEntry;
import dev.autojoin.domain.Caller;
import dev.autojoin.domain.ConflictException;
import dev.autojoin.domain.DomainClaim;
import dev.autojoin.domain.DomainName;
import dev.autojoin.domain.Enrollment;
import dev.autojoin.domain.InvalidInputException;
import dev.autojoin.domain.Membership;
import dev.autojoin.domain.NotFoundException;
import dev.autojoin.domain.Permission;
import dev.autojoin.domain.PreconditionFailedException;
import dev.autojoin.domain.Role;
import dev.autojoin.domain.TeamPermission;
import dev.autojoin.domain.VerificationMethod;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** PATCH /companies/{id}/domains/{domain}: enrollment mode, subdomains and what joiners get. */
public final class ConfigureDomain {
    public record Changes(
            Optional<Enrollment> enrollment,
            Optional<Boolean> includeSubdomains,
            Optional<Role> defaultRole,
            Optional<Set<Permission>> defaultPermissions,
            Optional<Map<String, Set<TeamPermission>>> defaultTeams,
            Optional<Boolean> capture) {
        public boolean isEmpty() {
            return enrollment.isEmpty()
                    && includeSubdomains.isEmpty()
                    && defaultRole.isEmpty()
                    && defaultPermissions.isEmpty()
                    && defaultTeams.isEmpty()
                    && capture.isEmpty();
        }
    }

    private final Access access;
    private final DomainStore domains;
    private final TeamStore teams;

    private final java.time.Clock clock;

    public ConfigureDomain(Access access, DomainStore domains, TeamStore teams, java.time.Clock clock) {
        this.access = access;
        this.domains = domains;
        this.teams = teams;
        this.clock = clock;
    }

    public DomainClaim configure(
            Caller caller, String companyId, String rawDomain, Changes changes, OptionalLong ifMatch) {
        DomainName domain = access.validated(caller, companyId, Permission.MANAGE_SETTINGS, () -> {
            if (changes.isEmpty()) {
                throw new InvalidInputException("empty_patch", "Nothing to change.", null);
            }
            return DomainName.parse(rawDomain);
        });
        DomainStore.Reading reading = domains.readAs(caller.sub(), domain, companyId);
        Membership admin = Access.require(reading.reader(), Permission.MANAGE_SETTINGS);
        DomainClaim current = reading.claims()
                .of(companyId)
                .orElseThrow(() -> new NotFoundException("not_found", "This company has no claim on " + domain + "."));
        if (ifMatch.isPresent() && ifMatch.getAsLong() != current.version()) {
            throw new PreconditionFailedException(
                    "version_conflict", "The domain changed since you read it; reload and try again.");
        }
        Enrollment enrollment = changes.enrollment().orElse(current.enrollment());
        if (enrollment != Enrollment.OFF && !current.verified()) {
            throw new ConflictException(
                    "domain_not_verified", "Verify " + domain + " before turning on " + enrollment.wire() + ".");
        }
        if (changes.includeSubdomains().orElse(false) && current.method() != VerificationMethod.DNS) {
            // A mailbox at the domain proves who runs that mailbox, not who runs every host under the domain.
            throw new ConflictException(
                    "dns_required",
                    "Only a domain proven by its DNS record may cover its subdomains; verify " + domain
                            + " by DNS first.");
        }
        Role role = changes.defaultRole().orElse(current.defaultRole());
        Set<Permission> permissions = changes.defaultPermissions().orElse(current.defaultPermissions());
        requireGrantable(admin, current, role, permissions);
        Map<String, Set<TeamPermission>> defaultTeams = changes.defaultTeams().orElse(current.defaultTeams());
        if (changes.defaultTeams().isPresent()) {
            requireDefaultTeams(admin, current, defaultTeams);
        }
        DomainClaim changed = current.configured(
                enrollment,
                changes.includeSubdomains().orElse(current.includeSubdomains()),
                role,
                permissions,
                defaultTeams,
                capture(current, enrollment, changes.capture()));
        AuditEntry audit = AuditEntry.of(
                companyId,
                clock.instant(),
                Actor.user(caller.sub()),
                "domain.configured",
                "domain:" + domain,
                Audit.of(current),
                Audit.of(changed));
        if (!current.verified()) {
            // A claim still waiting for its proof: settings ready for the day it holds the domain.
            domains.savePending(changed, current.version(), Optional.empty(), 0, admin, audit);
            return changed.asOf(clock.instant());
        }
        return domains.configure(current, changed, admin, audit);
    }

    /**
     * Capture is asked for on a DNS-proven holder in auto_join mode only (one mailbox does not speak for everyone at
     * the domain); leaving auto_join turns it off, and so does turning it off, at once.
     */
    private static boolean capture(DomainClaim current, Enrollment enrollment, Optional<Boolean> asked) {
        boolean on = asked.orElse(current.capture()) && enrollment == Enrollment.AUTO_JOIN;
        if (asked.orElse(false)
                && !(current.verified()
                        && current.method() == VerificationMethod.DNS
                        && enrollment == Enrollment.AUTO_JOIN)) {
            throw new ConflictException(
                    "capture_not_allowed",
                    "Only a domain proven by its DNS record and in auto_join mode can be captured; verify "
                            + current.domain() + " by DNS and turn auto-join on first.");
        }
        return on;
    }

    /**
     * Default teams name active teams of the company, only on a claim that holds the domain (a pending claim may
     * expire unseen), and the grant rule holds per team: a flag added there must be one the admin holds there.
     */
    private void requireDefaultTeams(
            Membership admin, DomainClaim current, Map<String, Set<TeamPermission>> defaultTeams) {
        if (!defaultTeams.isEmpty() && !current.verified()) {
            throw new ConflictException(
                    "domain_not_verified", "Verify " + current.domain() + " before naming its default teams.");
        }
        Set<String> active =
                defaultTeams.isEmpty() ? Set.of() : TeamPlaces.active(teams.list(current.companyId()), clock.instant());
        TeamPlaces.require(
                admin, current.defaultTeams(), defaultTeams, active, "invalid_default_teams", "defaultTeams");
    }

    /** Nobody hands strangers more than they hold, and nobody joins as an owner without a person deciding. */
    private static void requireGrantable(
            Membership admin, DomainClaim current, Role role, Set<Permission> permissions) {
        if (role == Role.OWNER) {
            throw new InvalidInputException(
                    "invalid_default_role", "People who join by domain cannot become owners.", "defaultRole");
        }
        // Only what this change adds is a grant: an admin may switch enrollment without holding every default flag.
        Access.requireGrantable(admin, current.defaultRole(), current.defaultPermissions(), role, permissions);
    }
}
