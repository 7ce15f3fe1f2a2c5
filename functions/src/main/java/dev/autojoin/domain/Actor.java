package dev.autojoin.domain;

import java.util.Objects;

/** Who acted: a person (by IdP sub), the enrollment policy, or the system itself. */
public record Actor(Type type, String userId) {
    public enum Type implements WireName {
        USER,
        POLICY,
        SYSTEM
    }

    public Actor {
        Objects.requireNonNull(type, "type");
        if ((type == Type.USER) != (userId != null)) {
            throw new IllegalArgumentException("a user actor, and only a user actor, names a userId");
        }
    }

    public static Actor user(String userId) {
        return new Actor(Type.USER, userId);
    }

    public static Actor policy() {
        return new Actor(Type.POLICY, null);
    }
}
