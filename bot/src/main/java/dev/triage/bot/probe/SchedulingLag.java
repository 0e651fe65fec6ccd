package dev.triage.bot.probe;

import java.time.Duration;
import java.util.Objects;

/** How late probes started compared with when they were due, over the recent window. */
public record SchedulingLag(Duration p50, Duration p99, Duration max, int samples) {
    public static final SchedulingLag NONE = new SchedulingLag(Duration.ZERO, Duration.ZERO, Duration.ZERO, 0);

    public SchedulingLag {
        Objects.requireNonNull(p50, "p50");
        Objects.requireNonNull(p99, "p99");
        Objects.requireNonNull(max, "max");
    }
}
