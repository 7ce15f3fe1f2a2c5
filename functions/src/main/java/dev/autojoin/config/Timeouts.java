package dev.autojoin.config;

import java.time.Duration;

/** How long a function waits for AWS before giving up; the sign-up trigger must leave Cognito's 5 s intact. */
public record Timeouts(Duration connect, Duration socket, Duration attempt, Duration total, int maxAttempts) {
    /** Two attempts of at most 900 ms each, 1.8 s in all: the trigger answers well inside Cognito's limit. */
    public static final Timeouts TRIGGER = new Timeouts(
            Duration.ofMillis(400), Duration.ofMillis(900), Duration.ofMillis(900), Duration.ofMillis(1800), 2);

    /** API calls may wait longer, but answer a 503 long before API Gateway's 30 s. */
    public static final Timeouts API =
            new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ofSeconds(6), 3);
}
