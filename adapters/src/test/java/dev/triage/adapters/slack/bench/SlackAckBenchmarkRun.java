package dev.triage.adapters.slack.bench;

import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Runs {@link SlackAckBenchmark} from Maven when asked for (tag {@code benchmark}, excluded by default). */
@Tag("benchmark")
class SlackAckBenchmarkRun {

    @Test
    void printAckLatencyOfFiftyConcurrentSenders() throws Exception {
        System.out.println(SlackAckBenchmark.run(50, 40, Duration.ofMillis(250)));
    }
}
