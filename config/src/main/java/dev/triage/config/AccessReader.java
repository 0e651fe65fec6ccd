package dev.triage.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code roles:}, {@code access:} and {@code approvals:}: who may do what. Reads through the shared {@link
 * ConfigNodes} of the file's walk: {@code ${VAR}}, one problem sink, the secrets.
 */
final class AccessReader extends ConfigNodes {
    AccessReader(ConfigNodes shared) {
        super(shared);
    }

    Access access(JsonNode root) {
        Map<String, Set<String>> roles = new LinkedHashMap<>();
        JsonNode r = root.path("roles");
        if (!r.isMissingNode() && !r.isNull()) {
            if (!r.isObject()) {
                problem("roles", "must map role names to member lists, e.g. operator: [console:lead, slack:U0123] (got " + kind(r) + ")");
            } else {
                r.fields().forEachRemaining(e -> {
                    String p = "roles." + e.getKey();
                    if (e.getKey().equals(Access.EVERYONE)) {
                        problem(p, "\"everyone\" is built in and can't be redefined");
                        return;
                    }
                    Set<String> members = new java.util.LinkedHashSet<>();
                    List<String> list = stringList(e.getValue(), p);
                    for (int i = 0; i < list.size(); i++) {
                        String m = list.get(i);
                        int colon = m.indexOf(':');
                        String kind = colon < 0 ? "" : m.substring(0, colon);
                        if (colon < 1 || colon == m.length() - 1 || !Access.MEMBER_KINDS.contains(kind)) {
                            problem(p + "[" + i + "]", "a member is PLATFORM:ID with PLATFORM one of "
                                    + String.join(", ", new java.util.TreeSet<>(Access.MEMBER_KINDS)) + " (got " + m + ")"
                                    + (colon > 0 ? Suggestions.didYouMean(kind, Access.MEMBER_KINDS) : ""));
                        } else {
                            members.add(m);
                        }
                    }
                    roles.put(e.getKey(), members);
                });
            }
        }
        Set<String> known = new java.util.TreeSet<>(roles.keySet());
        known.add(Access.EVERYONE);
        Map<String, String> commands = new LinkedHashMap<>();
        Map<String, Access.ActionPolicy> actions = new LinkedHashMap<>(Access.DEFAULT_ACTIONS);
        JsonNode a = root.path("access");
        if (!a.isMissingNode() && !a.isNull()) {
            keys(a, "access", Set.of("commands", "actions"));
            JsonNode c = a.path("commands");
            if (c.isObject()) {
                c.fields().forEachRemaining(e -> {
                    String role = scalar(e.getValue(), "access.commands." + e.getKey());
                    if (role != null && !known.contains(role)) {
                        problem("access.commands." + e.getKey(), "unknown role (got " + role + ")" + Suggestions.didYouMean(role, known)
                                + "; roles: " + String.join(", ", known));
                    } else if (role != null) {
                        commands.put(e.getKey(), role);
                    }
                });
            } else if (!c.isMissingNode()) {
                problem("access.commands", "must map subcommands to roles, e.g. diagnose: everyone (got " + kind(c) + ")");
            }
            JsonNode ac = a.path("actions");
            if (ac.isObject()) {
                ac.fields().forEachRemaining(e -> {
                    String p = "access.actions." + e.getKey();
                    Access.ActionPolicy base = actions.getOrDefault(e.getKey(), Access.ActionPolicy.operator());
                    JsonNode v = e.getValue();
                    if (!v.isObject()) {
                        problem(p, "must be a mapping like {approver: operator, two_person: true, cooldown: 2m, max_per_hour: 3} (got " + kind(v) + ")");
                        return;
                    }
                    keys(v, p, Set.of("approver", "two_person", "cooldown", "max_per_hour"));
                    String approver = string(v, p, "approver", false);
                    if (approver != null && (!known.contains(approver) || approver.equals(Access.EVERYONE))) {
                        problem(p + ".approver", "unknown role (got " + approver + ")" + Suggestions.didYouMean(approver, known)
                                + "; an approver must be a configured role");
                        return;
                    }
                    boolean twoPerson = bool(v, p, "two_person", base.twoPerson());
                    Duration cooldown = duration(v, p, "cooldown");
                    int perHour = base.maxPerHour();
                    if (v.has("max_per_hour")) {
                        JsonNode m = v.get("max_per_hour");
                        if (m.canConvertToInt() && m.asInt() >= 1 && m.asInt() <= 1000) {
                            perHour = m.asInt();
                        } else {
                            problem(p + ".max_per_hour", "must be 1..1000 (got " + m.asText() + ")");
                        }
                    }
                    actions.put(e.getKey(), new Access.ActionPolicy(approver == null ? base.approverRole() : approver, twoPerson,
                            cooldown == null ? base.cooldown() : cooldown, perHour));
                });
            } else if (!ac.isMissingNode()) {
                problem("access.actions", "must map action ids to policies (got " + kind(ac) + ")");
            }
        }
        Duration expiry = null;
        JsonNode ap = root.path("approvals");
        if (ap.isObject()) {
            keys(ap, "approvals", Set.of("expiry"));
            expiry = duration(ap, "approvals", "expiry");
        } else if (!ap.isMissingNode() && !ap.isNull()) {
            problem("approvals", "must be a mapping like {expiry: 15m} (got " + kind(ap) + ")");
        }
        return new Access(roles, commands, actions, expiry);
    }

}
