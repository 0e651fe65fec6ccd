package dev.triage.bot.probe;

import java.time.Duration;

/**
 * How the prober as a whole behaves. A null argument takes the default.
 *
 * @param maxInFlight    probes running at once over all targets, default 64
 * @param maxLag         a probe starting later than this after its due time (or later than one interval of its
 *                       target, whichever is shorter) counts as starvation, default 10 s
 * @param statsInterval  how often {@link ProbeListener#onStats} receives the aggregates, default 1 min
 * @param latencySamples recent probe latencies kept per target for p50/p95, default 120 (an hour at 30 s)
 * @param lagSamples     recent scheduling lags kept for p50/p99/max, default 10,000
 */
public record ProberSettings(int maxInFlight, Duration maxLag, Duration statsInterval, int latencySamples, int lagSamples) {
    public static final int DEFAULT_MAX_IN_FLIGHT = 64;
    public static final Duration DEFAULT_MAX_LAG = Duration.ofSeconds(10);
    public static final Duration DEFAULT_STATS_INTERVAL = Duration.ofMinutes(1);
    public static final int DEFAULT_LATENCY_SAMPLES = 120;
    public static final int DEFAULT_LAG_SAMPLES = 10_000;

    public ProberSettings(Integer maxInFlight, Duration maxLag, Duration statsInterval, Integer latencySamples,
                          Integer lagSamples) {
        this(maxInFlight == null ? DEFAULT_MAX_IN_FLIGHT : maxInFlight, maxLag, statsInterval,
                latencySamples == null ? DEFAULT_LATENCY_SAMPLES : latencySamples,
                lagSamples == null ? DEFAULT_LAG_SAMPLES : lagSamples);
    }

    public ProberSettings {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("max probes in flight must be at least 1: " + maxInFlight);
        }
        maxLag = maxLag == null ? DEFAULT_MAX_LAG : maxLag;
        if (maxLag.isNegative() || maxLag.isZero()) {
            throw new IllegalArgumentException("max scheduling lag must be positive: " + maxLag.toMillis() + " ms");
        }
        statsInterval = statsInterval == null ? DEFAULT_STATS_INTERVAL : statsInterval;
        if (statsInterval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("stats interval must be at least 1 s: " + statsInterval.toMillis() + " ms");
        }
        if (latencySamples < 1) {
            throw new IllegalArgumentException("latency samples per target must be at least 1: " + latencySamples);
        }
        if (lagSamples < 1) {
            throw new IllegalArgumentException("scheduling lag samples must be at least 1: " + lagSamples);
        }
    }

    public static ProberSettings defaults() {
        return new ProberSettings(null, null, null, null, null);
    }

    public ProberSettings withMaxInFlight(int n) {
        return new ProberSettings(n, maxLag, statsInterval, latencySamples, lagSamples);
    }

    public ProberSettings withMaxLag(Duration lag) {
        return new ProberSettings(maxInFlight, lag, statsInterval, latencySamples, lagSamples);
    }

    public ProberSettings withStatsInterval(Duration every) {
        return new ProberSettings(maxInFlight, maxLag, every, latencySamples, lagSamples);
    }
}
