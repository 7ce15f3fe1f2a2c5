package dev.autojoin.config;

import java.net.URI;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Every configuration value the functions read, in one class. A value comes from the environment, or from a JVM
 * system property of the same name (how the local stack configures handlers it runs in process).
 */
public final class Env {
    private final UnaryOperator<String> source;

    public Env(UnaryOperator<String> source) {
        this.source = source;
    }

    public static Env system() {
        return new Env(name -> {
            String value = System.getenv(name);
            return value != null ? value : System.getProperty(name);
        });
    }

    public String tableName() {
        return require("TABLE_NAME");
    }

    public String region() {
        return require("AWS_REGION");
    }

    /** Set only against an emulator; absent in AWS. */
    public Optional<URI> endpoint() {
        return optional("AWS_ENDPOINT_URL").map(URI::create);
    }

    public String senderEmail() {
        return require("SENDER_EMAIL");
    }

    /** The SES configuration set every email is sent with: its event destination publishes bounces and complaints. */
    public Optional<String> sesConfigurationSet() {
        return optional("SES_CONFIGURATION_SET");
    }

    /** The SNS topic SES publishes bounces and complaints to: the feedback function accepts no other. */
    public String mailFeedbackTopicArn() {
        return require("MAIL_FEEDBACK_TOPIC_ARN");
    }

    /** Links in emails are built from this, never from a request's Host header. */
    public URI appBaseUrl() {
        return URI.create(require("APP_BASE_URL"));
    }

    /** {@code true} only when the variable is exactly {@code true}: an operator's opt-in, off by default. */
    public boolean flag(String name) {
        return optional(name).map("true"::equals).orElse(false);
    }

    /**
     * The JWT claims that carry the caller's email and its verified flag: Cognito's and most issuers' {@code email}
     * and {@code email_verified} unless the HTTP API trusts an issuer that names them otherwise (Auth0's namespaced
     * {@code https://example.com/email}, say).
     */
    public ClaimNames claimNames() {
        return new ClaimNames(
                optional("EMAIL_CLAIM").orElse("email"),
                optional("EMAIL_VERIFIED_CLAIM").orElse("email_verified"));
    }

    public record ClaimNames(String email, String emailVerified) {
        public static final ClaimNames DEFAULT = new ClaimNames("email", "email_verified");
    }

    /** How long audit entries are kept before DynamoDB's TTL removes them. */
    public java.time.Duration auditRetention() {
        String days = optional("AUDIT_RETENTION_DAYS").orElse("400");
        try {
            return java.time.Duration.ofDays(Integer.parseInt(days));
        } catch (NumberFormatException e) {
            throw new IllegalStateException("AUDIT_RETENTION_DAYS must be a whole number of days, not " + days);
        }
    }

    /** Invitation mails a company may send per UTC day (the daily limit answers 429 past it). */
    public int invitesPerCompanyPerDay() {
        return positive("INVITES_PER_COMPANY_PER_DAY", 500);
    }

    /** Companies one person may create per UTC day: each brings its own invitation and verification allowances. */
    public int companiesPerUserPerDay() {
        return positive("COMPANIES_PER_USER_PER_DAY", 5);
    }

    /** Invitation mails one address may receive per UTC day, from every company together. */
    public int invitesPerAddressPerDay() {
        return positive("INVITES_PER_ADDRESS_PER_DAY", 3);
    }

    /** The queue invitation emails wait in (one message per email); the invites route and the sweep put them on it. */
    public String invitationQueueUrl() {
        return require("INVITATION_QUEUE_URL");
    }

    /**
     * Emails per second the sender function sends in all ({@code SesMaxSendRate}); never above the account's SES
     * MaxSendRate, which the sender reads at INIT.
     */
    public double sesMaxSendRate() {
        String raw = optional("SES_MAX_SEND_RATE").orElse("10");
        try {
            double value = Double.parseDouble(raw.strip());
            if (value > 0 && Double.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalStateException("SES_MAX_SEND_RATE must be a number of emails per second above 0, not " + raw);
    }

    /** Sender containers that may run at once (the event source's MaximumConcurrency): each takes its share. */
    public int invitationMailConcurrency() {
        return positive("INVITATION_MAIL_CONCURRENCY", 1);
    }

    /** The queue's maxReceiveCount: at this receive a message's failure is final (then the dead-letter queue). */
    public int invitationMailMaxReceives() {
        return positive("INVITATION_MAIL_MAX_RECEIVES", 5);
    }

    private int positive(String name, int fallback) {
        String raw = optional(name).orElse(Integer.toString(fallback));
        try {
            int value = Integer.parseInt(raw.strip());
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalStateException(name + " must be a whole number above 0, not " + raw);
    }

    /** Only the local stack sets this: time that {@code POST /_local/clock} can move forward. */
    public boolean adjustableClock() {
        return optional("AUTOJOIN_ADJUSTABLE_CLOCK").map("true"::equals).orElse(false);
    }

    /** {@code host:port} of the resolver DNS TXT lookups ask; absent, the system's (/etc/resolv.conf). */
    public Optional<String> dnsResolver() {
        return optional("DNS_RESOLVER");
    }

    /** Domain verification timings; the re-check cadence, grace and batch may be tuned per deployment. */
    public dev.autojoin.app.VerificationRules verificationRules() {
        dev.autojoin.app.VerificationRules defaults = dev.autojoin.app.VerificationRules.defaults();
        return defaults.withRecheck(
                java.time.Duration.ofHours(whole(
                        "RECHECK_INTERVAL_HOURS", defaults.recheckInterval().toHours())),
                java.time.Duration.ofHours(
                        whole("RECHECK_GRACE_HOURS", defaults.grace().toHours())),
                (int) whole("RECHECK_BATCH_SIZE", defaults.recheckBatch()));
    }

    private long whole(String name, long defaultValue) {
        String value = optional(name).orElse(Long.toString(defaultValue));
        try {
            long parsed = Long.parseLong(value.strip());
            if (parsed < 1) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalStateException(name + " must be a whole number of at least 1, not " + value);
        }
    }

    /** Discovery lookups per client address per minute: enough for a sign-up form, too few to enumerate domains. */
    public int discoveryPerClientPerMinute() {
        String value = optional("DISCOVERY_PER_CLIENT_PER_MINUTE").orElse("30");
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("DISCOVERY_PER_CLIENT_PER_MINUTE must be a whole number, not " + value);
        }
    }

    /** DNS checks (POST .../check) one company may run per domain per minute; each holds the function seconds. */
    public int domainChecksPerMinute() {
        return positive("DOMAIN_CHECKS_PER_MINUTE", 10);
    }

    public Optional<String> optional(String name) {
        return Optional.ofNullable(source.apply(name)).filter(v -> !v.isBlank());
    }

    public String require(String name) {
        return optional(name)
                .orElseThrow(() -> new IllegalStateException(
                        "Missing environment variable " + name + ": set it in template.yaml (or the local stack)."));
    }
}
