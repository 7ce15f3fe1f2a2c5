package dev.autojoin.domain;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One change to a company, as its admins read it later: who, what, to what, before and after, when. Written in the
 * same transaction as the change it describes, so there is never a change without its entry.
 */
public record AuditEntry(
        String id,
        String companyId,
        Instant at,
        Actor actor,
        String action,
        String target,
        Map<String, String> before,
        Map<String, String> after) {
    public AuditEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(companyId, "companyId");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(target, "target");
        before = before == null ? Map.of() : Map.copyOf(before);
        after = after == null ? Map.of() : Map.copyOf(after);
    }

    public static AuditEntry of(
            String companyId,
            Instant at,
            Actor actor,
            String action,
            String target,
            Map<String, String> before,
            Map<String, String> after) {
        return new AuditEntry(UUID.randomUUID().toString(), companyId, at, actor, action, target, before, after);
    }
}
