package dev.autojoin.adapter.ses;

import dev.autojoin.domain.Role;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Phrases the invitation email and the invitation page share, so the two always say the same. */
public final class InvitationWording {
    private static final DateTimeFormatter MOMENT = DateTimeFormatter.ofPattern(
                    "d MMMM yyyy 'at' HH:mm 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private InvitationWording() {}

    /** "a member", "an admin", "an owner". */
    public static String role(Role role) {
        return switch (role) {
            case OWNER -> "an owner";
            case ADMIN -> "an admin";
            case MEMBER -> "a member";
        };
    }

    /** "4 December 2026 at 10:00 UTC". */
    public static String moment(Instant at) {
        return MOMENT.format(at);
    }
}
