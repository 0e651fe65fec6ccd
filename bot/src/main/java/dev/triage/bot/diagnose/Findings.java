package dev.triage.bot.diagnose;

import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The results of a diagnosis's checks by id, with the questions the decision path asks of them. */
final class Findings {
    private final Map<String, CheckResult> byId = new LinkedHashMap<>();

    Findings(List<CheckResult> results) {
        for (CheckResult r : results) {
            byId.putIfAbsent(r.checkId(), r);
        }
    }

    Optional<CheckResult> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Ran and said something (not SKIPPED, not ERROR). */
    boolean known(String id) {
        return get(id).map(r -> r.status() != Status.SKIPPED && r.status() != Status.ERROR).orElse(false);
    }

    boolean is(String id, Status status) {
        return get(id).map(r -> r.status() == status).orElse(false);
    }

    boolean failed(String id) {
        return is(id, Status.FAIL);
    }

    boolean passed(String id) {
        return get(id).map(r -> r.status() == Status.OK || r.status() == Status.WARN).orElse(false);
    }

    String fact(String id, String fact) {
        return get(id).map(r -> r.fact(fact)).orElse(null);
    }

    /** The outside checks: http-health, tcp-connect and every {@code http …}. */
    List<CheckResult> outside() {
        List<CheckResult> out = new ArrayList<>();
        for (CheckResult r : byId.values()) {
            if (DiagnosisPlan.isOutside(r.checkId())) {
                out.add(r);
            }
        }
        return out;
    }

    boolean outsideFails() {
        return outside().stream().anyMatch(r -> r.status() == Status.FAIL);
    }

    boolean outsideWarns() {
        return outside().stream().anyMatch(r -> r.status() == Status.WARN);
    }

    /** The check's summary plus up to {@code n} of its evidence lines, as verdict evidence. */
    List<Verdict.Evidence> evidence(String id, int n) {
        List<Verdict.Evidence> out = new ArrayList<>();
        get(id).ifPresent(r -> {
            out.add(new Verdict.Evidence(id, r.summary()));
            r.evidence().stream().limit(n).forEach(line -> out.add(new Verdict.Evidence(id, "  " + line)));
        });
        return out;
    }

    List<CheckResult> all() {
        return List.copyOf(byId.values());
    }
}
