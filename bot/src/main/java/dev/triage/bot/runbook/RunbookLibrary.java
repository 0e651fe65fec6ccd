package dev.triage.bot.runbook;

import dev.triage.config.Runbook;
import dev.triage.config.Target;
import dev.triage.config.TriageConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The runbooks one configuration can use — the shipped ones, then the team's, which replace a shipped
 * one of the same name — and which one diagnoses each target: its {@code runbook} setting, else the
 * default for its service kind.
 */
public final class RunbookLibrary {
    /** The shipped runbook for a systemd service (and for a target without service settings). */
    public static final String SYSTEMD = "ec2-systemd";
    public static final String COMPOSE = "docker-compose";

    private final Map<String, Runbook> byName = new LinkedHashMap<>();
    private final Map<String, String> choices;

    public RunbookLibrary(List<Runbook> shipped, List<Runbook> team, Map<String, String> choices) {
        shipped.forEach(r -> byName.put(r.name(), r));
        team.forEach(r -> byName.put(r.name(), r));
        this.choices = Map.copyOf(choices);
    }

    public static RunbookLibrary shipped() {
        return new RunbookLibrary(ShippedRunbooks.load(), List.of(), Map.of());
    }

    /** The shipped runbooks with a configuration's own and its targets' choices. */
    public RunbookLibrary with(TriageConfig config) {
        List<Runbook> shippedOnly = byName.values().stream().toList();
        return new RunbookLibrary(shippedOnly, config.runbooks(), config.targetRunbooks());
    }

    public List<Runbook> all() {
        return List.copyOf(byName.values());
    }

    public Optional<Runbook> named(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The runbook that diagnoses {@code target}. */
    public Runbook forTarget(Target target) {
        String chosen = choices.get(target.name());
        if (chosen != null && byName.containsKey(chosen)) {
            return byName.get(chosen);
        }
        boolean compose = target.service() != null && "compose".equals(target.service().kind());
        return byName.get(compose ? COMPOSE : SYSTEMD);
    }
}
