package dev.triage.bot.probe;

import java.time.Instant;
import java.util.Objects;

/**
 * One stats period of one target as the leader wrote it to {@code probe_aggregates}: its state at the period's end, the
 * prober's running counts, and the latency percentiles over the probes it kept in memory then (the last hour's, by default).
 *
 * @param probes   probes run since that prober started probing the target (it restarts from 0 with a new leader)
 * @param failures of those, how many failed
 * @param p50Millis null when the prober had no latency yet
 */
public record ProbePeriod(Instant at, String state, long probes, long failures, Long p50Millis, Long p95Millis) {
    public ProbePeriod {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(state, "state");
    }
}
