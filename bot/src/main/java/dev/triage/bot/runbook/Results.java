package dev.triage.bot.runbook;

import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import dev.triage.config.Service;
import dev.triage.config.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The gathered results of one diagnosis by check id, with the target's own settings as facts. */
final class Results {
    private final Map<String, CheckResult> byId = new LinkedHashMap<>();
    /** The worst run of each check that runs once per URL, by the check's own id: for steps, never listed twice. */
    private final Map<String, CheckResult> families = new LinkedHashMap<>();
    private final Target target;

    Results(Target target, List<CheckResult> results) {
        this.target = target;
        for (CheckResult r : results) {
            byId.putIfAbsent(r.checkId(), r);
        }
        // A check that runs once per configured URL ("http /docs", "websocket /ws/voice") is also known by its own id,
        // as the worst of its runs, so a step can name it.
        for (String family : List.of("http", "websocket")) {
            results.stream().filter(r -> r.checkId().startsWith(family + " "))
                    .max(java.util.Comparator.comparingInt(Results::severity))
                    .filter(worst -> !byId.containsKey(family))
                    .ifPresent(worst -> families.put(family, worst));
        }
    }

    private static int severity(CheckResult r) {
        return switch (r.status()) {
            case FAIL -> 4;
            case ERROR -> 3;
            case WARN -> 2;
            case OK -> 1;
            case SKIPPED -> 0;
        };
    }

    /** The outside checks: http-health, tcp-connect and every {@code http …}. */
    static boolean isOutside(String checkId) {
        return checkId.equals("http-health") || checkId.equals("tcp-connect") || checkId.equals("http") || checkId.startsWith("http ")
                || checkId.equals("websocket") || checkId.startsWith("websocket ");
    }

    Optional<CheckResult> get(String id) {
        return Optional.ofNullable(byId.getOrDefault(id, families.get(id)));
    }

    /** Ran and said something (not SKIPPED, not ERROR). */
    boolean known(String id) {
        return get(id).map(r -> r.status() != Status.SKIPPED && r.status() != Status.ERROR).orElse(false);
    }

    Status status(String id) {
        return get(id).map(CheckResult::status).orElse(null);
    }

    /**
     * A fact by name: {@code CHECK.FACT} from a check's result, or {@code target.*} / {@code service.*}
     * from the target's settings; null when nothing says it.
     */
    String fact(String name) {
        int dot = name.indexOf('.');
        if (dot < 0) {
            return null;
        }
        String scope = name.substring(0, dot);
        String key = name.substring(dot + 1);
        if (scope.equals("target")) {
            return switch (key) {
                case "name" -> target.name();
                case "host" -> target.host();
                case "port" -> target.port() == null ? null : target.port().toString();
                case "base_url" -> target.baseUrl() == null ? null : target.baseUrl().toString();
                default -> null;
            };
        }
        if (scope.equals("service")) {
            Service s = target.service();
            if (s == null) {
                return null;
            }
            return switch (key) {
                case "kind" -> s.kind();
                case "unit" -> s.unit();
                case "port" -> Integer.toString(s.port());
                case "reachable" -> Boolean.toString(s.mustBeReachable());
                case "nginx" -> Boolean.toString(s.nginx());
                case "compose_service" -> s.composeService();
                default -> null;
            };
        }
        return get(scope).map(r -> r.fact(key)).orElse(null);
    }

    List<CheckResult> all() {
        return List.copyOf(byId.values());
    }

    List<CheckResult> outside() {
        return byId.values().stream().filter(r -> isOutside(r.checkId())).toList();
    }

    boolean outsideFails() {
        return outside().stream().anyMatch(r -> r.status() == Status.FAIL);
    }

    boolean outsideWarns() {
        return outside().stream().anyMatch(r -> r.status() == Status.WARN);
    }

    /** The check's summary plus up to {@code n} of its evidence lines. */
    List<Verdict.Evidence> evidence(String id, int n) {
        List<Verdict.Evidence> out = new ArrayList<>();
        get(id).ifPresent(r -> {
            out.add(new Verdict.Evidence(id, r.summary()));
            r.evidence().stream().limit(n).forEach(line -> out.add(new Verdict.Evidence(id, "  " + line)));
        });
        return out;
    }

    /** Each failing check's summary; for an HTTP check that got an answer, also what its body said. */
    List<Verdict.Evidence> failing(boolean outsideOnly) {
        List<Verdict.Evidence> ev = new ArrayList<>();
        for (CheckResult r : byId.values()) {
            if (outsideOnly ? isOutside(r.checkId()) && r.status() == Status.FAIL
                    : r.status() == Status.FAIL || r.status() == Status.ERROR) {
                ev.add(new Verdict.Evidence(r.checkId(), r.summary()));
                if (!outsideOnly && r.fact("http.status") != null) {
                    r.evidence().stream().filter(line -> line.startsWith("body"))
                            .forEach(line -> ev.add(new Verdict.Evidence(r.checkId(), line)));
                }
            }
        }
        return ev;
    }
}
