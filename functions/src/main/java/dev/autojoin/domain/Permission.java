package dev.autojoin.domain;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;

/**
 * Company-wide flags on a membership. Owners and admins hold the management flags by role. Jobs, hiring and spending
 * are team flags ({@link TeamPermission}), granted per team only: one way to grant each thing.
 */
public enum Permission implements WireName {
    MANAGE_SETTINGS,
    MANAGE_MEMBERS,
    INVITE,
    PAY;

    public static final Set<Permission> MANAGEMENT = EnumSet.of(MANAGE_SETTINGS, MANAGE_MEMBERS, INVITE);

    /**
     * The least-privilege default for people who join without an admin in the loop: no company flag (what they may do
     * in a team comes from the domain's default teams).
     */
    public static final Set<Permission> AUTO_JOIN_DEFAULT = Set.of();

    public static Permission parse(String raw) {
        for (TeamPermission team : TeamPermission.values()) {
            if (team.wire().equals(raw)) {
                throw new InvalidInputException(
                        "invalid_permission",
                        raw + " is a team flag: it is granted per team (teams), not at company level.",
                        "permission");
            }
        }
        return WireName.parse(Permission.class, raw, "permission");
    }

    public static Set<Permission> parseAll(Collection<String> raw) {
        Set<Permission> out = EnumSet.noneOf(Permission.class);
        for (String r : raw) {
            out.add(parse(r));
        }
        return out;
    }

    /** What a role and its flags allow together. */
    public static Set<Permission> effective(Role role, Set<Permission> flags) {
        Set<Permission> out = flags.isEmpty() ? EnumSet.noneOf(Permission.class) : EnumSet.copyOf(flags);
        if (role.atLeast(Role.ADMIN)) {
            out.addAll(MANAGEMENT);
        }
        if (role == Role.OWNER) {
            out.addAll(EnumSet.allOf(Permission.class));
        }
        return out;
    }
}
