package dev.triage.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Which steps of a runbook each step depends on, the order that respects it, and any cycle. */
public final class RunbookGraph {
    private final Map<String, RunbookStep> steps = new LinkedHashMap<>();

    public RunbookGraph(Runbook runbook) {
        runbook.steps().forEach(s -> steps.putIfAbsent(s.id(), s));
    }

    /** The steps {@code step}'s conditions name, in the order they are named. */
    public static Set<String> dependencies(RunbookStep step) {
        Set<String> out = new LinkedHashSet<>();
        collect(step.when(), out);
        if (step.failsIf() != null) {
            collect(step.failsIf(), out);
        }
        return out;
    }

    /** Every check a condition reads a fact or a status from (the part of {@code CHECK.FACT} before the first dot). */
    public static Set<String> checksRead(Condition c) {
        Set<String> out = new LinkedHashSet<>();
        checks(c, out);
        return out;
    }

    /** The steps in file order, each moved after the steps it depends on; empty when there is a cycle. */
    public Optional<List<RunbookStep>> order() {
        List<RunbookStep> out = new ArrayList<>();
        Set<String> done = new LinkedHashSet<>();
        for (RunbookStep s : steps.values()) {
            if (!visit(s, done, new LinkedHashSet<>(), out)) {
                return Optional.empty();
            }
        }
        return Optional.of(out);
    }

    /** The first cycle found, as step ids from a step back to itself; empty when there is none. */
    public Optional<List<String>> cycle() {
        for (RunbookStep s : steps.values()) {
            List<String> trail = new ArrayList<>();
            if (findCycle(s.id(), trail)) {
                return Optional.of(trail);
            }
        }
        return Optional.empty();
    }

    private boolean visit(RunbookStep s, Set<String> done, Set<String> onPath, List<RunbookStep> out) {
        if (done.contains(s.id())) {
            return true;
        }
        if (!onPath.add(s.id())) {
            return false;
        }
        for (String dep : dependencies(s)) {
            RunbookStep d = steps.get(dep);
            if (d != null && !visit(d, done, onPath, out)) {
                return false;
            }
        }
        onPath.remove(s.id());
        done.add(s.id());
        out.add(s);
        return true;
    }

    private boolean findCycle(String id, List<String> trail) {
        int at = trail.indexOf(id);
        if (at >= 0) {
            trail.subList(0, at).clear();
            trail.add(id);
            return true;
        }
        RunbookStep s = steps.get(id);
        if (s == null) {
            return false;
        }
        trail.add(id);
        for (String dep : dependencies(s)) {
            if (findCycle(dep, trail)) {
                return true;
            }
        }
        trail.remove(trail.size() - 1);
        return false;
    }

    private static void collect(Condition c, Set<String> out) {
        switch (c) {
            case Condition.Failed f -> out.add(f.step());
            case Condition.Passed p -> out.add(p.step());
            case Condition.All a -> a.all().forEach(x -> collect(x, out));
            case Condition.Any a -> a.any().forEach(x -> collect(x, out));
            case Condition.Not n -> collect(n.condition(), out);
            case Condition.Fact f -> { }
            case Condition.Ran r -> { }
        }
    }

    private static void checks(Condition c, Set<String> out) {
        switch (c) {
            case Condition.Fact f -> f.names().forEach(n -> out.add(n.contains(".") ? n.substring(0, n.indexOf('.')) : n));
            case Condition.Ran r -> out.addAll(r.checks());
            case Condition.All a -> a.all().forEach(x -> checks(x, out));
            case Condition.Any a -> a.any().forEach(x -> checks(x, out));
            case Condition.Not n -> checks(n.condition(), out);
            case Condition.Failed f -> { }
            case Condition.Passed p -> { }
        }
    }
}
