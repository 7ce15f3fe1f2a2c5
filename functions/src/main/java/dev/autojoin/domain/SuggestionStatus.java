package dev.autojoin.domain;

/**
 * Where a person stands with a company they are not (or no longer) a member of. {@code removed} is never shown to
 * the person; it only stops GET /me from trying to auto-join them again.
 */
public enum SuggestionStatus implements WireName {
    SUGGESTED,
    PENDING,
    APPROVED,
    DECLINED,
    LEFT,
    REMOVED;

    /** Whether the person asked to join (and an admin may have decided). */
    public boolean requested() {
        return this == PENDING || this == APPROVED || this == DECLINED;
    }
}
