package dev.autojoin.app;

import dev.autojoin.domain.Invitation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The outbox sweep: invitations still {@code queued} a while after they were put on the queue (the request died
 * between its write and the queue, the queue refused, a message was lost) go on the queue again. The sender skips an
 * invitation it mailed already, so a message twice is harmless.
 */
public final class SweepInvitationOutbox {
    /** Longer than the queue takes to drain a day's allowance of one company at the default rate. */
    public static final Duration GRACE = Duration.ofMinutes(5);

    /** Per run: the sweep is a schedule's few seconds. */
    public static final int BATCH = 500;

    private final InvitationStore invitations;
    private final InvitationQueue queue;
    private final Clock clock;

    public SweepInvitationOutbox(InvitationStore invitations, InvitationQueue queue, Clock clock) {
        this.invitations = invitations;
        this.queue = queue;
        this.clock = clock;
    }

    /** How many invitations went on the queue again (0 when the queue took none). */
    public int run() {
        Instant now = clock.instant();
        List<Invitation> stuck = invitations.undelivered(now.minus(GRACE), BATCH);
        if (stuck.isEmpty()) {
            return 0;
        }
        int refused = queue.enqueue(stuck.stream()
                .map(i -> new InvitationQueue.Message(i.companyId(), i.id()))
                .toList());
        if (refused > 0) {
            return 0; // not known which were taken: all stay due, and the next run tries again
        }
        stuck.forEach(invitation -> invitations.requeued(invitation, now));
        return stuck.size();
    }
}
