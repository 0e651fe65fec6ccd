package dev.triage.checks.ssh.parse;

import java.util.List;

/**
 * A systemd unit as {@code systemctl status UNIT --no-pager -l} showed it.
 *
 * @param found       false when systemctl said the unit could not be found
 * @param loadState   {@code loaded}, {@code not-found}, {@code masked}…; null when not shown
 * @param activeState {@code active}, {@code activating}, {@code failed}, {@code inactive}…
 * @param subState    {@code running}, {@code auto-restart}, {@code dead}, {@code exited}…
 * @param result      the {@code (Result: exit-code)} part; null when not shown
 * @param since       the time after {@code since}, e.g. {@code Mon 2024-03-04 09:21:15 UTC}; null when not shown
 * @param mainPid     the main PID; null when not shown
 * @param lastExit    how the last process ended, e.g. {@code code=exited, status=1/FAILURE}; null when still running
 * @param restarts    the last {@code restart counter is at N} in the shown log lines; null when not shown
 * @param activeLine  the {@code Active:} line, trimmed; null when not shown
 * @param logLines    the journal lines systemctl appended, trimmed
 */
public record UnitStatus(
        boolean found,
        String unit,
        String description,
        String loadState,
        String activeState,
        String subState,
        String result,
        String since,
        Integer mainPid,
        String lastExit,
        Integer restarts,
        String activeLine,
        List<String> logLines) {

    public UnitStatus {
        logLines = List.copyOf(logLines);
    }

    /** True only for {@code active (running)}. */
    public boolean isRunning() {
        return "active".equals(activeState) && "running".equals(subState);
    }

    /** {@code active (running)}, {@code failed (Result: exit-code)}… as systemctl wrote it. */
    public String state() {
        if (activeState == null) {
            return "unknown";
        }
        String text = activeState + (subState == null ? "" : " (" + subState + ")");
        return result == null ? text : text + " (Result: " + result + ")";
    }
}
