package dev.triage.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TickTimerTest {
    private final TickTimer timer = new TickTimer("test-tick-timer", Duration.ofMillis(5));

    @AfterEach
    void close() {
        timer.close();
    }

    @Test
    void aTaskNeverRunsBeforeItsDelay() throws InterruptedException {
        List<Long> lateBy = new CopyOnWriteArrayList<>();
        CountDownLatch ran = new CountDownLatch(50);
        for (int i = 0; i < 50; i++) {
            long delay = TimeUnit.MILLISECONDS.toNanos(i % 17);
            long due = System.nanoTime() + delay;
            timer.schedule(delay, () -> {
                lateBy.add(System.nanoTime() - due);
                ran.countDown();
            });
        }
        assertTrue(ran.await(10, TimeUnit.SECONDS), "every task ran");
        assertTrue(lateBy.stream().allMatch(n -> n >= 0), "none early: " + lateBy);
    }

    @Test
    void tasksDueInOneTickRunInTheOrderTheyWereScheduled() throws InterruptedException {
        List<Integer> order = new CopyOnWriteArrayList<>();
        CountDownLatch ran = new CountDownLatch(100);
        long delay = TimeUnit.MILLISECONDS.toNanos(30);
        for (int i = 0; i < 100; i++) {
            int n = i;
            timer.schedule(delay, () -> {
                order.add(n);
                ran.countDown();
            });
        }
        assertTrue(ran.await(10, TimeUnit.SECONDS));
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            expected.add(i);
        }
        // Scheduled within one tick of each other, or in ticks one after another: in order either way.
        assertEquals(expected, order);
    }

    @Test
    void aCancelledTaskNeverRuns() throws InterruptedException {
        AtomicInteger cancelledRuns = new AtomicInteger();
        CountDownLatch after = new CountDownLatch(1);
        timer.schedule(Duration.ofMillis(20), cancelledRuns::incrementAndGet).cancel();
        timer.schedule(Duration.ofMillis(40), after::countDown);
        assertTrue(after.await(10, TimeUnit.SECONDS));
        assertEquals(0, cancelledRuns.get());
    }

    @Test
    void aTaskThatThrowsDoesNotStopTheOthersOrTheTimer() throws InterruptedException {
        CountDownLatch ran = new CountDownLatch(2);
        timer.schedule(Duration.ZERO, () -> {
            throw new IllegalStateException("a task's own bug");
        });
        timer.schedule(Duration.ZERO, ran::countDown);
        timer.schedule(Duration.ofMillis(20), ran::countDown);
        assertTrue(ran.await(10, TimeUnit.SECONDS));
    }

    @Test
    void aTaskCanScheduleTheNextOneAsTheProberDoes() throws InterruptedException {
        CountDownLatch chain = new CountDownLatch(20);
        Runnable[] step = new Runnable[1];
        step[0] = () -> {
            chain.countDown();
            if (chain.getCount() > 0) {
                timer.schedule(Duration.ofMillis(1), step[0]);
            }
        };
        timer.schedule(Duration.ZERO, step[0]);
        assertTrue(chain.await(10, TimeUnit.SECONDS));
    }

    @Test
    void everyTaskScheduledFromManyThreadsRunsExactlyOnce() throws InterruptedException {
        // Short delays from 8 threads at once: many join a tick's bucket just as the timer takes it.
        int threads = 8;
        int each = 20_000;
        AtomicIntegerArray runs = new AtomicIntegerArray(threads * each);
        CountDownLatch all = new CountDownLatch(threads * each);
        List<Thread> schedulers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int base = t * each;
            schedulers.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < each; i++) {
                    int n = base + i;
                    timer.schedule(i % 3 == 0 ? 0 : TimeUnit.MICROSECONDS.toNanos(i % 7000), () -> {
                        runs.incrementAndGet(n);
                        all.countDown();
                    });
                }
            }));
        }
        for (Thread t : schedulers) {
            t.join();
        }
        assertTrue(all.await(30, TimeUnit.SECONDS), all.getCount() + " tasks never ran");
        for (int i = 0; i < runs.length(); i++) {
            assertEquals(1, runs.get(i), "task " + i);
        }
    }

    @Test
    void closingStopsTheThreadAndNothingPendingOrLaterRuns() throws InterruptedException {
        Thread[] timerThread = {timerThread()};
        AtomicInteger runs = new AtomicInteger();
        timer.schedule(Duration.ofMillis(30), runs::incrementAndGet);
        timer.close();
        timer.schedule(Duration.ZERO, runs::incrementAndGet);
        timerThread[0].join(10_000);
        assertFalse(timerThread[0].isAlive(), "the timer's thread ended");
        assertEquals(0, runs.get());
    }

    @Test
    void withNothingScheduledTheThreadSleepsUntilATaskComesNotEveryTick() throws InterruptedException {
        Thread[] timerThread = {timerThread()};
        // Parked with no deadline (WAITING), not a timed park per tick (TIMED_WAITING).
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (timerThread[0].getState() != Thread.State.WAITING && System.nanoTime() < until) {
            Thread.onSpinWait();
        }
        assertEquals(Thread.State.WAITING, timerThread[0].getState());
        CountDownLatch woken = new CountDownLatch(1);
        timer.schedule(Duration.ofMillis(10), woken::countDown);
        assertTrue(woken.await(10, TimeUnit.SECONDS), "a task scheduled then wakes it");
    }

    /** The timer's thread, as a task running on it sees it. */
    private Thread timerThread() throws InterruptedException {
        Thread[] seen = new Thread[1];
        CountDownLatch ran = new CountDownLatch(1);
        timer.schedule(Duration.ZERO, () -> {
            seen[0] = Thread.currentThread();
            ran.countDown();
        });
        assertTrue(ran.await(10, TimeUnit.SECONDS));
        return seen[0];
    }

    @Test
    void aTickMustBePositive() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new TickTimer("t", Duration.ZERO));
        assertEquals("tick must be positive: PT0S", e.getMessage());
    }
}
