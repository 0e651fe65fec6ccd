package dev.triage.bot.probe;

import static dev.triage.bot.probe.Events.ofType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.triage.bot.probe.ProbeEvent.ProberRecovered;
import dev.triage.bot.probe.ProbeEvent.ProberStarved;
import dev.triage.bot.probe.ProbeEvent.WentDown;
import dev.triage.config.Target;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProberTest {
    private static final Instant T0 = Instant.parse("2025-03-04T03:00:00Z");
    private static final ProbeSettings NO_JITTER = ProbeSettings.defaults().withStartJitter(Duration.ZERO);

    private final ManualClock clock = new ManualClock(T0);
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final RecordingListener listener = new RecordingListener();
    private final AtomicBoolean healthy = new AtomicBoolean(true);
    private final ProbeRunner flipping = (t, ids) -> healthy.get()
            ? ProbeResult.ok(t.name(), clock.instant(), Duration.ofMillis(20), "GET → 200 OK")
            : ProbeResult.failed(t.name(), clock.instant(), Duration.ofMillis(5), "http-health", "GET → connection refused", List.of());
    private ExecutorService threads;

    @AfterEach
    void stopThreads() {
        if (threads != null) {
            threads.shutdownNow();
        }
    }

    @Test
    void eachTargetIsFirstProbedWithinItsJitterThenEveryInterval() {
        Map<String, List<Instant>> probedAt = new ConcurrentHashMap<>();
        ProbeRunner recording = (t, ids) -> {
            probedAt.computeIfAbsent(t.name(), k -> Collections.synchronizedList(new ArrayList<>())).add(clock.instant());
            return ProbeResult.ok(t.name(), clock.instant(), Duration.ofMillis(20), "200");
        };
        Prober prober = prober(recording, ProberSettings.defaults());
        for (int i = 0; i < 100; i++) {
            prober.add(target("t" + i), ProbeSettings.defaults().withStartJitter(Duration.ofSeconds(10)));
        }

        scheduler.advance(Duration.ofSeconds(100));

        assertEquals(100, probedAt.size());
        for (List<Instant> times : probedAt.values()) {
            Instant first = times.get(0);
            assertFalse(first.isBefore(T0) || first.isAfter(T0.plusSeconds(10)), "first probe at " + first);
            List<Instant> expected = new ArrayList<>();
            for (Instant t = first; !t.isAfter(T0.plusSeconds(100)); t = t.plusSeconds(30)) {
                expected.add(t);
            }
            assertEquals(expected, times);
        }
        long distinctStarts = probedAt.values().stream().map(l -> l.get(0)).distinct().count();
        assertTrue(distinctStarts > 50, "jitter spreads the starts: " + distinctStarts + " distinct");
    }

    @Test
    void noMoreThanMaxInFlightProbesRunAtOnce() throws Exception {
        threads = Executors.newVirtualThreadPerTaskExecutor();
        CountDownLatch release = new CountDownLatch(1);
        Semaphore entered = new Semaphore(0);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        ProbeRunner blocking = (t, ids) -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            entered.release();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                running.decrementAndGet();
            }
            return ProbeResult.ok(t.name(), clock.instant(), Duration.ofMillis(1), "200");
        };
        Prober prober = new Prober(blocking, listener, ProberSettings.defaults().withMaxInFlight(2), scheduler, threads,
                clock, new SplittableRandom(1));
        for (int i = 0; i < 5; i++) {
            prober.add(target("t" + i), NO_JITTER);
        }

        scheduler.advance(Duration.ZERO);

        assertTrue(entered.tryAcquire(2, 10, TimeUnit.SECONDS), "two probes started");
        eventually(() -> prober.stats().waiting() == 3, "three probes wait for a permit");
        assertEquals(2, prober.stats().inFlight());
        assertEquals(2, most.get());
        release.countDown();
        eventually(() -> prober.stats().probes() == 5, "all five probes ran");
        assertEquals(2, most.get());
        assertEquals(0, prober.stats().inFlight());
    }

    @Test
    void schedulingLagIsHowLateEachProbeStartedAfterItsDueTime() {
        Prober prober = prober(flipping, ProberSettings.defaults());
        prober.add(target("prod"), NO_JITTER);

        scheduler.stall(Duration.ofSeconds(4));
        SchedulingLag afterStall = prober.stats().lag();
        assertEquals(new SchedulingLag(Duration.ofSeconds(4), Duration.ofSeconds(4), Duration.ofSeconds(4), 1), afterStall);

        scheduler.advance(Duration.ofSeconds(90));
        SchedulingLag later = prober.stats().lag();
        assertEquals(4, later.samples());
        assertEquals(Duration.ZERO, later.p50());
        assertEquals(Duration.ofSeconds(4), later.p99());
        assertEquals(Duration.ofSeconds(4), later.max());
        assertTrue(listener.events().isEmpty(), "4 s late is not starvation: " + listener.events());
    }

    @Test
    void aStarvedProberAlertsAboutItselfAndDoesNotMarkTargetsItFailedToProbeDown() {
        Prober prober = prober(flipping, ProberSettings.defaults());
        prober.start();
        for (String name : List.of("a", "b", "c")) {
            prober.add(target(name), NO_JITTER);
        }
        scheduler.advance(Duration.ofSeconds(31));
        assertTrue(prober.stats().targets().stream().allMatch(t -> t.state() == HealthState.UP));

        healthy.set(false);
        scheduler.stall(Duration.ofMinutes(2));

        List<ProbeEvent> events = listener.events();
        assertEquals(1, ofType(ProberStarved.class, events).size(), "one starvation alert: " + events);
        assertEquals(List.of(), ofType(WentDown.class, events));
        assertTrue(ofType(ProberStarved.class, events).get(0).reason().contains("passed before the scheduler ran them"));
        assertEquals(Duration.ofSeconds(91), prober.stats().lag().max());
        assertTrue(prober.stats().starved());
        assertEquals(3 * 3, prober.stats().skipped(), "three 30 s slots of each target passed unprobed");

        scheduler.advance(Duration.ofSeconds(239 - 151));
        assertEquals(List.of(), ofType(WentDown.class, listener.events()), "failures while starved don't count");
        assertTrue(prober.stats().targets().stream().allMatch(t -> t.discardedFailures() == 3));

        scheduler.advance(Duration.ofSeconds(300 - 239));
        events = listener.events();
        ProberRecovered recovered = ofType(ProberRecovered.class, events).get(0);
        assertEquals(T0.plusSeconds(240), recovered.at());
        assertEquals(Duration.ofSeconds(240 - 151), recovered.starvedFor());
        List<WentDown> downs = ofType(WentDown.class, events);
        assertEquals(List.of("a", "b", "c"), downs.stream().map(WentDown::target).sorted().toList());
        assertTrue(downs.stream().allMatch(d -> d.since().equals(T0.plusSeconds(240))), "counted from the recovery: " + downs);
    }

    @Test
    void aProbeStillWaitingForAPermitWhenTheNextIsDueIsStarvation() throws Exception {
        threads = Executors.newVirtualThreadPerTaskExecutor();
        CountDownLatch release = new CountDownLatch(1);
        Semaphore entered = new Semaphore(0);
        Prober prober = new Prober(blockingUntil(release, entered), listener, ProberSettings.defaults().withMaxInFlight(1),
                scheduler, threads, clock, new SplittableRandom(1));
        prober.add(slowTarget("a"), NO_JITTER);
        prober.add(slowTarget("b"), NO_JITTER);
        scheduler.advance(Duration.ZERO);
        assertTrue(entered.tryAcquire(1, 10, TimeUnit.SECONDS));

        scheduler.advance(Duration.ofSeconds(30));

        List<ProberStarved> starved = ofType(ProberStarved.class, listener.events());
        assertEquals(1, starved.size(), "starvation: " + listener.events());
        assertTrue(starved.get(0).reason().contains("still waiting to start"), starved.get(0).reason());
        assertEquals(2, prober.stats().skipped());
        release.countDown();
        eventually(() -> prober.stats().probes() == 2, "both probes ran");
    }

    @Test
    void aProbeCutOffByClosingTheProberIsDroppedNotCountedAsAFailure() throws Exception {
        threads = Executors.newVirtualThreadPerTaskExecutor();
        Semaphore entered = new Semaphore(0);
        java.util.concurrent.atomic.AtomicInteger results = new java.util.concurrent.atomic.AtomicInteger();
        ProbeListener counting = new ProbeListener() {
            @Override
            public void onResult(ProbeResult result) {
                results.incrementAndGet();
            }

            @Override
            public void onEvent(ProbeEvent event) {
                listener.onEvent(event);
            }
        };
        // What a shutdown does to a probe in flight: its thread is interrupted and the request fails.
        ProbeRunner cutOff = (t, ids) -> {
            entered.release();
            try {
                Thread.sleep(Duration.ofSeconds(10));
                return ProbeResult.ok(t.name(), clock.instant(), Duration.ofMillis(1), "200");
            } catch (InterruptedException e) {
                return ProbeResult.failed(t.name(), clock.instant(), Duration.ofMillis(1), "http-health",
                        "GET → interrupted", List.of());
            }
        };
        Prober prober = new Prober(cutOff, counting, ProberSettings.defaults(), scheduler, threads, clock, new SplittableRandom(1));
        prober.add(target("prod"), NO_JITTER);
        scheduler.advance(Duration.ZERO);
        assertTrue(entered.tryAcquire(1, 10, TimeUnit.SECONDS));

        prober.close();
        threads.shutdownNow();
        assertTrue(threads.awaitTermination(10, TimeUnit.SECONDS));

        assertEquals(0, results.get());
        assertEquals(0, prober.stats().target("prod").orElseThrow().failures());
        assertEquals(List.of(), listener.events());
    }

    @Test
    void aProbeThatHangsPastItsDeadlineIsAFailureThenItsPermitFreedAndWhatItReturnsLaterDropped() throws Exception {
        threads = Executors.newVirtualThreadPerTaskExecutor();
        CountDownLatch release = new CountDownLatch(1);
        Semaphore entered = new Semaphore(0);
        List<ProbeResult> results = listener.results;
        AtomicInteger calls = new AtomicInteger();
        // The first probe hangs (a check that ignores its own timeout); the ones after it answer.
        ProbeRunner hangsOnce = (t, ids) -> {
            if (calls.getAndIncrement() == 0) {
                entered.release();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return ProbeResult.ok(t.name(), clock.instant(), Duration.ofMillis(1), "200 at last");
            }
            return ProbeResult.ok(t.name(), clock.instant(), Duration.ofMillis(1), "200");
        };
        // One permit: the second probe can run only if the hung one gave its permit back.
        Semaphore tasksDone = new Semaphore(0);
        java.util.concurrent.Executor counted = r -> threads.execute(() -> {
            try {
                r.run();
            } finally {
                tasksDone.release();
            }
        });
        Prober prober = new Prober(hangsOnce, listener, ProberSettings.defaults().withMaxInFlight(1), scheduler, counted,
                clock, new SplittableRandom(1));
        Target hung = target("hung");
        prober.add(hung, NO_JITTER);
        scheduler.advance(Duration.ZERO);
        assertTrue(entered.tryAcquire(1, 10, TimeUnit.SECONDS));
        long deadlineMs = dev.triage.checks.CheckRunner.deadlineFor(hung).toMillis();

        scheduler.advance(Duration.ofMillis(deadlineMs - 1));
        assertEquals(List.of(), results, "not given up before its deadline");
        scheduler.advance(Duration.ofMillis(1));

        // The probe given up is told on a probe thread of its own, the hung one still running.
        assertTrue(tasksDone.tryAcquire(1, 10, TimeUnit.SECONDS), "the hung probe is a failure at its deadline");
        assertEquals(1, results.size());
        ProbeResult gaveUp = results.get(0);
        assertFalse(gaveUp.ok());
        assertEquals("did not finish within " + deadlineMs + " ms; gave up", gaveUp.summary());
        assertEquals(T0, gaveUp.at());
        eventually(() -> prober.stats().inFlight() == 0, "its permit is back");

        scheduler.advance(Duration.ofSeconds(30));
        eventually(() -> results.size() == 2, "the next probe ran");
        assertTrue(results.get(1).ok());

        release.countDown();
        threads.shutdown();
        assertTrue(threads.awaitTermination(10, TimeUnit.SECONDS));
        assertEquals(2, results.size(), "what the hung probe returned at last is dropped: " + results);
        assertEquals(2, prober.stats().probes());
        assertEquals(1, prober.stats().target("hung").orElseThrow().failures());
    }

    @Test
    void aTargetWhoseOwnProbeOverrunsItsIntervalIsSkippedWithoutBlamingTheProber() throws Exception {
        threads = Executors.newVirtualThreadPerTaskExecutor();
        CountDownLatch release = new CountDownLatch(1);
        Semaphore entered = new Semaphore(0);
        Prober prober = new Prober(blockingUntil(release, entered), listener, ProberSettings.defaults(), scheduler,
                threads, clock, new SplittableRandom(1));
        prober.add(slowTarget("slow"), NO_JITTER);
        scheduler.advance(Duration.ZERO);
        assertTrue(entered.tryAcquire(1, 10, TimeUnit.SECONDS));

        scheduler.advance(Duration.ofSeconds(30));

        assertEquals(1, prober.stats().target("slow").orElseThrow().skipped());
        assertFalse(prober.stats().starved());
        assertEquals(List.of(), listener.events());
        release.countDown();
        eventually(() -> prober.stats().probes() == 1, "the slow probe finished");
    }

    @Test
    void theListenerHearsTransitionsAndOneStatsSnapshotPerPeriodNeverEachProbe() {
        Prober prober = prober(flipping, ProberSettings.defaults());
        prober.start();
        for (int i = 0; i < 10; i++) {
            prober.add(target("t" + i), NO_JITTER);
        }

        scheduler.advance(Duration.ofMinutes(10));

        assertEquals(List.of(), listener.events());
        assertEquals(10, listener.stats().size());
        ProbeStats last = listener.stats().get(9);
        assertEquals(200, last.probes());
        assertTrue(last.targets().stream().allMatch(t -> t.state() == HealthState.UP && t.probes() == 20));
        assertEquals(Duration.ofMillis(20), last.targets().get(0).latencyP95());

        healthy.set(false);
        scheduler.advance(Duration.ofMinutes(5));
        assertEquals(10, listener.events().size(), "one WentDown per target, then nothing: " + listener.events());
        assertEquals(10, ofType(WentDown.class, listener.events()).size());
    }

    @Test
    void aListenerThatThrowsDoesNotStopTheProber() {
        ProbeListener throwing = new ProbeListener() {
            @Override
            public void onEvent(ProbeEvent event) {
                throw new IllegalStateException("database locked");
            }

            @Override
            public void onStats(ProbeStats stats) {
                throw new IllegalStateException("database locked");
            }
        };
        healthy.set(false);
        Prober prober = new Prober(flipping, throwing, ProberSettings.defaults(), scheduler, Runnable::run, clock,
                new SplittableRandom(1));
        prober.start();
        prober.add(target("prod"), NO_JITTER);

        scheduler.advance(Duration.ofMinutes(5));

        assertEquals(11, prober.stats().probes());
        assertEquals(HealthState.DOWN, prober.stats().target("prod").orElseThrow().state());
    }

    @Test
    void aCrashingProbeIsAFailedProbeThatNamesTheCrash() {
        Prober prober = prober((t, ids) -> {
            throw new IllegalStateException("boom");
        }, ProberSettings.defaults());
        prober.add(target("prod"), NO_JITTER);

        scheduler.advance(Duration.ofSeconds(60));

        WentDown down = Events.only(WentDown.class, listener.events());
        assertEquals("probe could not run: IllegalStateException: boom", down.firstFailure().summary());
        assertEquals(T0, down.since());
    }

    @Test
    void aSilencedTargetsAlertIsHeldUntilUnsilenced() {
        Prober prober = prober(flipping, ProberSettings.defaults());
        prober.add(target("prod"), NO_JITTER);
        scheduler.advance(Duration.ofSeconds(30));
        prober.silence("prod", T0.plus(Duration.ofHours(1)), "deploying");
        healthy.set(false);

        scheduler.advance(Duration.ofSeconds(120));
        assertFalse(Events.only(WentDown.class, listener.events()).pages());

        prober.unsilence("prod");
        List<WentDown> downs = ofType(WentDown.class, listener.events());
        assertEquals(2, downs.size());
        assertTrue(downs.get(1).pages() && downs.get(1).afterSilence());
    }

    @Test
    void aSilenceThatExpiresReleasesItsHeldAlertAtTheNextStatsPeriodOrProbe() {
        Prober prober = prober(flipping, ProberSettings.defaults());
        prober.add(target("prod"), NO_JITTER);
        prober.start();
        scheduler.advance(Duration.ofSeconds(30));
        prober.silence("prod", T0.plusSeconds(125), "deploying");
        healthy.set(false);

        scheduler.advance(Duration.ofSeconds(150 - 30));

        List<WentDown> downs = ofType(WentDown.class, listener.events());
        assertEquals(2, downs.size(), "held, then paged: " + downs);
        assertEquals(T0.plusSeconds(150), downs.get(1).at());
        assertTrue(downs.get(1).pages());
    }

    @Test
    void aRemovedTargetIsNoLongerProbed() {
        Prober prober = prober(flipping, ProberSettings.defaults());
        prober.add(target("prod"), NO_JITTER);
        scheduler.advance(Duration.ofSeconds(30));
        assertTrue(prober.remove("prod"));

        scheduler.advance(Duration.ofMinutes(5));

        assertFalse(prober.probes("prod"));
        assertEquals(2, prober.stats().probes());
    }

    @Test
    void addingATargetTwiceIsRefusedByName() {
        Prober prober = prober(flipping, ProberSettings.defaults());
        prober.add(target("prod"), NO_JITTER);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> prober.add(target("prod"), NO_JITTER));
        assertEquals("target prod is already probed; remove it first", e.getMessage());
    }

    private Prober prober(ProbeRunner runner, ProberSettings settings) {
        return new Prober(runner, listener, settings, scheduler, Runnable::run, clock, new SplittableRandom(42));
    }

    private ProbeRunner blockingUntil(CountDownLatch release, Semaphore entered) {
        return (t, ids) -> {
            entered.release();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ProbeResult.ok(t.name(), clock.instant(), Duration.ofMillis(1), "200");
        };
    }

    private static Target target(String name) {
        return Target.http(name, URI.create("http://127.0.0.1:9/"));
    }

    /** A target whose probe may take its whole interval: its deadline (one interval plus grace) is past 30 s. */
    private static Target slowTarget(String name) {
        return new Target(name, URI.create("http://127.0.0.1:9/"), null, null, null, Duration.ofMinutes(1), null, null,
                null, null, null, null);
    }

    /** Spins (no sleep) until the condition holds; the 10 s deadline only turns a hang into a failure. */
    private static void eventually(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("never happened: " + what);
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    private static final class RecordingListener implements ProbeListener {
        private final List<ProbeEvent> events = Collections.synchronizedList(new ArrayList<>());
        final List<ProbeResult> results = Collections.synchronizedList(new ArrayList<>());
        private final List<ProbeStats> stats = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onResult(ProbeResult result) {
            results.add(result);
        }

        @Override
        public void onEvent(ProbeEvent event) {
            events.add(event);
        }

        @Override
        public void onStats(ProbeStats snapshot) {
            stats.add(snapshot);
        }

        List<ProbeEvent> events() {
            synchronized (events) {
                return List.copyOf(events);
            }
        }

        List<ProbeStats> stats() {
            synchronized (stats) {
                return List.copyOf(stats);
            }
        }
    }
}
