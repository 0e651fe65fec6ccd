package dev.triage.checks.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.internal.concurrent.Task;
import okhttp3.internal.concurrent.TaskQueue;
import okhttp3.internal.concurrent.TaskRunner;
import org.junit.jupiter.api.Test;

class ProbePoolCleanerTest {

    /** A task as OkHttp's pool schedules its cleanup: run now, and say when to run next (-1: not again). */
    private static final class Counted extends Task {
        final AtomicInteger runs = new AtomicInteger();
        volatile CountDownLatch ran = new CountDownLatch(1);

        Counted() {
            super("counted", true);
        }

        @Override
        public long runOnce() {
            runs.incrementAndGet();
            ran.countDown();
            return -1;
        }
    }

    @Test
    void cleanupsAskedForConnectionAfterConnectionWithinAPeriodRunOnceThenAgainWhenAskedAgain() throws InterruptedException {
        TaskRunner runner = ProbePoolCleaner.runner(TimeUnit.SECONDS.toNanos(1));
        TaskQueue queue = runner.newQueue();
        Counted task = new Counted();
        // OkHttp's pool schedules its cleanup with no delay each time a connection joins it: here 100 connections,
        // 2 ms apart. OkHttp's own backend runs the cleanup for each of them, on a thread woken each time.
        for (int i = 0; i < 100; i++) {
            queue.schedule(task, 0);
            Thread.sleep(2);
        }
        assertTrue(task.ran.await(10, TimeUnit.SECONDS), "the cleanup ran");
        Thread.sleep(300);
        assertEquals(1, task.runs.get(), "once for the 100");

        task.ran = new CountDownLatch(1);
        queue.schedule(task, 0);
        assertTrue(task.ran.await(10, TimeUnit.SECONDS), "and again when asked again");
        assertEquals(2, task.runs.get());
    }

    @Test
    void aCleanupDueLaterRunsWhenDueNotBefore() throws InterruptedException {
        TaskRunner runner = ProbePoolCleaner.runner(TimeUnit.MILLISECONDS.toNanos(100));
        Counted task = new Counted();
        long start = System.nanoTime();
        runner.newQueue().schedule(task, TimeUnit.MILLISECONDS.toNanos(250));
        assertTrue(task.ran.await(10, TimeUnit.SECONDS));
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(250), "not before it was due");
    }

    @Test
    void probesLeaveNoConnectionInThePoolAndEachHasItsOwn() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.start(InetAddress.getLoopbackAddress(), 0);
            HttpProber prober = new HttpProber();
            for (int i = 0; i < 20; i++) {
                server.enqueue(new MockResponse.Builder().code(200).body("ok").build());
            }
            URI url = URI.create("http://127.0.0.1:" + server.getPort() + "/health");
            for (int i = 0; i < 20; i++) {
                assertEquals(200, prober.get(url, Duration.ofSeconds(2), false).code());
            }
            assertEquals(0, prober.client().connectionPool().connectionCount(), "no connection kept after its probe");
            for (int i = 0; i < 20; i++) {
                assertEquals(0, server.takeRequest(1, TimeUnit.SECONDS).getExchangeIndex(), "request " + i + " on a new connection");
            }
        }
    }
}
