package dev.autojoin.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autojoin.app.JoinOnSignup;
import dev.autojoin.domain.RateLimitedException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void aMetricLine_isEmbeddedMetricFormat_withItsDimensionAndValue() {
        EmittedMetrics emitted = EmittedMetrics.during(() -> Log.metric("req-1", Metric.DOMAIN_CHECKS, "found"));

        JsonNode line = emitted.lines().get(0);
        JsonNode directive = line.path("_aws").path("CloudWatchMetrics").get(0);
        assertThat(line.path("requestId").asText()).isEqualTo("req-1");
        assertThat(line.path("_aws").path("Timestamp").isNumber()).isTrue();
        assertThat(directive.path("Namespace").asText()).isEqualTo("Autojoin");
        assertThat(directive.path("Dimensions").toString()).isEqualTo("[[\"Result\"]]");
        assertThat(directive.path("Metrics").toString()).isEqualTo("[{\"Name\":\"DomainChecks\",\"Unit\":\"Count\"}]");
        assertThat(line.path("Result").asText()).isEqualTo("found");
        assertThat(line.path("DomainChecks").asLong()).isEqualTo(1);
    }

    @Test
    void aRunsCount_isOneDataPoint_zeroIncluded() {
        EmittedMetrics emitted = EmittedMetrics.during(() -> {
            Log.metric("run", Metric.DOMAIN_RECHECK_LEFT_FOR_NEXT_RUN, 37);
            Log.metric("run", Metric.DOMAIN_RECHECK_LOOKUP_FAILED, 0);
        });

        assertThat(emitted.lines()).hasSize(2);
        assertThat(emitted.sum(Metric.DOMAIN_RECHECK_LEFT_FOR_NEXT_RUN)).isEqualTo(37);
        assertThat(emitted.lines()
                        .get(1)
                        .path("_aws")
                        .path("CloudWatchMetrics")
                        .get(0)
                        .path("Dimensions")
                        .toString())
                .isEqualTo("[[]]");
    }

    @Test
    void aMetric_isRefused_withoutItsDimension_orWithOneItHasNot() {
        assertThatThrownBy(() -> Log.metric("r", Metric.SIGNUPS)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Log.metric("r", Metric.SIGNUP_FAILURES, "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSignup_isCountedByItsOutcome_andADeferredOne_alsoAsDeferred() {
        EmittedMetrics emitted = EmittedMetrics.during(() -> {
            Signups.log(
                    "r1",
                    "cognito",
                    "s1",
                    "bob@acme.com",
                    new JoinOnSignup.Result(JoinOnSignup.Outcome.JOINED, "c1", null, null));
            Signups.log(
                    "r2",
                    "cognito",
                    "s2",
                    "carol@acme.com",
                    new JoinOnSignup.Result(JoinOnSignup.Outcome.NO_MATCH, null, null, null));
            Signups.log(
                    "r3",
                    "cognito",
                    "s3",
                    "dan@acme.com",
                    new JoinOnSignup.Result(JoinOnSignup.Outcome.DEFERRED, "c1", null, null));
        });

        assertThat(emitted.sum(Metric.SIGNUPS, "joined")).isEqualTo(1);
        assertThat(emitted.sum(Metric.SIGNUPS, "no_match")).isEqualTo(1);
        assertThat(emitted.sum(Metric.SIGNUPS, "deferred")).isEqualTo(1);
        assertThat(emitted.sum(Metric.SIGNUP_DEFERRED)).isEqualTo(1);
        assertThat(emitted.sum(Metric.SIGNUP_FAILURES)).isZero();
    }

    @Test
    void aFailedSignup_isCountedAsFailed_andAsASignupFailure() {
        EmittedMetrics emitted =
                EmittedMetrics.during(() -> Signups.failed("r", new IllegalStateException("table down")));

        assertThat(emitted.sum(Metric.SIGNUPS, "failed")).isEqualTo(1);
        assertThat(emitted.sum(Metric.SIGNUP_FAILURES)).isEqualTo(1);
    }

    @Test
    void aRateLimitRefusal_isCounted_andNoOtherRefusalIs() {
        EmittedMetrics emitted = EmittedMetrics.during(() -> {
            assertThat(Problems.from(new RateLimitedException("slow down", Duration.ofSeconds(3)), "r")
                            .status())
                    .isEqualTo(429);
            Problems.from(new IllegalStateException("boom"), "r");
        });

        assertThat(emitted.sum(Metric.RATE_LIMIT_REFUSALS)).isEqualTo(1);
        assertThat(emitted.lines()).hasSize(1);
    }
}
