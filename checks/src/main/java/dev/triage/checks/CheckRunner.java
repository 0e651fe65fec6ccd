package dev.triage.checks;

import dev.triage.config.Target;
import dev.triage.time.TickTimer;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a target's checks concurrently, so a status takes about as long as its slowest check, not the
 * sum. Enforces each check's deadline from outside (a check that overruns becomes ERROR) and turns a
 * crashing check into ERROR, so one bad check never hides the others.
 */
public final class CheckRunner {
    private static final Logger log = LoggerFactory.getLogger(CheckRunner.class);
    /** Slack on top of a check's own deadline before the runner gives up on it. */
    static final Duration GRACE = Duration.ofSeconds(2);
    /**
     * Gives up on checks past their deadline, within 50 ms of it: a timer per check in the JDK's delay queue
     * ({@code completeOnTimeout}) took 4 % of the prober's CPU at 2,000 probes a second.
     */
    private static final TickTimer DEADLINES = new TickTimer("triage-check-deadlines", Duration.ofMillis(50));

    private final ExecutorService executor;
    private final InstantSource clock;

    public CheckRunner(ExecutorService executor, InstantSource clock) {
        this.executor = Objects.requireNonNull(executor, "executor");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The results in the order of {@code checks}. */
    public List<CheckResult> runAll(Target target, List<? extends Check> checks) {
        return runAll(target, checks, r -> { });
    }

    /**
     * @param onEach called once per result as soon as it is known (from a worker thread), so a
     *               message can be updated as checks finish
     */
    public List<CheckResult> runAll(Target target, List<? extends Check> checks, Consumer<CheckResult> onEach) {
        Duration deadline = deadlineFor(target);
        List<CompletableFuture<CheckResult>> futures = new ArrayList<>();
        for (Check check : checks) {
            CompletableFuture<CheckResult> started;
            try {
                started = CompletableFuture.supplyAsync(() -> runOne(check, target), executor);
            } catch (RejectedExecutionException e) {
                // The pool is shut down: the bot is stopping. Said as a result, never thrown at the caller.
                started = CompletableFuture.completedFuture(CheckResult.error(check.id(), "not run: Triage is stopping"));
            }
            CompletableFuture<CheckResult> running = started;
            TickTimer.Timeout due = DEADLINES.schedule(deadline, () -> running.complete(null));
            CompletableFuture<CheckResult> f = started.thenApply(r -> {
                due.cancel();
                return r != null ? r : CheckResult.error(check.id(), gaveUp(deadline)).withDuration(deadline);
            });
            f.thenAccept(r -> notify(onEach, r));
            futures.add(f);
        }
        List<CheckResult> results = new ArrayList<>(futures.size());
        for (CompletableFuture<CheckResult> f : futures) {
            results.add(f.join());
        }
        return results;
    }

    /** One check on the calling thread, with crash protection and timing but no outside deadline. */
    public CheckResult runOne(Check check, Target target) {
        Instant started = clock.instant();
        long start = System.nanoTime();
        try {
            CheckResult r = check.run(target);
            if (r == null) {
                return CheckResult.error(check.id(), "returned no result (a bug in the check)");
            }
            return r.duration().isZero() ? r.withDuration(Duration.ofNanos(System.nanoTime() - start)) : r;
        } catch (RuntimeException e) {
            log.error("check {} on {} crashed (started {})", check.id(), target.name(), started, e);
            return CheckResult.error(check.id(), "could not run: " + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + e.getMessage()))
                    .withDuration(Duration.ofNanos(System.nanoTime() - start));
        }
    }

    /** What a check or probe that overran {@code deadline} says. */
    public static String gaveUp(Duration deadline) {
        return "did not finish within " + deadline.toMillis() + " ms; gave up";
    }

    /** The longest a check on this target may take: its own deadline plus grace. */
    public static Duration deadlineFor(Target target) {
        Duration own = target.timeout();
        if (target.ssh() != null && target.ssh().commandTimeout().compareTo(own) > 0) {
            own = target.ssh().commandTimeout().plus(target.ssh().connectTimeout());
        }
        return own.plus(GRACE);
    }

    private static void notify(Consumer<CheckResult> onEach, CheckResult r) {
        try {
            onEach.accept(r);
        } catch (RuntimeException e) {
            log.error("progress listener failed for {}", r.checkId(), e);
        }
    }
}
