package dev.autojoin.app;

import java.util.List;

/**
 * The queue the invitation emails wait in: one message per email, naming the invitation only (the sender reads it
 * and mints the link's token itself, so no token ever sits in a queue). The invitation item is the outbox: whatever
 * this did not take is put on the queue again by {@link SweepInvitationOutbox}.
 */
public interface InvitationQueue {
    record Message(String companyId, String inviteId) {}

    /** Puts each message on the queue; answers how many the queue did not take (never throws for an outage). */
    int enqueue(List<Message> messages);
}
