package dev.autojoin.handler;

import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

/** `mvn verify` runs no benchmark, but checks that every benchmarked path still does what its name says. */
class HandlerBenchmarkTest {
    @Test
    void everyBenchmarkedPath_makesItsRequestsAndAnswers() {
        HandlerBenchmark benchmark = new HandlerBenchmark();

        assertThatCode(() -> {
                    benchmark.setUp();
                    benchmark.tearDown();
                })
                .doesNotThrowAnyException();
    }
}
