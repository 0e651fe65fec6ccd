package dev.triage.bot.approval;

import dev.triage.checks.action.Action;
import dev.triage.checks.action.ActionCatalog;
import dev.triage.config.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which action an id means for a given target: the runbooks' SSH actions for every target, except
 * where a target brings its own (the demo backend restarts in-process).
 */
public final class TargetActions {
    private final ActionCatalog catalog;
    private final Map<String, List<Action>> perTarget;

    public TargetActions(ActionCatalog catalog, Map<String, List<Action>> perTarget) {
        this.catalog = catalog;
        this.perTarget = Map.copyOf(perTarget);
    }

    public Optional<Action> find(Target target, String actionId) {
        for (Action a : perTarget.getOrDefault(target.name(), List.of())) {
            if (a.id().equals(actionId)) {
                return Optional.of(a);
            }
        }
        return catalog.find(actionId);
    }

    /** The action ids whose plan can run on this target. */
    public List<String> available(Target target) {
        List<String> out = new ArrayList<>();
        for (Action a : perTarget.getOrDefault(target.name(), List.of())) {
            out.add(a.id());
        }
        for (String id : catalog.availableFor(target)) {
            if (!out.contains(id)) {
                out.add(id);
            }
        }
        return out;
    }

    public boolean available(Target target, String actionId) {
        return find(target, actionId).map(a -> a.plan(target).available()).orElse(false);
    }
}
