package dev.autojoin.app;

import dev.autojoin.domain.Company;
import dev.autojoin.domain.DomainClaim;
import dev.autojoin.domain.Membership;
import dev.autojoin.domain.WireName;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

/** The flat before/after pictures audit entries keep of each kind of thing. */
final class Audit {
    private Audit() {}

    static String names(Collection<? extends WireName> values) {
        return values.stream().map(WireName::wire).sorted().collect(Collectors.joining(","));
    }

    static Map<String, String> of(DomainClaim claim) {
        Map<String, String> picture = new java.util.HashMap<>(Map.of(
                "status", claim.status().wire(),
                "method", claim.method().wire(),
                "enrollment", claim.enrollment().wire(),
                "includeSubdomains", Boolean.toString(claim.includeSubdomains()),
                "defaultRole", claim.defaultRole().wire(),
                "defaultPermissions", names(claim.defaultPermissions())));
        if (claim.capture()) {
            picture.put("capture", "true");
        }
        if (!claim.defaultTeams().isEmpty()) {
            picture.put("defaultTeams", teams(claim.defaultTeams()));
        }
        if (claim.verification().graceEndsAt() != null) {
            picture.put("graceEndsAt", claim.verification().graceEndsAt().toString());
        }
        return picture;
    }

    static Map<String, String> of(Company company) {
        return Map.of(
                "name", company.name(),
                "notify", company.settings().notifications().wire(),
                "invitationExpiryDays", Integer.toString(company.settings().invitationExpiryDays()),
                "defaultRole", company.settings().defaultRole().wire(),
                "defaultPermissions", names(company.settings().defaultPermissions()));
    }

    static Map<String, String> of(Membership member) {
        return member.email() == null
                ? Map.of("role", member.role().wire(), "permissions", names(member.permissions()))
                : Map.of(
                        "email", member.email().value(),
                        "role", member.role().wire(),
                        "permissions", names(member.permissions()));
    }

    /** Teams and their flags, flat: {@code teamId=post_jobs+hire;teamId2=}. */
    static String teams(Map<String, ? extends Collection<? extends WireName>> teams) {
        return teams.entrySet().stream()
                .map(e -> e.getKey() + "=" + names(e.getValue()).replace(',', '+'))
                .sorted()
                .collect(Collectors.joining(";"));
    }

    static Map<String, String> of(dev.autojoin.domain.Team team) {
        return team.archived()
                ? Map.of("name", team.name(), "archivedAt", team.archivedAt().toString())
                : Map.of("name", team.name());
    }

    /** A member's standing in one team: their flags there, or absent (null) when not in it. */
    static Map<String, String> inTeam(Membership member, String teamId) {
        return member.inTeam(teamId)
                ? Map.of("permissions", names(member.teams().get(teamId)))
                : null;
    }
}
