package dev.triage.bot.diagnose;

import dev.triage.bot.runbook.Verdict;

import dev.triage.adapters.Message;
import dev.triage.adapters.Tone;
import dev.triage.bot.status.TargetState;
import dev.triage.bot.text.Times;
import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import java.util.List;
import java.util.function.Predicate;

/** Diagnoses as messages: progress while checks run, then the verdict with its evidence and the fix as a button. */
public final class DiagnosisRenderer {

    public Message progress(String target, int done, int total) {
        return Message.of(Tone.INFO, "Diagnosing " + target + " … " + done + " of " + total + " checks done");
    }

    /**
     * @param fixAvailable whether the verdict's action can run on this target (else the advice stands alone)
     */
    public Message verdict(Diagnosis d, Predicate<String> fixAvailable) {
        Verdict v = d.verdict();
        String name = d.target().name();
        Tone tone = v.healthy() ? Tone.OK : TargetState.of(d.results()) == TargetState.DEGRADED ? Tone.WARN : Tone.FAIL;
        String title = v.healthy() ? name + " — healthy: " + v.cause()
                : name + " — likely cause: " + v.cause() + (v.reference() == null ? "" : " (" + v.reference() + ")");
        java.util.Optional<CheckResult> hostKey = d.hostKeyRefused();
        if (hostKey.isPresent()) {
            // Above everything: whatever the outside view says, someone may be in the middle.
            tone = Tone.FAIL;
            title = name + " — SSH host key refused: " + (hostKey.get().summary().contains("CHANGED")
                    ? "it changed, possibly a man-in-the-middle" : "it is not known") + "; the host was not looked into. "
                    + (v.healthy() ? "From outside: healthy" : "From outside: " + v.cause());
        }
        Message.Builder m = Message.builder(title).tone(tone);
        hostKey.ifPresent(r -> m.line(Tone.FAIL, "ssh", r.summary(), null));
        if (!v.evidence().isEmpty()) {
            for (Verdict.Evidence e : v.evidence()) {
                m.line(toneOf(d, e.checkId()), e.checkId(), e.text().strip(), null);
            }
        }
        if (!v.ruledOut().isEmpty()) {
            m.field("Ruled out", String.join(", ", v.ruledOut()));
        }
        List<String> skipped = d.results().stream().filter(r -> r.status() == Status.SKIPPED)
                .map(CheckResult::checkId).toList();
        if (!skipped.isEmpty()) {
            String why = d.target().ssh() == null ? " — " + name + " has no ssh settings: add ssh and service to look inside the host"
                    : d.target().service() == null ? " — " + name + " has no service settings" : "";
            m.field("Not checked", String.join(", ", skipped) + why);
        }
        // Checks that failed for one reason are named together, the reason once (a refused host key: above, not again).
        java.util.Map<String, List<String>> byReason = new java.util.LinkedHashMap<>();
        d.results().stream().filter(r -> r.status() == Status.ERROR)
                .forEach(r -> byReason.computeIfAbsent(r.summary(), k -> new java.util.ArrayList<>()).add(r.checkId()));
        List<String> errors = byReason.entrySet().stream()
                .map(e -> String.join(", ", e.getValue()) + ": " + (hostKey.isPresent() && e.getKey().equals(hostKey.get().summary())
                        ? "the host key was refused (above)" : e.getKey()))
                .toList();
        if (!errors.isEmpty()) {
            m.field("Could not run", String.join("; ", errors));
        }
        if (v.fix() != null) {
            boolean button = v.fix().actionId() != null && fixAvailable.test(v.fix().actionId());
            m.field("Fix", v.fix().advice());
            if (button) {
                m.button(new Message.Button("request:" + v.fix().actionId() + ":" + name, "Request " + v.fix().actionId(),
                        Message.Button.Style.PRIMARY));
            }
        }
        m.button(Message.Button.of("diagnose:" + name, "Diagnose again"));
        if (d.target().ssh() != null) {
            m.button(Message.Button.of("logs:" + name, "Logs"));
        }
        String slowest = d.slowest().map(r -> " · slowest: " + r.checkId() + " " + Times.millis(r.duration())).orElse("");
        m.footer(d.results().size() + " checks in " + Times.millis(d.took()) + slowest + " · " + Times.utc(d.at()));
        return m.build();
    }

    private static Tone toneOf(Diagnosis d, String checkId) {
        return d.results().stream().filter(r -> r.checkId().equals(checkId)).findFirst()
                .map(r -> TargetState.toneOf(r.status())).orElse(Tone.INFO);
    }
}
