package dev.autojoin.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autojoin.app.PropagateCompanyNames;
import dev.autojoin.app.SendJoinDigests;
import dev.autojoin.app.SweepInvitationOutbox;
import dev.autojoin.config.Timeouts;
import dev.autojoin.config.Wiring;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * HousekeepingFunction: every five minutes (EventBridge), the admins' join digests first (people wait for them),
 * then the invitation outbox sweep (queued invitations that never reached the queue go on it again), then the rest
 * of any company rename.
 */
public final class HousekeepingHandler implements RequestHandler<ScheduledEvent, Map<String, Integer>> {
    /** A run leaves the rest of its five minutes to the next one. */
    static final Duration RENAME_BUDGET = Duration.ofSeconds(5);

    private final SendJoinDigests digests;
    private final PropagateCompanyNames renames;
    private final SweepInvitationOutbox outbox;

    public HousekeepingHandler() {
        this(Wiring.fromEnvironment(Timeouts.API));
    }

    HousekeepingHandler(Wiring wiring) {
        this.digests = wiring.sendJoinDigests();
        this.renames = wiring.propagateCompanyNames();
        this.outbox = wiring.sweepInvitationOutbox();
    }

    /** What the run sent and left over, also logged as one line. */
    @Override
    public Map<String, Integer> handleRequest(ScheduledEvent event, Context context) {
        SendJoinDigests.Report sent = digests.run();
        int requeued = outbox.run();
        int unfinished = renames.run(RENAME_BUDGET);
        ObjectNode line = Log.line(sent.failures() > 0 ? "WARN" : "INFO", context.getAwsRequestId(), "schedule.done");
        line.put("notices", sent.notices());
        line.put("companies", sent.companies());
        line.put("emails", sent.emails());
        line.put("emailFailures", sent.failures());
        line.put("invitationsRequeued", requeued);
        line.put("renamesUnfinished", unfinished);
        Log.write(line);
        Map<String, Integer> out = new LinkedHashMap<>();
        out.put("notices", sent.notices());
        out.put("emails", sent.emails());
        out.put("emailFailures", sent.failures());
        out.put("invitationsRequeued", requeued);
        out.put("renamesUnfinished", unfinished);
        return out;
    }
}
