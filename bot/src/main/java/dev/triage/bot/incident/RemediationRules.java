package dev.triage.bot.incident;

import dev.triage.bot.approval.TargetActions;
import dev.triage.config.Access;
import dev.triage.config.Problem;
import dev.triage.config.Remediation;
import dev.triage.config.Target;
import dev.triage.config.TriageConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code remediate:} rules of a configuration, checked against what each target can actually run. The config
 * loader knows the form; only here are the actions known, so both {@code validate} and {@code run} ask this class,
 * and what one refuses the other does too.
 */
public final class RemediationRules {
    /** One target's rule with the action policy whose storm guard it runs inside. */
    public record Rule(Target target, Remediation remediation, Access.ActionPolicy policy) {
        /** How the audit and the thread name it: {@code demo's remediate: rule (restart-service after 10s DOWN, at most 2 an hour)}. */
        public String label() {
            return target.name() + "'s remediate: rule (" + remediation.describe() + ")";
        }
    }

    private RemediationRules() {
    }

    /** Every rule that can't run, each named by its place in the file ({@code targets[0].remediate.action}). */
    public static List<Problem> problems(TriageConfig config, TargetActions actions) {
        List<Problem> out = new ArrayList<>();
        for (int i = 0; i < config.targets().size(); i++) {
            Target t = config.targets().get(i);
            Remediation r = config.remediation(t.name()).orElse(null);
            if (r == null) {
                continue;
            }
            String why = refusal(config, t, r, actions);
            if (why != null) {
                out.add(new Problem("targets[" + i + "].remediate.action", why));
            }
        }
        return out;
    }

    /** The rules by target name; throws {@link IllegalArgumentException} naming a rule that can't run. */
    public static Map<String, Rule> resolve(TriageConfig config, TargetActions actions) {
        Map<String, Rule> out = new LinkedHashMap<>();
        for (Target t : config.targets()) {
            Remediation r = config.remediation(t.name()).orElse(null);
            if (r == null) {
                continue;
            }
            String why = refusal(config, t, r, actions);
            if (why != null) {
                throw new IllegalArgumentException(t.name() + ".remediate: " + why);
            }
            out.put(t.name(), new Rule(t, r, config.access().policy(r.action()).orElseThrow()));
        }
        return out;
    }

    private static String refusal(TriageConfig config, Target t, Remediation r, TargetActions actions) {
        if (Remediation.NEVER_UNATTENDED.contains(r.action())) {
            return r.action() + " is never run without a person";
        }
        var policy = config.access().policy(r.action());
        if (policy.isEmpty()) {
            return r.action() + " has no approval policy (access.actions." + r.action() + "), so it can't run at all";
        }
        if (r.maxPerHour() > policy.get().maxPerHour()) {
            return "max_per_hour " + r.maxPerHour() + " is above the storm guard's cap of " + policy.get().maxPerHour() + " for " + r.action();
        }
        if (!actions.available(t, r.action())) {
            List<String> can = actions.available(t).stream()
                    .filter(id -> !Remediation.NEVER_UNATTENDED.contains(id) && actions.available(t, id)).toList();
            String reason = actions.find(t, r.action()).map(a -> a.plan(t).unavailableReason()).orElse("Triage has no such action");
            return "target " + t.name() + " can't run " + r.action() + " (" + reason + "); the actions it can run: "
                    + (can.isEmpty() ? "none (give it ssh: and service:, or cloud:)" : String.join(", ", can)) + " (got " + r.action() + ")";
        }
        return null;
    }
}
