package dev.triage.bot.status;

import dev.triage.adapters.Message;
import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import dev.triage.bot.text.Times;
import java.util.List;

/** Status reports as messages: the answer first, then the evidence, then what to do. */
public final class StatusRenderer {

    public Message target(StatusReport report) {
        TargetState state = report.state();
        Message.Builder m = Message.builder(report.target().name() + " — " + state + " (" + headline(report) + ")")
                .tone(state.tone());
        for (CheckResult r : report.results()) {
            m.line(TargetState.toneOf(r.status()), r.checkId(), r.summary(),
                    r.status() == Status.SKIPPED ? null : Times.millis(r.duration()));
        }
        m.footer(Times.utc(report.at()) + " · " + Times.millis(report.took()));
        m.button(Message.Button.of("status:" + report.target().name(), "Check again"));
        return m.build();
    }

    public Message all(List<StatusReport> reports) {
        long down = reports.stream().filter(r -> r.state() == TargetState.DOWN).count();
        long notUp = reports.stream().filter(r -> r.state() != TargetState.UP).count();
        String title = reports.size() + (reports.size() == 1 ? " target" : " targets") + " — "
                + (notUp == 0 ? "all UP" : down + " DOWN, " + (reports.size() - notUp) + " UP"
                + (notUp - down > 0 ? ", " + (notUp - down) + " other" : ""));
        TargetState worst = reports.stream().map(StatusReport::state)
                .max(Enum::compareTo).orElse(TargetState.UNKNOWN);
        Message.Builder m = Message.builder(title).tone(worst.tone());
        for (StatusReport r : reports) {
            CheckResult w = r.worst();
            String text = r.state() == TargetState.UP
                    ? "UP · " + healthLatency(r)
                    : r.state() + " · " + (w == null ? "no checks" : w.checkId() + ": " + w.summary());
            m.line(r.state().tone(), r.target().name(), text, null);
        }
        if (!reports.isEmpty()) {
            m.footer(Times.utc(reports.get(0).at()) + " · details: /backend status TARGET");
        }
        return m.build();
    }

    static String headline(StatusReport r) {
        long ran = r.ran();
        long fail = r.count(Status.FAIL);
        long error = r.count(Status.ERROR);
        long warn = r.count(Status.WARN);
        if (ran == 0) return "no checks could run";
        if (fail > 0 && r.state() != TargetState.DOWN) {
            return "answers from outside; " + fail + " of " + ran + (ran == 1 ? " check fails" : " checks fail") + " on the host";
        }
        if (fail > 0) return fail + " of " + ran + (ran == 1 ? " check fails" : " checks fail");
        if (error > 0) return error + " of " + ran + (ran == 1 ? " check" : " checks") + " could not run";
        if (warn > 0) return warn + (warn == 1 ? " warning" : " warnings") + " of " + ran + " checks";
        return ran == 1 ? "1 check OK" : "all " + ran + " checks OK";
    }

    private static String healthLatency(StatusReport r) {
        return r.results().stream()
                .filter(x -> x.status() == Status.OK)
                .findFirst()
                .map(x -> Times.millis(x.duration()))
                .orElse(Times.millis(r.took()));
    }
}
