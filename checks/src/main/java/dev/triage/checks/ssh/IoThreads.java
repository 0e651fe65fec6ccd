package dev.triage.checks.ssh;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executor's own threads: readers that drain a command's stdout and stderr at the same time, and
 * cleanup (closing a channel or a connection) that must not hold the caller longer than a bounded
 * wait, because sshj's close can block until the connection's timeout while the peer is gone.
 */
final class IoThreads {

    private static final Logger log = LoggerFactory.getLogger(IoThreads.class);

    /** Blocking cleanup work. */
    interface Cleanup {
        void run() throws Exception;
    }

    private final String name;
    private final ExecutorService threads;

    IoThreads(String name) {
        this.name = name;
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        this.threads = Executors.newCachedThreadPool(factory);
    }

    /** Runs {@code task} on an own thread; during shutdown, on a fresh one so late cleanup still happens. */
    Future<?> submit(Runnable task) {
        try {
            return threads.submit(task);
        } catch (RejectedExecutionException shuttingDown) {
            FutureTask<?> late = new FutureTask<>(task, null);
            Thread thread = new Thread(late, name + "-late");
            thread.setDaemon(true);
            thread.start();
            return late;
        }
    }

    /**
     * Runs {@code cleanup} on an own thread and waits at most {@code wait} for it.
     *
     * @return true when it finished (successfully or not) in time
     */
    boolean runWithin(Duration wait, String what, Cleanup cleanup) {
        Future<?> done = submit(() -> {
            try {
                cleanup.run();
            } catch (Exception e) {
                log.debug("{} failed: {}", what, e.toString());
            }
        });
        try {
            done.get(wait.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            log.debug("{} did not finish within {}; leaving it to finish in the background", what, wait);
            return false;
        } catch (ExecutionException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Like {@link #runWithin} but the caller doesn't wait at all. */
    void runInBackground(Duration wait, String what, Cleanup cleanup, Runnable ifStuck) {
        submit(() -> {
            if (!runWithin(wait, what, cleanup)) {
                ifStuck.run();
            }
        });
    }

    /** Waits for {@code future} at most {@code wait}; true when it completed. */
    static boolean awaitQuietly(Future<?> future, Duration wait) {
        try {
            future.get(Math.max(0, wait.toNanos()), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return future.isDone();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Stops taking work and waits at most {@code wait} for running cleanup to finish. */
    void shutdown(Duration wait) {
        threads.shutdown();
        try {
            if (!threads.awaitTermination(wait.toNanos(), TimeUnit.NANOSECONDS)) {
                threads.shutdownNow();
            }
        } catch (InterruptedException e) {
            threads.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
