package dev.autojoin.handler;

/**
 * Every metric the functions emit (Embedded Metric Format, namespace {@value #NAMESPACE}), in one place: the alarms in
 * template.yaml and docs/RUNBOOK.md are held to this list (AlarmsTest).
 */
public enum Metric {
    /** Each sign-up a trigger or hook processed, by its outcome ({@code joined}, {@code no_match}... {@code failed}). */
    SIGNUPS("Signups", "Outcome"),
    /** A sign-up the trigger or hook could not process; GET /me repairs it. */
    SIGNUP_FAILURES("SignupFailures", null),
    /** A sign-up whose time ran out before a write; GET /me (or the person's link) finishes it. */
    SIGNUP_DEFERRED("SignupDeferred", null),
    /** An invitation email SES accepted. */
    INVITATIONS_SENT("InvitationsSent", null),
    /** An invitation email refused for good or given up at its last attempt: its delivery shows failed. */
    INVITATIONS_FAILED("InvitationsFailed", null),
    /** An admin's on-demand DNS check, by result ({@code found}, {@code token_mismatch}...). */
    DOMAIN_CHECKS("DomainChecks", "Result"),
    /** The scheduled re-check's lookups the resolver answered neither way, per run. */
    DOMAIN_RECHECK_LOOKUP_FAILED("DomainRecheckLookupFailed", null),
    /** The re-checks due that a run left for the next one, per run: a backlog. */
    DOMAIN_RECHECK_LEFT_FOR_NEXT_RUN("DomainRecheckLeftForNextRun", null),
    /** A domain verification link emailed. */
    VERIFICATION_EMAILS_SENT("VerificationEmailsSent", null),
    /** A request refused by a rate limit or a daily allowance (429). */
    RATE_LIMIT_REFUSALS("RateLimitRefusals", null),
    /** A mail feedback notification dropped unread (wrong topic, not an SES bounce or complaint). */
    MAIL_FEEDBACK_MALFORMED("MailFeedbackMalformed", null);

    public static final String NAMESPACE = "Autojoin";

    private final String metricName;
    private final String dimension;

    Metric(String metricName, String dimension) {
        this.metricName = metricName;
        this.dimension = dimension;
    }

    /** The CloudWatch metric name. */
    public String metricName() {
        return metricName;
    }

    /** The one dimension each data point carries, or null for none. */
    public String dimension() {
        return dimension;
    }
}
