package dev.triage.time;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs short tasks after a delay, a tick at a time: a task joins the bucket of the tick its delay ends in (rounded up,
 * so never early), and one daemon thread wakes when the earliest bucket is due and runs its tasks together, in the order
 * they were scheduled; with nothing scheduled it sleeps until something is. A cancelled task lets go of what it holds
 * at once; nothing is removed from a queue.
 *
 * <p>What it is for: thousands of timers a second that all want roughly the same thing. A
 * {@code ScheduledExecutorService} sorts each one into its queue and wakes its thread once per task; the prober's
 * dispatch thread woke 2,000 times a second, and the JDK's delay queue for checks' deadlines took 4 % of the prober's
 * CPU on its own. Here a timer costs one queue insertion and the thread wakes at most once per tick, whatever the rate.
 *
 * <p>Tasks run on the timer's thread and must be short; one that throws is reported to the thread's uncaught-exception
 * handler and the others still run.
 */
public final class TickTimer implements AutoCloseable {
    /** A scheduled task that can still be called off. */
    public interface Timeout {
        /** It won't run, if it hasn't yet; what it holds is released now. */
        void cancel();
    }

    private static final class Entry implements Timeout {
        private volatile Runnable task;

        Entry(Runnable task) {
            this.task = task;
        }

        @Override
        public void cancel() {
            task = null;
        }
    }

    /** The tasks due in one tick. {@code passed} is set before the thread empties it, so a late joiner can tell. */
    private static final class Bucket {
        final Queue<Entry> entries = new ConcurrentLinkedQueue<>();
        volatile boolean passed;
    }

    private final String name;
    private final long tickNanos;
    private final long origin = System.nanoTime();
    private final ConcurrentSkipListMap<Long, Bucket> buckets = new ConcurrentSkipListMap<>();
    private volatile Thread thread;
    private volatile boolean closed;
    /** The tick the thread sleeps until; {@code Long.MAX_VALUE} while nothing is scheduled. */
    private volatile long wakeAt = Long.MIN_VALUE;

    /**
     * @param name the timer thread's name, started with the first task
     * @param tick the width of a bucket: the tasks due within one tick run together, within a tick after their delay
     */
    public TickTimer(String name, Duration tick) {
        this.name = Objects.requireNonNull(name, "name");
        this.tickNanos = tick.toNanos();
        if (tickNanos <= 0) {
            throw new IllegalArgumentException("tick must be positive: " + tick);
        }
    }

    /** Runs {@code task} on the timer's thread in the first tick at least {@code delayNanos} from now. */
    public Timeout schedule(long delayNanos, Runnable task) {
        Entry entry = new Entry(Objects.requireNonNull(task, "task"));
        if (closed) {
            return entry;
        }
        start();
        long tick = ceilTick(System.nanoTime() - origin + Math.max(0, delayNanos));
        while (true) {
            Bucket bucket = buckets.computeIfAbsent(tick, t -> new Bucket());
            bucket.entries.add(entry);
            // The thread took this bucket while the entry joined it, and may have emptied it first: if the entry is
            // still there it is this caller's to place again, in a tick still to come.
            if (!bucket.passed || !bucket.entries.remove(entry)) {
                if (tick < wakeAt) {
                    LockSupport.unpark(thread);
                }
                return entry;
            }
            tick = Math.max(tick, floorTick(System.nanoTime() - origin)) + 1;
        }
    }

    public Timeout schedule(Duration delay, Runnable task) {
        return schedule(delay.toNanos(), task);
    }

    /** Stops the thread; tasks not yet run never run. */
    @Override
    public void close() {
        closed = true;
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
        buckets.clear();
    }

    private long ceilTick(long nanos) {
        return Math.floorDiv(nanos + tickNanos - 1, tickNanos);
    }

    private long floorTick(long nanos) {
        return Math.floorDiv(nanos, tickNanos);
    }

    private void start() {
        if (thread != null) {
            return;
        }
        synchronized (this) {
            if (thread == null && !closed) {
                Thread t = new Thread(this::loop, name);
                t.setDaemon(true);
                thread = t;
                t.start();
            }
        }
    }

    /**
     * Runs the buckets that are due, then sleeps until the earliest one left is (for good while there is none). A task
     * scheduled into an earlier tick than that wakes it ({@link #schedule}).
     */
    private void loop() {
        while (!closed) {
            long now = floorTick(System.nanoTime() - origin);
            ConcurrentNavigableMap<Long, Bucket> due = buckets.headMap(now, true);
            for (Map.Entry<Long, Bucket> e; !closed && (e = due.pollFirstEntry()) != null; ) {
                Bucket bucket = e.getValue();
                bucket.passed = true;
                for (Entry entry; !closed && (entry = bucket.entries.poll()) != null; ) {
                    run(entry);
                }
            }
            Map.Entry<Long, Bucket> first = buckets.firstEntry();
            long next = first == null ? Long.MAX_VALUE : first.getKey();
            wakeAt = next;
            // A bucket that came in before wakeAt was written may have been missed by both sides: look once more.
            Map.Entry<Long, Bucket> again = buckets.firstEntry();
            if (closed || again != null && again.getKey() < next) {
                continue;
            }
            if (next == Long.MAX_VALUE) {
                LockSupport.park(this);
            } else {
                long wait = next * tickNanos - (System.nanoTime() - origin);
                if (wait > 0) {
                    LockSupport.parkNanos(this, wait);
                }
            }
        }
    }

    private static void run(Entry entry) {
        Runnable task = entry.task;
        if (task == null) {
            return;
        }
        entry.task = null;
        try {
            task.run();
        } catch (RuntimeException | Error e) {
            Thread t = Thread.currentThread();
            t.getUncaughtExceptionHandler().uncaughtException(t, e);
        }
    }
}
