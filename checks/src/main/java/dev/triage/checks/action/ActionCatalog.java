package dev.triage.checks.action;

import dev.triage.config.Target;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The actions the bot offers, by id, in the order given (e.g. {@link SshActions#all}). */
public final class ActionCatalog {

    private final Map<String, Action> byId = new LinkedHashMap<>();

    public ActionCatalog(List<? extends Action> actions) {
        for (Action action : actions) {
            Objects.requireNonNull(action, "action");
            if (byId.putIfAbsent(action.id(), action) != null) {
                throw new IllegalArgumentException("two actions with the id " + action.id());
            }
        }
    }

    public Optional<Action> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Every action, in order. */
    public List<Action> all() {
        return List.copyOf(byId.values());
    }

    /** What each action would do on {@code target}, in order; unavailable ones say what to configure. */
    public List<ActionPlan> plans(Target target) {
        return byId.values().stream().map(a -> a.plan(target)).toList();
    }

    /** The ids of the actions {@code target} can run. */
    public List<String> availableFor(Target target) {
        return plans(target).stream().filter(ActionPlan::available).map(ActionPlan::actionId).toList();
    }
}
