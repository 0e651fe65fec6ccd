package dev.triage.checks.action;

import java.util.List;
import java.util.Objects;

/**
 * What an action would do on one target — shown on the approval card before anyone approves.
 *
 * @param command           the exact command line that will run (no secrets in it)
 * @param gate              what must pass first, one line each; empty for none
 * @param verify            what is checked afterwards, in order, one line each
 * @param unavailableReason null when the action can run on this target; else why not and what to configure
 */
public record ActionPlan(String actionId, String target, String host, String command, List<String> gate,
                         List<String> verify, String unavailableReason) {
    public ActionPlan {
        Objects.requireNonNull(actionId, "actionId");
        Objects.requireNonNull(target, "target");
        gate = gate == null ? List.of() : List.copyOf(gate);
        verify = verify == null ? List.of() : List.copyOf(verify);
    }

    public boolean available() {
        return unavailableReason == null;
    }

    public static ActionPlan unavailable(String actionId, String target, String why) {
        return new ActionPlan(actionId, target, null, null, List.of(), List.of(), why);
    }
}
