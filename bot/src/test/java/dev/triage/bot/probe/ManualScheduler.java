package dev.triage.bot.probe;

import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;

/**
 * A {@link ProbeScheduler} driven by the test: {@link #advance} runs each task at its due time, as a
 * punctual scheduler would; {@link #stall} moves the clock first and runs what fell due afterwards, late,
 * as a scheduler thread that could not run (a paused JVM, a starved CPU) would.
 */
final class ManualScheduler implements ProbeScheduler {
    private final ManualClock clock;
    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private long seq;

    ManualScheduler(ManualClock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Scheduled schedule(Duration delay, Runnable task) {
        Task t = new Task(clock.instant().plus(delay.isNegative() ? Duration.ZERO : delay), seq++, task);
        queue.add(t);
        return () -> t.cancelled = true;
    }

    /** Moves time forward by {@code d}, running every task at its due time on the calling thread. */
    void advance(Duration d) {
        Instant end = clock.instant().plus(d);
        Task t;
        while ((t = nextDue(end)) != null) {
            if (t.due.isAfter(clock.instant())) {
                clock.set(t.due);
            }
            t.task.run();
        }
        clock.set(end);
    }

    /** Moves time forward by {@code d} with no task running, then runs everything that fell due, late. */
    void stall(Duration d) {
        clock.advance(d);
        Instant now = clock.instant();
        Task t;
        while ((t = nextDue(now)) != null) {
            t.task.run();
        }
    }

    private synchronized Task nextDue(Instant end) {
        while (!queue.isEmpty()) {
            Task head = queue.peek();
            if (head.cancelled) {
                queue.poll();
                continue;
            }
            if (head.due.isAfter(end)) {
                return null;
            }
            return queue.poll();
        }
        return null;
    }

    private static final class Task implements Comparable<Task> {
        final Instant due;
        final long seq;
        final Runnable task;
        volatile boolean cancelled;

        Task(Instant due, long seq, Runnable task) {
            this.due = due;
            this.seq = seq;
            this.task = task;
        }

        @Override
        public int compareTo(Task o) {
            int c = due.compareTo(o.due);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }
}
