package dev.triage.bot.probe;

import java.time.Duration;

/**
 * Runs a task after a delay: a tick timer in production
 * ({@link TickProbeScheduler}), a manual one in tests, so no test waits for real time.
 * Tasks must be short: the prober only dispatches from here, probes run on their own executor.
 */
public interface ProbeScheduler {

    Scheduled schedule(Duration delay, Runnable task);

    /** A scheduled task that can still be called off. */
    interface Scheduled {
        void cancel();
    }
}
