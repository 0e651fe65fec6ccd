package dev.triage.bot.runbook;

import dev.triage.config.Runbook;
import dev.triage.config.RunbookStep;
import dev.triage.config.Target;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which checks a runbook gathers for a target: its {@code checks} list in order (each entry whose
 * {@code when} the target's settings meet), then any other check a step reads. All are independent,
 * so they run at once; the steps then read the results in the document's order.
 */
public final class Gathering {
    private Gathering() {
    }

    public static List<String> checkIds(Runbook runbook, Target target) {
        Results settingsOnly = new Results(target, List.of());
        Set<String> ids = new LinkedHashSet<>();
        for (Runbook.CheckUse use : runbook.checks()) {
            if (RunbookEngine.holds(use.when(), settingsOnly, Map.of())) {
                ids.add(use.id());
            }
        }
        for (RunbookStep s : runbook.steps()) {
            if (s.check() != null && s.unavailable() == null && !runbook.checks().stream().anyMatch(u -> u.id().equals(s.check()))) {
                ids.add(s.check());
            }
        }
        return List.copyOf(ids);
    }
}
