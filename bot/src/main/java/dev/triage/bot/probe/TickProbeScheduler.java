package dev.triage.bot.probe;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** {@link ProbeScheduler} on a {@link ScheduledExecutorService}; closing it shuts that executor down. */
public final class ExecutorProbeScheduler implements ProbeScheduler, AutoCloseable {
    private final ScheduledExecutorService executor;

    public ExecutorProbeScheduler(ScheduledExecutorService executor) {
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /** One daemon platform thread, {@code triage-probe-scheduler}: it only dispatches, so one is plenty. */
    public static ExecutorProbeScheduler daemon() {
        return new ExecutorProbeScheduler(Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "triage-probe-scheduler");
            t.setDaemon(true);
            return t;
        }));
    }

    @Override
    public Scheduled schedule(Duration delay, Runnable task) {
        long nanos = Math.max(0, delay.toNanos());
        ScheduledFuture<?> f = executor.schedule(task, nanos, TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
