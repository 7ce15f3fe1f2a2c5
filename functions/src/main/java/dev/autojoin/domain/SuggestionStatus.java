package dev.autojoin.domain;

/**
 * Where a person stands with a company they are not (or no longer) a member of. {@code removed} is never shown to
 * the person; it only stops GET /me from trying to auto-join them again, and so does {@code kept}.
 */
public enum SuggestionStatus implements WireName {
    SUGGESTED,
    PENDING,
    APPROVED,
    DECLINED,
    LEFT,
    REMOVED,
    /**
     * A company capturing the person's domain, offered to someone already in another company: never joined
     * silently, they join it at once or keep going as they are.
     */
    OFFERED,
    /** They chose to keep going as they are: never shown again, never auto-joined. */
    KEPT;

    /** Whether the person asked to join (and an admin may have decided). */
    public boolean requested() {
        return this == PENDING || this == APPROVED || this == DECLINED;
    }
}
