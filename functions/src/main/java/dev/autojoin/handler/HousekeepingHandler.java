package dev.autojoin.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autojoin.app.PropagateCompanyNames;
import dev.autojoin.app.SendJoinDigests;
import dev.autojoin.app.SweepInvitationOutbox;
import dev.autojoin.app.TellShadowCompanies;
import dev.autojoin.config.Timeouts;
import dev.autojoin.config.Wiring;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * HousekeepingFunction: every five minutes (EventBridge), the admins' join digests first (people wait for them),
 * then the invitation outbox sweep (queued invitations that never reached the queue go on it again), then the rest
 * of any company rename, then the owners of shadow companies of a domain captured since the last run.
 */
public final class HousekeepingHandler implements RequestHandler<ScheduledEvent, Map<String, Integer>> {
    /** A run leaves the rest of its five minutes to the next one. */
    static final Duration RENAME_BUDGET = Duration.ofSeconds(5);
    /** Telling shadow companies' owners of a capture takes what is left of a run, at most this. */
    static final Duration CAPTURE_BUDGET = Duration.ofSeconds(20);

    private final SendJoinDigests digests;
    private final PropagateCompanyNames renames;
    private final SweepInvitationOutbox outbox;
    private final TellShadowCompanies shadows;

    public HousekeepingHandler() {
        this(Wiring.fromEnvironment(Timeouts.API));
    }

    HousekeepingHandler(Wiring wiring) {
        this.digests = wiring.sendJoinDigests();
        this.renames = wiring.propagateCompanyNames();
        this.outbox = wiring.sweepInvitationOutbox();
        this.shadows = wiring.tellShadowCompanies();
    }

    /** What the run sent and left over, also logged as one line. */
    @Override
    public Map<String, Integer> handleRequest(ScheduledEvent event, Context context) {
        SendJoinDigests.Report sent = digests.run();
        int requeued = outbox.run();
        int unfinished = renames.run(RENAME_BUDGET);
        TellShadowCompanies.Report told = shadows.run(CAPTURE_BUDGET);
        ObjectNode line = Log.line(
                sent.failures() + told.failures() > 0 ? "WARN" : "INFO", context.getAwsRequestId(), "schedule.done");
        line.put("notices", sent.notices());
        line.put("companies", sent.companies());
        line.put("emails", sent.emails());
        line.put("emailFailures", sent.failures());
        line.put("invitationsRequeued", requeued);
        line.put("renamesUnfinished", unfinished);
        line.put("shadowCompaniesTold", told.companies());
        line.put("captureEmails", told.emails());
        line.put("captureEmailFailures", told.failures());
        line.put("capturesUnfinished", told.unfinished());
        Log.write(line);
        Map<String, Integer> out = new LinkedHashMap<>();
        out.put("notices", sent.notices());
        out.put("emails", sent.emails());
        out.put("emailFailures", sent.failures());
        out.put("invitationsRequeued", requeued);
        out.put("renamesUnfinished", unfinished);
        out.put("shadowCompaniesTold", told.companies());
        out.put("captureEmails", told.emails());
        out.put("captureEmailFailures", told.failures());
        out.put("capturesUnfinished", told.unfinished());
        return out;
    }
}
