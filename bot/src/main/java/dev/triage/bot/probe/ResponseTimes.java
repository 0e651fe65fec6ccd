package dev.triage.bot.probe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A target's response time over a window, from its stored stats periods ({@code probe_aggregates}, one a minute). Each
 * period holds the p50 and p95 of the probes the prober kept in memory then (the last hour's, by default); over the window
 * the figure is the median of those, each period weighted by the probes run in it — a typical hour's p50 and p95, not a
 * percentile over every single probe (the store keeps no single probes).
 *
 * @param periods stats periods in the window that had latencies
 * @param probes  probes run in the window, as far as the periods' counts tell (a new leader's prober counts from 0)
 * @param failed  of those, how many failed
 */
public record ResponseTimes(Duration p50, Duration p95, int periods, long probes, long failed) {
    public ResponseTimes {
        Objects.requireNonNull(p50, "p50");
        Objects.requireNonNull(p95, "p95");
    }

    /** From the periods of one target, oldest first; empty when none had a latency. */
    public static Optional<ResponseTimes> of(List<ProbePeriod> periods) {
        List<long[]> p50 = new ArrayList<>();
        List<long[]> p95 = new ArrayList<>();
        long probes = 0;
        long failed = 0;
        ProbePeriod previous = null;
        for (ProbePeriod p : periods) {
            long ran;
            long failedNow;
            if (previous == null) {
                ran = 0;   // the first period's counts reach back before the window: a baseline only
                failedNow = 0;
            } else if (p.probes() >= previous.probes() && p.failures() >= previous.failures()) {
                ran = p.probes() - previous.probes();
                failedNow = p.failures() - previous.failures();
            } else {
                ran = p.probes();   // a new prober (another leader, a restart) counts from 0 again
                failedNow = p.failures();
            }
            probes += ran;
            failed += failedNow;
            if (p.p50Millis() != null && p.p95Millis() != null) {
                long weight = previous == null ? 1 : ran;
                if (weight > 0) {
                    p50.add(new long[] {p.p50Millis(), weight});
                    p95.add(new long[] {p.p95Millis(), weight});
                }
            }
            previous = p;
        }
        if (p50.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ResponseTimes(Duration.ofMillis(weightedMedian(p50)), Duration.ofMillis(weightedMedian(p95)),
                p50.size(), probes, failed));
    }

    /** The value at which half the weight lies below (the lower median when it falls between two). */
    static long weightedMedian(List<long[]> valueAndWeight) {
        List<long[]> sorted = new ArrayList<>(valueAndWeight);
        sorted.sort(Comparator.comparingLong(v -> v[0]));
        long total = sorted.stream().mapToLong(v -> v[1]).sum();
        long seen = 0;
        for (long[] v : sorted) {
            seen += v[1];
            if (2 * seen >= total) {
                return v[0];
            }
        }
        return sorted.getLast()[0];
    }
}
