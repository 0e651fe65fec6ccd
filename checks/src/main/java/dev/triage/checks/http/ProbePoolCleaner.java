package dev.triage.checks.http;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import okhttp3.ConnectionPool;
import okhttp3.internal.concurrent.TaskRunner;
import okhttp3.internal.connection.ConnectionListener;

/**
 * The cleaner of the probes' connection pool, woken at most once a second rather than once per connection.
 *
 * <p>OkHttp schedules its pool's cleanup task every time a connection joins the pool, and the task walks every
 * connection in it. With a fresh connection per probe that is a thread wake-up and a walk of every probe in flight, per
 * probe: 11 % of the prober's CPU at 2,000 probes a second (per-thread CPU from {@code /proc}). The probes' pool keeps
 * no idle connection (a connection leaves it when its call ends), so its cleaner has nothing to do on time: it only
 * closes what a call leaked, and a second's delay there changes nothing.
 *
 * <p>This goes through OkHttp's internal {@code TaskRunner}, which no public API reaches; the BOM pins OkHttp's version,
 * and a change there fails the build here, not a probe ({@code ProbePoolCleanerTest} shows the cleaner still runs).
 */
final class ProbePoolCleaner implements TaskRunner.Backend {
    /** The longest a due cleanup waits. */
    static final long PERIOD_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "triage-probe-pool-cleaner-timer");
        t.setDaemon(true);
        return t;
    });
    private static final TaskRunner RUNNER = runner(PERIOD_NANOS);

    private final long periodNanos;

    ProbePoolCleaner(long periodNanos) {
        this.periodNanos = periodNanos;
    }

    /** A pool that keeps no idle connection, cleaned by this. */
    static ConnectionPool noIdlePool() {
        return new ConnectionPool(0, 1, TimeUnit.SECONDS, RUNNER, ConnectionListener.Companion.getNONE());
    }

    /** A task runner whose coordinator looks at most {@code periodNanos} apart (tests use a shorter period). */
    static TaskRunner runner(long periodNanos) {
        return new TaskRunner(new ProbePoolCleaner(periodNanos), Logger.getLogger(TaskRunner.class.getName()));
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    /** Not woken early: the coordinator looks again when its wait ends, at most a period later. */
    @Override
    public void coordinatorNotify(TaskRunner taskRunner) {
    }

    /**
     * Called holding the runner's monitor, as OkHttp's own backend is; waits on it, for at most a period. An interrupt
     * is passed on as OkHttp's backend does (Kotlin declares no checked exception): the runner then cancels its tasks.
     */
    @Override
    public void coordinatorWait(TaskRunner taskRunner, long nanos) {
        long wait = Math.min(nanos, periodNanos);
        if (wait > 0) {
            try {
                TimeUnit.NANOSECONDS.timedWait(taskRunner, wait);
            } catch (InterruptedException e) {
                throw ProbePoolCleaner.<RuntimeException>unchecked(e);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E unchecked(Throwable t) throws E {
        throw (E) t;
    }

    @Override
    public <T> BlockingQueue<T> decorate(BlockingQueue<T> queue) {
        return queue;
    }

    /**
     * A thread for the runner's loop, started a period from now: until then, further requests for one are answered by
     * the start already pending, so a burst of connections costs one wake-up.
     */
    @Override
    public void execute(TaskRunner taskRunner, Runnable runnable) {
        TIMER.schedule(() -> {
            Thread t = new Thread(runnable, "triage-probe-pool-cleaner");
            t.setDaemon(true);
            t.start();
        }, periodNanos, TimeUnit.NANOSECONDS);
    }
}
