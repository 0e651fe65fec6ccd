package dev.triage.bot.diagnose;

import dev.triage.bot.runbook.Verdict;

import dev.triage.bot.runbook.Gathering;
import dev.triage.bot.runbook.RunbookEngine;
import dev.triage.bot.runbook.RunbookLibrary;
import dev.triage.bot.status.CheckCatalog;
import dev.triage.checks.CheckResult;
import dev.triage.checks.CheckRunner;
import dev.triage.config.Runbook;
import dev.triage.config.Target;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.function.Consumer;

/**
 * Diagnoses a target with its runbook: runs every check the runbook gathers at once, reports each
 * result as it arrives, and reads the runbook's steps over them.
 */
public final class DiagnoseService {
    private final CheckCatalog catalog;
    private final CheckRunner runner;
    private final RunbookLibrary runbooks;
    private final RunbookEngine engine = new RunbookEngine();
    private final InstantSource clock;

    public DiagnoseService(CheckCatalog catalog, CheckRunner runner, RunbookLibrary runbooks, InstantSource clock) {
        this.catalog = catalog;
        this.runner = runner;
        this.runbooks = runbooks;
        this.clock = clock;
    }

    /** The same service over another configuration's runbooks. */
    public DiagnoseService withRunbooks(RunbookLibrary other) {
        return new DiagnoseService(catalog, runner, other, clock);
    }

    public RunbookLibrary runbooks() {
        return runbooks;
    }

    /** How many checks {@link #diagnose} will run for this target. */
    public int checkCount(Target target) {
        return checkCount(target, runbooks.forTarget(target));
    }

    public int checkCount(Target target, Runbook runbook) {
        return catalog.expand(target, Gathering.checkIds(runbook, target)).size();
    }

    public Diagnosis diagnose(Target target, Consumer<CheckResult> progress) {
        return diagnose(target, runbooks.forTarget(target), progress);
    }

    public Diagnosis diagnose(Target target, Runbook runbook, Consumer<CheckResult> progress) {
        var at = clock.instant();
        long start = System.nanoTime();
        List<CheckResult> results = runner.runAll(target, catalog.expand(target, Gathering.checkIds(runbook, target)), progress);
        Verdict verdict = engine.decide(runbook, target, results);
        return new Diagnosis(target, results, verdict, at, Duration.ofNanos(System.nanoTime() - start));
    }
}
