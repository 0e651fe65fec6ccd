package dev.triage.bot.probe;

import dev.triage.bot.probe.ProbeEvent.ProberRecovered;
import dev.triage.bot.probe.ProbeEvent.ProberStarved;
import dev.triage.checks.CheckRunner;
import dev.triage.config.Target;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes many targets, each at its own interval, and tells a {@link ProbeListener} what changed.
 *
 * <ul>
 *   <li>Each target's first probe is due at a random point within its start jitter, then every interval
 *       after that (fixed rate: a late probe doesn't shift the ones after it; slots that passed entirely
 *       are skipped and counted).</li>
 *   <li>The scheduler thread only dispatches; probes run on {@code probeExecutor} (virtual threads in
 *       production), at most {@code maxInFlight} at once (a {@link Semaphore}).</li>
 *   <li>Results stay in memory: the last one and recent latencies per target. Only the events of
 *       {@link TargetHealth} and one {@link ProbeStats} per stats period reach the listener.</li>
 *   <li>Scheduling lag (probe start minus due time) is measured for every probe. A probe that starts
 *       later than {@code maxLag} (or one interval, if shorter), a slot that passed, or a probe still
 *       waiting to start when the next one is due means the prober is starved: it emits one
 *       {@link ProberStarved} and, until a whole stats period passes cleanly ({@link ProberRecovered}),
 *       failed probes don't count towards DOWN — the prober pages about itself, not about targets it
 *       failed to probe. A target whose own probe overruns its interval is slow, not a starved prober:
 *       the overlapping probe is skipped and counted for that target.</li>
 * </ul>
 */
