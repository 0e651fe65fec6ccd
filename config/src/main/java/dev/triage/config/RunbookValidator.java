package dev.triage.config;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * Checks what runbooks refer to — checks, actions, steps, documents — and that no steps depend on
 * each other in a cycle, reporting every mistake with its place.
 */
public final class RunbookValidator {
    /** Names a fact may start with besides a check id: the target's own settings. */
    public static final Set<String> TARGET_SCOPES = Set.of("target", "service");

    private final Set<String> knownChecks;
    private final Set<String> knownActions;

    public RunbookValidator(Set<String> knownChecks, Set<String> knownActions) {
        this.knownChecks = new TreeSet<>(knownChecks);
        this.knownActions = new TreeSet<>(knownActions);
    }

    public void validate(List<Runbook> runbooks, BiConsumer<String, String> problems) {
        Map<String, String> names = new HashMap<>();
        for (Runbook r : runbooks) {
            String first = names.putIfAbsent(r.name(), r.place());
            if (first != null) {
                problems.accept(r.place() + ".name", "duplicate runbook name (got " + r.name() + ", also at " + first + ")");
            }
            validate(r, problems);
        }
    }

    public void validate(Runbook r, BiConsumer<String, String> problems) {
        for (int i = 0; i < r.checks().size(); i++) {
            Runbook.CheckUse use = r.checks().get(i);
            checkId(use.id(), r.place() + ".checks[" + i + "]", problems);
            facts(use.when(), r.place() + ".checks[" + i + "].when", problems);
        }
        Set<String> ids = new HashSet<>();
        for (RunbookStep s : r.steps()) {
            if (!ids.add(s.id())) {
                problems.accept(s.place() + ".id", "duplicate step id (got " + s.id() + ")");
            }
        }
        if (r.slow() != null) {
            step(r, r.slow(), ids, problems);
        }
        for (RunbookStep s : r.steps()) {
            step(r, s, ids, problems);
        }
        new RunbookGraph(r).cycle().ifPresent(cycle -> {
            RunbookStep at = r.step(cycle.get(0)).orElseThrow();
            problems.accept(at.place() + ".when", "steps depend on each other in a cycle: " + String.join(" → ", cycle));
        });
    }

    private void step(Runbook r, RunbookStep s, Set<String> stepIds, BiConsumer<String, String> problems) {
        if (s.check() != null && s.unavailable() == null) {
            checkId(s.check(), s.place() + ".check", problems);
        }
        for (String dep : RunbookGraph.dependencies(s)) {
            if (!stepIds.contains(dep)) {
                problems.accept(s.place() + (mentions(s.when(), dep) ? ".when" : ".fails_if"),
                        "depends on a step that doesn't exist (got " + dep + ")" + Suggestions.didYouMean(dep, stepIds));
            }
            if (dep.equals(s.id())) {
                problems.accept(s.place() + ".when", "a step can't depend on itself (got " + dep + ")");
            }
        }
        facts(s.when(), s.place() + ".when", problems);
        if (s.failsIf() != null) {
            facts(s.failsIf(), s.place() + ".fails_if", problems);
        }
        if (s.cites() != null && s.cites().doc() != null && r.document(s.cites().doc()).isEmpty()) {
            problems.accept(s.place() + ".cites.document", "no such document in this runbook (got " + s.cites().doc() + ")"
                    + Suggestions.didYouMean(s.cites().doc(), r.documents().stream().map(Runbook.Document::id).toList()));
        }
        if (s.cites() != null && r.documents().isEmpty()) {
            problems.accept(s.place() + ".cites", "cites a step, but the runbook lists no documents");
        }
        for (int i = 0; i < s.evidence().size(); i++) {
            String c = s.evidence().get(i).check();
            if (!c.equals(RunbookStep.EvidenceSpec.FAILING) && !c.equals(RunbookStep.EvidenceSpec.FAILING_OUTSIDE)) {
                checkId(c, s.place() + ".evidence[" + i + "]", problems);
            }
        }
        if (s.fix() != null && s.fix().action() != null && !knownActions.contains(s.fix().action())) {
            problems.accept(s.place() + ".fix.action", "unknown action (got " + s.fix().action() + ")"
                    + Suggestions.didYouMean(s.fix().action(), knownActions));
        }
        if (s.alsoWhenAnswering()) {
            if (s == r.slow()) {
                problems.accept(s.place() + ".also_when_answering", "the slow step is read only when the service answers slowly");
            } else if (s.cause() == null) {
                problems.accept(s.place() + ".also_when_answering", "a step read when the service answers must name a cause");
            }
            for (String dep : RunbookGraph.dependencies(s)) {
                r.step(dep).filter(d -> !d.alsoWhenAnswering()).ifPresent(d -> problems.accept(s.place() + ".also_when_answering",
                        "depends on " + dep + ", which is not read when the service answers (give it also_when_answering: true too)"));
            }
        }
        if (s.cause() == null && s.check() == null && s.failsIf() == null && s.fix() == null) {
            problems.accept(s.place(), "does nothing: give it a check, a fails_if condition or a cause");
        }
    }

    private void facts(Condition c, String place, BiConsumer<String, String> problems) {
        for (String check : RunbookGraph.checksRead(c)) {
            if (!TARGET_SCOPES.contains(check)) {
                checkId(check, place, problems);
            }
        }
    }

    private void checkId(String id, String place, BiConsumer<String, String> problems) {
        if (!knownChecks.contains(id)) {
            problems.accept(place, "unknown check (got " + id + ")" + Suggestions.didYouMean(id, knownChecks));
        }
    }

    private static boolean mentions(Condition c, String step) {
        RunbookStep probe = new RunbookStep("probe", null, null, null, c, null, null, null, null, null, null);
        return RunbookGraph.dependencies(probe).contains(step);
    }
}
