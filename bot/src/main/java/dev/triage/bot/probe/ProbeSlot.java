package dev.triage.bot.probe;

import dev.triage.config.Target;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** One probed target inside the {@link Prober}: its state machine, what its probes saw, and its schedule. */
final class ProbeSlot {
    static final int IDLE = 0;
    /** Handed to the probe executor, waiting for a thread or a permit: if it is still here when the next is due, the prober is starved. */
    static final int QUEUED = 1;
    /** Running its checks: if it is still here when the next is due, the target is slow, not the prober. */
    static final int PROBING = 2;

    final Target target;
    final ProbeSettings settings;
    final TargetHealth health;
    final RecentDurations latencies;
    final AtomicInteger phase = new AtomicInteger(IDLE);
    final LongAdder probes = new LongAdder();
    final LongAdder failures = new LongAdder();
    final LongAdder skipped = new LongAdder();
    final LongAdder discardedFailures = new LongAdder();
    volatile ProbeResult last;
    /** The streak last told to the listener; changes are told, a steady target's is not. */
    TargetHealth.Streak lastStreak;
    volatile ProbeScheduler.Scheduled next;
    volatile boolean removed;

    ProbeSlot(Target target, ProbeSettings settings, TargetHealth health, int latencySamples) {
        this.target = target;
        this.settings = settings;
        this.health = health;
        this.latencies = new RecentDurations(latencySamples);
    }

    String name() {
        return target.name();
    }

    TargetProbeStats stats() {
        long[] sorted = latencies.sorted();
        TargetHealth.HealthView view = health.view();
        ProbeResult lastResult = last;
        return new TargetProbeStats(name(), view.state(), view.since(), view.silence(), lastResult,
                lastResult == null ? Duration.ZERO : lastResult.latency(),
                RecentDurations.percentile(sorted, 0.50), RecentDurations.percentile(sorted, 0.95),
                probes.sum(), failures.sum(), skipped.sum(), discardedFailures.sum(), settings.interval());
    }
}
