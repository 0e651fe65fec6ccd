package dev.triage.bot.runbook;

import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import dev.triage.config.Condition;
import dev.triage.config.Runbook;
import dev.triage.config.RunbookGraph;
import dev.triage.config.RunbookStep;
import dev.triage.config.Target;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a runbook over the results of its checks, gathered all at once. Every runbook starts where
 * the documents do: reach the service from outside — answering normally is healthy, answering slowly
 * is the runbook's {@code slow} step — unless a step read also when it answers
 * ({@code also_when_answering}, e.g. the front end calling the backend at the wrong URL) fails: then that
 * step is the verdict. Otherwise the steps are decided in dependency order, and the first failing step in
 * the document's order that names a cause is the verdict. A pure function of its input.
 */
public final class RunbookEngine {

    /** What each step came to, and the verdict. */
    public record Reading(Map<String, StepOutcome> outcomes, Verdict verdict) {
    }

    public Verdict decide(Runbook runbook, Target target, List<CheckResult> results) {
        return read(runbook, target, results).verdict();
    }

    public Reading read(Runbook runbook, Target target, List<CheckResult> results) {
        Results r = new Results(target, results);
        Map<String, StepOutcome> outcomes = new LinkedHashMap<>();
        List<RunbookStep> order = new RunbookGraph(runbook).order()
                .orElseThrow(() -> new IllegalStateException("runbook " + runbook.name() + " has steps that depend on each other in a cycle"));
        boolean answers = !r.outsideFails();
        for (RunbookStep step : order) {
            if (!answers || step.alsoWhenAnswering()) {
                outcomes.put(step.id(), outcome(step, r, outcomes));
            }
        }
        for (RunbookStep step : runbook.steps()) {
            if (step.cause() != null && outcomes.get(step.id()) == StepOutcome.FAILED) {
                return new Reading(outcomes, withRuledOut(verdict(runbook, step, r), r, runbook));
            }
        }
        if (answers) {
            return new Reading(outcomes, r.outsideWarns() ? slow(runbook, r) : healthy(r));
        }
        return new Reading(outcomes, withRuledOut(new Verdict(false, "it fails from outside, and " + runbook.name()
                + " has no step that says why", null, r.failing(false), List.of(),
                new Verdict.Fix("look at the failing checks above", null)), r, runbook));
    }

    // ---- steps ------------------------------------------------------------------------------

    private static StepOutcome outcome(RunbookStep step, Results r, Map<String, StepOutcome> done) {
        if (step.unavailable() != null || !holds(step.when(), r, done)) {
            return step.unavailable() != null ? StepOutcome.UNKNOWN : StepOutcome.NOT_APPLICABLE;
        }
        if (step.check() != null && !r.known(step.check())) {
            return StepOutcome.UNKNOWN;
        }
        if (step.failsIf() != null) {
            return holds(step.failsIf(), r, done) ? StepOutcome.FAILED : StepOutcome.PASSED;
        }
        if (step.check() != null) {
            return r.status(step.check()) == Status.FAIL ? StepOutcome.FAILED : StepOutcome.PASSED;
        }
        return StepOutcome.FAILED;
    }

    static boolean holds(Condition c, Results r, Map<String, StepOutcome> done) {
        return switch (c) {
            case Condition.Failed f -> done.get(f.step()) == StepOutcome.FAILED;
            case Condition.Passed p -> done.get(p.step()) == StepOutcome.PASSED;
            case Condition.Ran ran -> ran.checks().stream().anyMatch(r::known);
            case Condition.All a -> a.all().stream().allMatch(x -> holds(x, r, done));
            case Condition.Any a -> a.any().stream().anyMatch(x -> holds(x, r, done));
            case Condition.Not n -> !holds(n.condition(), r, done);
            case Condition.Fact f -> fact(f, r);
        };
    }

    private static boolean fact(Condition.Fact f, Results r) {
        String value = null;
        for (String name : f.names()) {
            value = r.fact(name);
            if (value != null) {
                break;
            }
        }
        if (value == null) {
            return false;
        }
        String v = value;
        return switch (f.op()) {
            case "equals", "in" -> f.values().stream().anyMatch(x -> x.equalsIgnoreCase(v));
            case "has" -> List.of(v.split(",")).stream().map(String::strip).anyMatch(f.values()::contains);
            default -> true;
        };
    }

