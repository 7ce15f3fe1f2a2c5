package dev.autojoin.app;

import dev.autojoin.domain.JoinNotice;
import java.util.List;

/** Notices written with each join or request, waiting for the next digest. */
public interface NotificationOutbox {
    /** Pending notices of every company, grouped by company, at most {@code max}; never a table scan. */
    List<JoinNotice> pending(int max);

    void delete(List<JoinNotice> sent);
}
