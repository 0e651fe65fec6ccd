package dev.triage.bot.diagnose;

import dev.triage.config.Target;
import java.util.ArrayList;
import java.util.List;

/**
 * Which checks a diagnosis runs for a target: the outside checks always, and the host checks that
 * its configuration makes possible. All are independent, so they run at once; the decision path then
 * reads the results in the runbook's order.
 */
public final class DiagnosisPlan {
    static final List<String> OUTSIDE = List.of("http-health", "tcp-connect", "http");
    static final List<String> SYSTEMD = List.of("systemd-unit", "journal", "port-binding", "unit-file", "local-health",
            "firewall", "env", "resources");
    static final List<String> COMPOSE = List.of("docker", "port-binding", "local-health", "firewall", "env", "resources");

    private DiagnosisPlan() {
    }

    public static List<String> checkIds(Target target) {
        List<String> ids = new ArrayList<>(OUTSIDE);
        boolean compose = target.service() != null && "compose".equals(target.service().kind());
        // Without ssh or service settings the host checks still appear, SKIPPED with what to configure.
        ids.addAll(compose ? COMPOSE : SYSTEMD);
        if (target.service() != null && target.service().nginx()) {
            ids.add("nginx");
        }
        return ids;
    }

    static boolean isOutside(String checkId) {
        return checkId.equals("http-health") || checkId.equals("tcp-connect") || checkId.startsWith("http ");
    }
}
