package dev.autojoin.app;

import dev.autojoin.domain.JoinNotice;
import java.time.Instant;
import java.util.List;

/** Notices written with each join or request, waiting for the next digest. */
public interface NotificationOutbox {
    /** Pending notices of every company, grouped by company, at most {@code max}; never a table scan. */
    List<JoinNotice> pending(int max);

    /**
     * Takes the company's digest for the run {@code run} until {@code until}, or until {@link #release}: false while
     * another run holds it. One conditional write.
     */
    boolean lease(String companyId, String run, Instant now, Instant until);

    /** The company's notices waiting now, read strongly consistent: none that another run has already sent. */
    List<JoinNotice> pendingOf(String companyId, int max);

    /** Gives the company's digest back, if {@code run} still holds it. */
    void release(String companyId, String run);

    void delete(List<JoinNotice> sent);
}
