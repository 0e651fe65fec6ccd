package dev.triage.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code targets[].remediate:}: the unattended fix a target allows. Reads through the shared {@link ConfigNodes} of
 * the file's walk: {@code ${VAR}}, one problem sink, the secrets.
 */
final class RemediationReader extends ConfigNodes {
    RemediationReader(ConfigNodes shared) {
        super(shared);
    }

    /**
     * {@code targets[].remediate: {action: restart-service, after: 2m, max_per_hour: 2, hold: 30s, escalate: [...]}}.
     * Whether the target can run the action is the bot's to say (it knows the actions); here: the form, never
     * reboot-host, an action with a policy, and a cap within the action's own storm guard.
     */
    Map<String, Remediation> remediations(JsonNode targets, Access access) {
        Map<String, Remediation> out = new LinkedHashMap<>();
        if (!targets.isArray()) {
            return out;
        }
        for (int i = 0; i < targets.size(); i++) {
            JsonNode t = targets.get(i);
            if (!t.isObject() || !t.has("remediate") || t.get("remediate").isNull()) {
                continue;
            }
            String path = "targets[" + i + "].remediate";
            Remediation r = remediation(t.get("remediate"), path, access);
            String name = t.path("name").asText(null);
            if (r != null && name != null) {
                out.put(substitution.apply(name, v -> { }), r);
            }
        }
        return out;
    }

    Remediation remediation(JsonNode node, String path, Access access) {
        if (!node.isObject()) {
            problem(path, "must be a mapping like {action: restart-service, after: 2m, max_per_hour: 2} (got " + kind(node) + ")");
            return null;
        }
        keys(node, path, Set.of("action", "after", "max_per_hour", "hold", "escalate"));
        int before = problemCount();
        String action = string(node, path, "action", true);
        Map<String, Access.ActionPolicy> policies = access == null ? Access.DEFAULT_ACTIONS : access.actions();
        Access.ActionPolicy policy = null;
        if (action != null && Remediation.NEVER_UNATTENDED.contains(action)) {
            problem(path + ".action", action + " is never run without a person (it takes the whole host down); "
                    + "choose an action that restarts the service, e.g. restart-service, or leave it to an approval");
        } else if (action != null) {
            policy = policies.get(action);
            if (policy == null) {
                java.util.TreeSet<String> known = new java.util.TreeSet<>(policies.keySet());
                known.removeAll(Remediation.NEVER_UNATTENDED);
                problem(path + ".action", "unknown action (got " + action + ")" + Suggestions.didYouMean(action, known)
                        + "; actions: " + String.join(", ", known));
            }
        }
        Duration after = duration(node, path, "after");
        Duration hold = duration(node, path, "hold");
        if (hold != null && hold.compareTo(Remediation.MAX_HOLD) > 0) {
            problem(path + ".hold", "must be at most " + Durations.format(Remediation.MAX_HOLD) + ": longer than that, ask for an "
                    + "approval instead (got " + Durations.format(hold) + ")");
        }
        int perHour = Remediation.DEFAULT_PER_HOUR;
        if (node.has("max_per_hour")) {
            JsonNode m = node.get("max_per_hour");
            if (m.canConvertToInt() && m.asInt() >= 1 && m.asInt() <= 1000) {
                perHour = m.asInt();
            } else {
                problem(path + ".max_per_hour", "must be 1..1000 (got " + m.asText() + ")");
            }
        }
        if (policy != null && perHour > policy.maxPerHour()) {
            problem(path + ".max_per_hour", "is above the storm guard's cap of " + policy.maxPerHour() + " runs of " + action
                    + " an hour (access.actions." + action + ".max_per_hour), which counts unattended runs too: lower it, "
                    + "or raise the guard's (got " + perHour + ")");
        }
        List<String> escalate = new ArrayList<>();
        JsonNode e = node.path("escalate");
        if (!e.isMissingNode() && !e.isNull()) {
            List<String> given = e.isArray() ? stringList(e, path + ".escalate") : new ArrayList<>();
            if (!e.isArray()) {
                String one = scalar(e, path + ".escalate");
                if (one != null && !one.isBlank()) {
                    given.add(one.strip());
                }
            }
            for (int i = 0; i < given.size(); i++) {
                String m = given.get(i);
                int colon = m.indexOf(':');
                String kind = colon < 0 ? "" : m.substring(0, colon);
                if (colon < 1 || colon == m.length() - 1 || !Access.MEMBER_KINDS.contains(kind)) {
                    problem(path + ".escalate" + (e.isArray() ? "[" + i + "]" : ""), "who to page is PLATFORM:ID as in roles:, "
                            + "e.g. slack-group:S0456 or discord-role:5678, with PLATFORM one of "
                            + String.join(", ", new java.util.TreeSet<>(Access.MEMBER_KINDS)) + " (got " + m + ")");
                } else {
                    escalate.add(m);
                }
            }
        }
        if (problemCount() > before || action == null) {
            return null;
        }
        return new Remediation(action, after, perHour, hold, escalate);
    }

}
