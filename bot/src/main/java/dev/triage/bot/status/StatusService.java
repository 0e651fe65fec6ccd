package dev.triage.bot.status;

import dev.triage.checks.CheckRunner;
import dev.triage.config.Target;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/** Runs a target's status checks and hands back a report; several targets run side by side. */
public final class StatusService {
    private final CheckCatalog catalog;
    private final CheckRunner runner;
    private final ExecutorService executor;
    private final InstantSource clock;

    public StatusService(CheckCatalog catalog, CheckRunner runner, ExecutorService executor, InstantSource clock) {
        this.catalog = catalog;
        this.runner = runner;
        this.executor = executor;
        this.clock = clock;
    }

    public StatusReport status(Target target) {
        var at = clock.instant();
        long start = System.nanoTime();
        var results = runner.runAll(target, catalog.statusChecks(target));
        return new StatusReport(target, results, at, Duration.ofNanos(System.nanoTime() - start));
    }

    /** Runs the named checks on the target instead of its status checks. */
    public StatusReport status(Target target, List<String> checkIds) {
        var at = clock.instant();
        long start = System.nanoTime();
        var results = runner.runAll(target, catalog.expand(target, checkIds));
        return new StatusReport(target, results, at, Duration.ofNanos(System.nanoTime() - start));
    }

    public List<StatusReport> statusAll(List<Target> targets) {
        var futures = targets.stream()
                .map(t -> CompletableFuture.supplyAsync(() -> status(t), executor))
                .toList();
        return futures.stream().map(CompletableFuture::join).toList();
    }
}
