package dev.triage.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who may do what: roles and their members, the role each command needs, and the approval policy of
 * each action. Deny by default: an action without a policy can't run.
 *
 * @param roles    role name → members, each {@code PLATFORM:ID} — {@code console:lead}, {@code cli:deploy} (an OS user at
 *                 {@code ./triage action}), {@code slack:U0123},
 *                 {@code slack-group:S0456}, {@code discord:1234} (a user), {@code discord-role:5678}
 * @param commands subcommand → the role needed to run it ({@link #EVERYONE} for anyone)
 * @param actions  action id → its policy
 * @param approvalExpiry how long an approval request stays open
 */
public record Access(Map<String, Set<String>> roles, Map<String, String> commands, Map<String, ActionPolicy> actions,
                     Duration approvalExpiry) {

    public static final String EVERYONE = "everyone";
    public static final Duration DEFAULT_EXPIRY = Duration.ofMinutes(15);
    public static final Set<String> MEMBER_KINDS = Set.of("cli", "console", "slack", "slack-group", "discord", "discord-role");

    /** The runbooks' actions with their default policy: operators approve, reboot-host needs an admin. */
    public static final Map<String, ActionPolicy> DEFAULT_ACTIONS = Map.ofEntries(
            Map.entry("restart-service", ActionPolicy.operator()),
            Map.entry("start-service", ActionPolicy.operator()),
            Map.entry("reload-units", ActionPolicy.operator()),
            Map.entry("restart-nginx", ActionPolicy.operator()),
            Map.entry("compose-restart", ActionPolicy.operator()),
            Map.entry("compose-recreate", ActionPolicy.operator()),
            Map.entry("firewall-allow", ActionPolicy.operator()),
            Map.entry("ecs-redeploy", ActionPolicy.operator()),
            Map.entry("ecs-grace-period", ActionPolicy.operator()),
            Map.entry("security-group-allow", ActionPolicy.operator()),
            Map.entry("render-deploy", ActionPolicy.operator()),
            Map.entry("render-restart", ActionPolicy.operator()),
            Map.entry("vercel-set-backend-url", ActionPolicy.operator()),
            Map.entry("reboot-host", new ActionPolicy("admin", true, ActionPolicy.DEFAULT_COOLDOWN, ActionPolicy.DEFAULT_PER_HOUR)));

    public Access {
        roles = Map.copyOf(roles);
        commands = Map.copyOf(commands);
        actions = Map.copyOf(actions);
        approvalExpiry = approvalExpiry == null ? DEFAULT_EXPIRY : approvalExpiry;
    }

    /** No roles: read-only commands for everyone, actions refused until someone is given a role. */
    public static Access defaults() {
        return new Access(Map.of(), Map.of(), DEFAULT_ACTIONS, DEFAULT_EXPIRY);
    }

    public Optional<ActionPolicy> policy(String actionId) {
        return Optional.ofNullable(actions.get(actionId));
    }

    /** The role a subcommand needs: configured, else {@code fallback}. */
    public String commandRole(String subcommand, String fallback) {
        return commands.getOrDefault(subcommand, fallback);
    }

    public Set<String> members(String role) {
        return roles.getOrDefault(role, Set.of());
    }

    public List<String> roleNames() {
        return roles.keySet().stream().sorted().toList();
    }

    /**
     * @param approverRole who may approve
     * @param twoPerson    the requester may not approve their own request
     * @param cooldown     the least time between two runs on one target (restart-storm guard)
     * @param maxPerHour   the most runs on one target within an hour
     */
    public record ActionPolicy(String approverRole, boolean twoPerson, Duration cooldown, int maxPerHour) {
        public static final Duration DEFAULT_COOLDOWN = Duration.ofMinutes(2);
        public static final int DEFAULT_PER_HOUR = 3;

        public static ActionPolicy operator() {
            return new ActionPolicy("operator", true, DEFAULT_COOLDOWN, DEFAULT_PER_HOUR);
        }
    }
}
