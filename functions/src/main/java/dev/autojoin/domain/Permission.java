package dev.autojoin.domain;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;

/** Flags on a membership. Owners and admins hold the management flags by role. */
public enum Permission implements WireName {
    MANAGE_SETTINGS,
    MANAGE_MEMBERS,
    INVITE,
    POST_JOBS,
    HIRE,
    PAY,
    VIEW_SPENDING;

    public static final Set<Permission> MANAGEMENT = EnumSet.of(MANAGE_SETTINGS, MANAGE_MEMBERS, INVITE);

    /** The least-privilege default for people who join without an admin in the loop. */
    public static final Set<Permission> AUTO_JOIN_DEFAULT = EnumSet.of(POST_JOBS);

    public static Permission parse(String raw) {
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
