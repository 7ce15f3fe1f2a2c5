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

    /** Links in emails are built from this, never from a request's Host header. */
    public URI appBaseUrl() {
        return URI.create(require("APP_BASE_URL"));
    }

    public String signupWebhookSecret() {
        return require("SIGNUP_WEBHOOK_SECRET");
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

    /** Invitation mails one address may receive per UTC day, from every company together. */
    public int invitesPerAddressPerDay() {
        return positive("INVITES_PER_ADDRESS_PER_DAY", 3);
    }

    /** Addresses a bulk invite mails at the same time (each is one transaction and one email). */
    public int invitesSendConcurrency() {
        return positive("INVITES_SEND_CONCURRENCY", 8);
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

    public Optional<String> optional(String name) {
        return Optional.ofNullable(source.apply(name)).filter(v -> !v.isBlank());
    }

    public String require(String name) {
        return optional(name)
                .orElseThrow(() -> new IllegalStateException(
                        "Missing environment variable " + name + ": set it in template.yaml (or the local stack)."));
    }
}
