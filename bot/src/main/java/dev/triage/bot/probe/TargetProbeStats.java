package dev.triage.bot.probe;

import java.time.Duration;
import java.time.Instant;

/**
 * One target as the prober saw it, for {@code /backend probes} and the periodic aggregates.
 *
 * @param since             when the current state began; null while UNKNOWN
 * @param silence           the silence on, or null
 * @param last              the most recent probe result, or null before the first
 * @param latencyP50        over the recent probes kept in memory (zero before the first)
 * @param probes            probes run since the target was added
 * @param failures          of those, how many failed
 * @param skipped           probes not started because the previous one still ran, or their slot passed
 * @param discardedFailures failures not counted towards DOWN because the prober was starved when they ran
 */
public record TargetProbeStats(
        String target,
        HealthState state,
        Instant since,
        Silence silence,
        ProbeResult last,
        Duration lastLatency,
        Duration latencyP50,
        Duration latencyP95,
        long probes,
        long failures,
        long skipped,
        long discardedFailures,
        Duration interval) {
}