    // ---- the verdict -----------------------------------------------------------------------------

    private static Verdict verdict(Runbook runbook, RunbookStep step, Results r) {
        List<Verdict.Evidence> evidence = new ArrayList<>();
        for (RunbookStep.EvidenceSpec e : step.evidence()) {
            evidence.addAll(evidence(e, r));
        }
        Verdict.Fix fix = step.fix() == null ? null
                : new Verdict.Fix(Template.fill(step.fix().advice(), r::fact), step.fix().action());
        return new Verdict(false, Template.fill(step.cause(), r::fact), reference(runbook, step), evidence, List.of(), fix);
    }

    private static List<Verdict.Evidence> evidence(RunbookStep.EvidenceSpec e, Results r) {
        if (e.check().equals(RunbookStep.EvidenceSpec.FAILING)) {
            return r.failing(false);
        }
        if (e.check().equals(RunbookStep.EvidenceSpec.FAILING_OUTSIDE)) {
            return r.failing(true);
        }
        Status s = r.status(e.check());
        if (s == null || ("problem".equals(e.only()) && s != Status.FAIL && s != Status.WARN)
                || ("fail".equals(e.only()) && s != Status.FAIL)) {
            return List.of();
        }
        return r.evidence(e.check(), e.lines());
    }

    /** "document 000, step 3": the cited document's title, then the step. */
    static String reference(Runbook runbook, RunbookStep step) {
        if (step.cites() == null) {
            return null;
        }
        String title = runbook.document(step.cites().doc()).map(Runbook.Document::title).orElse(runbook.title());
        return step.cites().step() == null ? title : title + ", " + step.cites().step();
    }

    private static Verdict healthy(Results r) {
        List<Verdict.Evidence> worth = new ArrayList<>();
        for (CheckResult c : r.all()) {
            if (!Results.isOutside(c.checkId()) && (c.status() == Status.WARN || c.status() == Status.FAIL)) {
                worth.add(new Verdict.Evidence(c.checkId(), c.summary()));   // its status is the line's own label
            }
        }
        List<Verdict.Evidence> evidence = new ArrayList<>(r.evidence("http-health", 0));
        evidence.addAll(worth);
        return new Verdict(true, worth.isEmpty() ? "it answers normally: nothing to fix"
                : "it answers normally; " + worth.size() + " thing" + (worth.size() == 1 ? "" : "s") + " worth a look on the host",
                null, evidence, List.of(), null);
    }

    private static Verdict slow(Runbook runbook, Results r) {
        List<Verdict.Evidence> evidence = new ArrayList<>();
        r.outside().stream().filter(c -> c.status() == Status.WARN)
                .forEach(c -> evidence.add(new Verdict.Evidence(c.checkId(), c.summary())));
        RunbookStep slow = runbook.slow();
        if (slow != null) {
            slow.evidence().forEach(e -> evidence.addAll(evidence(e, r)));
        }
        return new Verdict(false, slow == null || slow.cause() == null ? "it answers, but slowly" : Template.fill(slow.cause(), r::fact),
                slow == null ? null : reference(runbook, slow), evidence, List.of(),
                slow == null || slow.fix() == null ? new Verdict.Fix("look at load and memory on the host and at slow requests in the log", null)
                        : new Verdict.Fix(Template.fill(slow.fix().advice(), r::fact), slow.fix().action()));
    }

    /** What was checked and found fine, named by the runbook's topics. */
    private static Verdict withRuledOut(Verdict v, Results r, Runbook runbook) {
        Map<String, String> topics = new HashMap<>();
        runbook.steps().stream().filter(s -> s.check() != null && s.topic() != null)
                .forEach(s -> topics.putIfAbsent(s.check(), s.topic()));
        Set<String> cited = new LinkedHashSet<>();
        v.evidence().forEach(e -> cited.add(e.checkId()));
        List<String> ruledOut = new ArrayList<>();
        for (CheckResult c : r.all()) {
            if (c.status() == Status.OK && !cited.contains(c.checkId())) {
                ruledOut.add(topics.getOrDefault(c.checkId(), c.checkId()) + " (" + shorten(c.summary()) + ")");
            }
        }
        return new Verdict(v.healthy(), v.cause(), v.reference(), v.evidence(), ruledOut, v.fix());
    }

    private static String shorten(String s) {
        return s.length() <= 60 ? s : s.substring(0, 59) + "…";
    }
}
