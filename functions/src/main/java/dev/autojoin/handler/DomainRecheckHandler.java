package dev.autojoin.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autojoin.app.RecheckDomains;
import dev.autojoin.config.Timeouts;
import dev.autojoin.config.Wiring;
import java.util.LinkedHashMap;
import java.util.Map;

/** DomainRecheckFunction: the hourly EventBridge schedule re-checks the DNS proofs that are due. */
public final class DomainRecheckHandler implements RequestHandler<ScheduledEvent, Map<String, Integer>> {
    /** A run stops starting lookups when less than this is left of the invocation. */
    static final long RESERVE_MILLIS = 5_000;

    private final RecheckDomains recheckDomains;

    public DomainRecheckHandler() {
        this(Wiring.fromEnvironment(Timeouts.API));
    }

    DomainRecheckHandler(Wiring wiring) {
        this.recheckDomains = wiring.recheckDomains();
    }

    /** The run's counts, also logged as one line. */
    @Override
    public Map<String, Integer> handleRequest(ScheduledEvent event, Context context) {
        long started = System.nanoTime();
        RecheckDomains.Run run = recheckDomains.run(() -> context.getRemainingTimeInMillis() > RESERVE_MILLIS);
        Map<String, Integer> summary = new LinkedHashMap<>();
        summary.put("checked", run.checked());
        summary.put("passed", run.passed());
        summary.put("failing", run.failing());
        summary.put("unverified", run.unverified());
        summary.put("skipped", run.skipped());
        summary.put("lookupFailed", run.lookupFailed());
        summary.put("leftForNextRun", run.leftForNextRun());
        summary.put("adminsNotified", run.notified());
        summary.put("notificationsFailed", run.notificationsFailed());
        summary.put("deferred", run.deferred());
        // A backlog means the hourly runs fall behind the daily checks: worth an alarm on the log line.
        boolean warn = run.notificationsFailed() > 0
                || run.lookupFailed() > 0
                || run.deferred() > 0
                || run.leftForNextRun() > 0;
        ObjectNode line = Log.line(warn ? "WARN" : "INFO", context.getAwsRequestId(), "domains.recheck");
        summary.forEach(line::put);
        line.put("micros", (System.nanoTime() - started) / 1000);
        Log.write(line);
        Log.metric(context.getAwsRequestId(), Metric.DOMAIN_RECHECK_LOOKUP_FAILED, run.lookupFailed());
        Log.metric(context.getAwsRequestId(), Metric.DOMAIN_RECHECK_LEFT_FOR_NEXT_RUN, run.leftForNextRun());
        return summary;
    }
}
