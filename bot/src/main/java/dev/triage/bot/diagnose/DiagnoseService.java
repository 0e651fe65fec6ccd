package dev.triage.bot.diagnose;

import dev.triage.bot.status.CheckCatalog;
import dev.triage.checks.CheckResult;
import dev.triage.checks.CheckRunner;
import dev.triage.config.Target;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs every check the target's configuration allows at once, reports each result as it arrives, and
 * walks the decision path over them.
 */
public final class DiagnoseService {
    private final CheckCatalog catalog;
    private final CheckRunner runner;
    private final DecisionPath path;
    private final InstantSource clock;

    public DiagnoseService(CheckCatalog catalog, CheckRunner runner, DecisionPath path, InstantSource clock) {
        this.catalog = catalog;
        this.runner = runner;
        this.path = path;
        this.clock = clock;
    }

    /** How many checks {@link #diagnose} will run for this target. */
    public int checkCount(Target target) {
        return catalog.expand(target, DiagnosisPlan.checkIds(target)).size();
    }

    public Diagnosis diagnose(Target target, Consumer<CheckResult> progress) {
        var at = clock.instant();
        long start = System.nanoTime();
        List<CheckResult> results = runner.runAll(target, catalog.expand(target, DiagnosisPlan.checkIds(target)), progress);
        Verdict verdict = path.decide(target, results);
        return new Diagnosis(target, results, verdict, at, Duration.ofNanos(System.nanoTime() - start));
    }
}