public final class Prober implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Prober.class);

    private final ProbeRunner runner;
    private final ProbeListener listener;
    private final ProberSettings settings;
    private final ProbeScheduler scheduler;
    private final Executor probeExecutor;
    private final InstantSource clock;
    private final RandomGenerator random;

    private final Semaphore permits;
    private final ConcurrentMap<String, ProbeSlot> slots = new ConcurrentHashMap<>();
    private final RecentDurations lag;
    private final LongAdder probesRun = new LongAdder();
    private final LongAdder skipped = new LongAdder();
    private final LongAdder lateProbes = new LongAdder();
    private final LongAdder starvationSignals = new LongAdder();
    private final AtomicInteger inFlight = new AtomicInteger();

    private final Object starvationLock = new Object();
    private volatile boolean starved;
    private Instant starvedSince;

    private volatile ProbeScheduler.Scheduled statsTask;
    private volatile boolean closed;

    /**
     * @param probeExecutor runs each probe; {@code Executors.newVirtualThreadPerTaskExecutor()} in production
     * @param random        picks each target's start jitter
     */
    public Prober(ProbeRunner runner, ProbeListener listener, ProberSettings settings, ProbeScheduler scheduler,
                  Executor probeExecutor, InstantSource clock, RandomGenerator random) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.probeExecutor = Objects.requireNonNull(probeExecutor, "probeExecutor");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.permits = new Semaphore(settings.maxInFlight(), true);
        this.lag = new RecentDurations(settings.lagSamples());
    }

    /** Starts the periodic {@link ProbeListener#onStats} routine; targets are probed from {@link #add} on. */
    public void start() {
        Instant due = clock.instant().plus(settings.statsInterval());
        statsTask = scheduler.schedule(settings.statsInterval(), () -> statsDue(due));
    }

    /** Starts probing {@code target}, from an unknown state. */
    public void add(Target target, ProbeSettings probeSettings) {
        add(target, probeSettings, new TargetHealth(target.name(), probeSettings));
    }

    /**
     * Starts probing {@code target} from a given state, e.g. {@link TargetHealth#resumingDown} for a target
     * whose incident was open when the bot stopped. The probe's timeout is the settings' {@code timeout}, or
     * else the target's own, cut to one interval so a hung target is probed every interval.
     */
    public void add(Target target, ProbeSettings probeSettings, TargetHealth health) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(probeSettings, "probeSettings");
        Objects.requireNonNull(health, "health");
        if (!health.target().equals(target.name())) {
            throw new IllegalArgumentException("state of " + health.target() + " given for target " + target.name());
        }
        if (closed) {
            throw new IllegalStateException("prober is closed; cannot add " + target.name());
        }
        ProbeSlot slot = new ProbeSlot(withProbeTimeout(target, probeSettings), probeSettings, health,
                settings.latencySamples());
        slot.lastStreak = health.streak();
        if (slots.putIfAbsent(target.name(), slot) != null) {
            throw new IllegalArgumentException("target " + target.name() + " is already probed; remove it first");
        }
        long jitter = jitterNanos(probeSettings.startJitter());
        Instant due = clock.instant().plusNanos(jitter);
        slot.next = scheduler.schedule(Duration.ofNanos(jitter), () -> dispatch(slot, due));
    }

    /** Stops probing the target; a probe already running finishes and its events are dropped. */
    public boolean remove(String target) {
        ProbeSlot slot = slots.remove(target);
        if (slot == null) {
            return false;
        }
        slot.removed = true;
        cancel(slot.next);
        return true;
    }

    public boolean probes(String target) {
        return slots.containsKey(target);
    }

    /** Holds back the target's alerts until {@code until}; its state is still tracked. */
    public void silence(String target, Instant until, String reason) {
        ProbeSlot slot = slot(target);
        synchronized (slot) {
            slot.health.silence(until, reason);
        }
    }

    /**
     * A silence learned from the store just as the target's alert was about to page: held back like any
     * silenced alert, and paged if the target is still down when it ends.
     */
    public void heldBack(String target, Instant until, String reason) {
        ProbeSlot slot = slot(target);
        synchronized (slot) {
            slot.health.heldBack(until, reason);
        }
    }

    /** The silence the target's state holds now, if any. */
    public java.util.Optional<Silence> silenceOf(String target) {
        ProbeSlot slot = slots.get(target);
        if (slot == null) {
            return java.util.Optional.empty();
        }
        Silence s = slot.health.view().silence();
        return s != null && s.activeAt(clock.instant()) ? java.util.Optional.of(s) : java.util.Optional.empty();
    }

    /** Ends the target's silence now; an alert it held back for an outage still going on pages now. */
    public void unsilence(String target) {
        ProbeSlot slot = slot(target);
        synchronized (slot) {
            deliver(slot, slot.health.unsilence(clock.instant()));
        }
    }

    /** Everything the prober knows now, computed from memory. */
    public ProbeStats stats() {
        Instant now = clock.instant();
        List<TargetProbeStats> targets = slots.values().stream()
                .sorted(Comparator.comparing(ProbeSlot::name))
                .map(ProbeSlot::stats)
                .toList();
        return new ProbeStats(now, targets, lag.lag(), probesRun.sum(), skipped.sum(), lateProbes.sum(),
                inFlight.get(), permits.getQueueLength(), settings.maxInFlight(), starved);
    }

    /**
     * Stops scheduling; probes already running finish, and their results are dropped (a probe cut off by the bot's
     * stopping says nothing about its target). The executors belong to the caller.
     */
    @Override
    public void close() {
        closed = true;
        cancel(statsTask);
        slots.values().forEach(s -> cancel(s.next));
    }

    private void dispatch(ProbeSlot slot, Instant due) {
        if (closed || slot.removed) {
            return;
        }
        Instant now = clock.instant();
        long interval = slot.settings.interval().toNanos();
        long late = Math.max(0, Duration.between(due, now).toNanos());
        long passed = late / interval;
        Instant next = due.plusNanos((passed + 1) * interval);
        slot.next = scheduler.schedule(Duration.between(now, next), () -> dispatch(slot, next));
        if (passed > 0) {
            skipped.add(passed);
            slot.skipped.add(passed);
            starvation(now, passed + " probe slot(s) of " + slot.name() + " passed before the scheduler ran them");
        }
        if (!slot.phase.compareAndSet(ProbeSlot.IDLE, ProbeSlot.QUEUED)) {
            skipped.increment();
            slot.skipped.increment();
            if (slot.phase.get() == ProbeSlot.QUEUED) {
                starvation(now, "the previous probe of " + slot.name() + " was still waiting to start when the next was due");
            }
            return;
        }
        try {
            probeExecutor.execute(() -> runProbe(slot, due));
        } catch (RejectedExecutionException e) {
            slot.phase.set(ProbeSlot.IDLE);
            if (!closed) {
                log.error("probe executor refused the probe of {}", slot.name(), e);
            }
        }
    }

    private void runProbe(ProbeSlot slot, Instant due) {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            slot.phase.set(ProbeSlot.IDLE);
            Thread.currentThread().interrupt();
            return;
        }
        Instant started;
        boolean tooLate;
        try {
            slot.phase.set(ProbeSlot.PROBING);
            started = clock.instant();
            Duration late = Duration.between(due, started);
            late = late.isNegative() ? Duration.ZERO : late;
            lag.add(late);
            Duration threshold = min(settings.maxLag(), slot.settings.interval());
            tooLate = late.compareTo(threshold) > 0;
            if (tooLate) {
                lateProbes.increment();
                starvation(started, "a probe of " + slot.name() + " started " + late.toMillis() + " ms late (more than "
                        + threshold.toMillis() + " ms)");
            }
        } catch (RuntimeException | Error e) {
            permits.release();
            slot.phase.set(ProbeSlot.IDLE);
            throw e;
        }
        inFlight.incrementAndGet();
        // The probe's outside deadline: a probe that overruns it is a failure then, and its thread is left to end on its
        // own. Whichever comes first settles the probe; the other is dropped. The probe's checks run on this thread.
        AtomicBoolean settled = new AtomicBoolean();
        Duration deadline = CheckRunner.deadlineFor(slot.target);
        ProbeScheduler.Scheduled guard = scheduler.schedule(deadline, () -> gaveUp(slot, settled, started, deadline, tooLate));
        ProbeResult result = null;
        try {
            result = runSafely(slot, started);
        } finally {
            guard.cancel();
            if (settled.compareAndSet(false, true)) {
                finish(slot, result, tooLate);
            }
        }
    }

    /** A probe past its deadline: a failed probe, told on a probe thread (the scheduler's thread only dispatches). */
    private void gaveUp(ProbeSlot slot, AtomicBoolean settled, Instant started, Duration deadline, boolean tooLate) {
        if (!settled.compareAndSet(false, true)) {
            return;
        }
        List<String> checks = slot.settings.checks();
        ProbeResult result = ProbeResult.failed(slot.name(), started, deadline, checks.size() == 1 ? checks.get(0) : "probe",
                CheckRunner.gaveUp(deadline), List.of());
        try {
            probeExecutor.execute(() -> finish(slot, result, tooLate));
        } catch (RejectedExecutionException e) {
            finish(slot, result, tooLate);
        }
    }

    /** The end of a probe, once: its permit back, its result recorded unless the prober is closing, the slot idle. */
    private void finish(ProbeSlot slot, ProbeResult result, boolean tooLate) {
        try {
            inFlight.decrementAndGet();
            permits.release();
            if (closed || result == null) {
                // Cut off by the bot stopping (its threads interrupted), or finished after it began to: says nothing
                // about the target, and nobody is left to tell.
                return;
            }
            record(slot, result, tooLate);
        } finally {
            slot.phase.set(ProbeSlot.IDLE);
        }
    }

    private ProbeResult runSafely(ProbeSlot slot, Instant started) {
        ProbeResult r;
        try {
            r = runner.probe(slot.target, slot.settings.checks());
            if (r == null) {
                r = ProbeResult.failed(slot.name(), started, took(started), "probe", "the probe runner returned no result", List.of());
            }
        } catch (RuntimeException e) {
            log.error("probe of {} crashed", slot.name(), e);
            r = ProbeResult.failed(slot.name(), started, took(started), "probe",
                    "probe could not run: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()),
                    List.of());
        }
        if (!r.at().equals(started) || !r.target().equals(slot.name())) {
            r = new ProbeResult(slot.name(), started, r.ok(), r.latency(), r.failingCheck(), r.summary(), r.evidence(), r.httpStatus());
        }
        return r;
    }

    private void record(ProbeSlot slot, ProbeResult result, boolean tooLate) {
        slot.last = result;
        slot.latencies.add(result.latency());
        slot.probes.increment();
        probesRun.increment();
        try {
            listener.onResult(result);
        } catch (RuntimeException e) {
            log.warn("the probe listener failed on a result of {}: {}", slot.name(), e.toString());
        }
        if (!result.ok()) {
            slot.failures.increment();
        }
        synchronized (slot) {
            if (slot.removed) {
                return;
            }
            if (!result.ok() && (tooLate || starved)) {
                slot.discardedFailures.increment();
                return;
            }
            deliver(slot, slot.health.observe(result));
            TargetHealth.Streak streak = slot.health.streak();
            if (!streak.equals(slot.lastStreak)) {
                slot.lastStreak = streak;
                try {
                    listener.onStreak(slot.name(), streak);
                } catch (RuntimeException e) {
                    log.error("probe listener failed on the streak of {}", slot.name(), e);
                }
            }
        }
    }

    private void starvation(Instant now, String reason) {
        starvationSignals.increment();
        boolean first;
        synchronized (starvationLock) {
            first = !starved;
            if (first) {
                starved = true;
                starvedSince = now;
            }
        }
        if (first) {
            log.warn("prober starved: {}", reason);
            deliver(new ProberStarved(now, reason, lag.lag(), skipped.sum()));
        }
    }

    private void statsDue(Instant due) {
        if (closed) {
            return;
        }
        Instant now = clock.instant();
        long every = settings.statsInterval().toNanos();
        long passed = Math.max(0, Duration.between(due, now).toNanos()) / every;
        Instant next = due.plusNanos((passed + 1) * every);
        statsTask = scheduler.schedule(Duration.between(now, next), () -> statsDue(next));
        try {
            probeExecutor.execute(this::statsPeriod);
        } catch (RejectedExecutionException e) {
            if (!closed) {
                log.error("probe executor refused the stats routine", e);
            }
        }
    }

    /** Ends one stats period: expired silences release held alerts, starvation may end, aggregates go out. */
    private void statsPeriod() {
        Instant now = clock.instant();
        for (ProbeSlot slot : slots.values()) {
            synchronized (slot) {
                deliver(slot, slot.health.tick(now));
            }
        }
        long signals = starvationSignals.sumThenReset();
        Instant recoveredFrom = null;
        synchronized (starvationLock) {
            if (starved && signals == 0) {
                starved = false;
                recoveredFrom = starvedSince;
                starvedSince = null;
            }
        }
        ProbeStats stats = stats();
        if (recoveredFrom != null) {
            log.info("prober keeps up again after being starved since {}", recoveredFrom);
            deliver(new ProberRecovered(now, recoveredFrom, stats.lag()));
        }
        try {
            listener.onStats(stats);
        } catch (RuntimeException e) {
            log.error("probe listener failed on stats", e);
        }
    }

    private void deliver(ProbeSlot slot, List<ProbeEvent> events) {
        if (!slot.removed) {
            events.forEach(this::deliver);
        }
    }

    private void deliver(ProbeEvent event) {
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {
            log.error("probe listener failed on {}", event, e);
        }
    }

    private ProbeSlot slot(String target) {
        ProbeSlot slot = slots.get(target);
        if (slot == null) {
            throw new IllegalArgumentException("no probed target named " + target);
        }
        return slot;
    }

    private long jitterNanos(Duration jitter) {
        long bound = jitter.toNanos();
        if (bound <= 0) {
            return 0;
        }
        synchronized (random) {
            return random.nextLong(bound + 1);
        }
    }

    private Duration took(Instant started) {
        Duration d = Duration.between(started, clock.instant());
        return d.isNegative() ? Duration.ZERO : d;
    }

    private static Target withProbeTimeout(Target t, ProbeSettings s) {
        Duration timeout = s.timeout() != null ? s.timeout() : min(t.timeout(), s.interval());
        if (timeout.equals(t.timeout())) {
            return t;
        }
        return new Target(t.name(), t.baseUrl(), t.host(), t.port(), t.healthPath(), timeout, t.latencyWarn(),
                t.statusChecks(), t.http(), t.incidentChannel(), t.ssh(), t.service());
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void cancel(ProbeScheduler.Scheduled task) {
        if (task != null) {
            task.cancel();
        }
    }
}
