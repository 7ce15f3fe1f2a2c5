package dev.autojoin.domain;

/** Roles in rank order: a higher rank may do everything a lower one may. */
public enum Role implements WireName {
    MEMBER,
    ADMIN,
    OWNER;

    public boolean atLeast(Role other) {
        return compareTo(other) >= 0;
    }

    public static Role parse(String raw) {
        return WireName.parse(Role.class, raw, "role");
    }
}
