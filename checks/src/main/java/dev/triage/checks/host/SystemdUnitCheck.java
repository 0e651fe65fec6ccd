package dev.triage.checks.host;

import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import dev.triage.checks.ssh.CommandResult;
import dev.triage.checks.ssh.CommandTemplates;
import dev.triage.checks.ssh.RemoteShell;
import dev.triage.checks.ssh.parse.SystemctlStatusParser;
import dev.triage.checks.ssh.parse.SystemdTimespan;
import dev.triage.checks.ssh.parse.UnitStatus;
import dev.triage.config.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Optional;

/**
 * {@code systemd-unit}: {@code systemctl is-active} and {@code systemctl status UNIT --no-pager -l} (000/2,
 * 001). OK for {@code active (running)}; WARN when running but the log shows restarts; FAIL otherwise,
 * naming the state, the last exit and the restart count.
 */
public final class SystemdUnitCheck extends HostCheck {
    public static final String ID = "systemd-unit";


    public SystemdUnitCheck(RemoteShell shell, CommandTemplates templates) {
        super(ID, shell, templates);
    }

    @Override
    Optional<CheckResult> skip(Target target) {
        return Skips.unlessSystemdUnit(ID, target);
    }

    @Override
    CheckResult judge(HostSession session, Target target) throws HostProblem {
        return inspect(session, target.service().unit());
    }

    private CheckResult inspect(HostSession session, String unit) throws HostProblem {
        var runs = session.runEach(java.util.List.of(CommandTemplates.SYSTEMD_IS_ACTIVE, CommandTemplates.SYSTEMD_STATUS,
                CommandTemplates.SYSTEMD_START_TIMEOUT));
        CommandResult isActive = runs.get(0);
        String state = SystemctlStatusParser.parseIsActive(isActive.stdout());
        CommandResult statusRun = runs.get(1);
        UnitStatus status = SystemctlStatusParser.parse(statusRun.stdout() + "\n" + statusRun.stderr());

        var facts = new LinkedHashMap<String, String>();
        if (!status.found()) {
            facts.put("active", "false");
            facts.put("found", "false");
            return session.result(ID, Status.FAIL, "unit " + unit + " does not exist on " + session.host()
                            + ": check service.unit, or install the unit file",
                    status.logLines(), facts);
        }
        if (status.activeState() == null) {
            throw session.unexpected(statusRun, "a unit status (is-active said " + state + ")");
        }
        boolean running = status.isRunning();
        facts.put("active", Boolean.toString(running));
        facts.put("state", status.activeState());
        putIfPresent(facts, "subState", status.subState());
        putIfPresent(facts, "result", status.result());
        putIfPresent(facts, "since", status.since());
        putIfPresent(facts, "mainPid", status.mainPid());
        putIfPresent(facts, "lastExit", status.lastExit());
        putIfPresent(facts, "restarts", status.restarts());
        Starting starting = Starting.of(status, runs.get(2));
        starting.putFacts(facts);

        var evidence = new ArrayList<String>();
        evidence.add(status.activeLine());
        statusRun.stdout().lines().map(String::trim)
                .filter(l -> l.startsWith("Main PID:") || (!running && l.startsWith("Process:")))
                .forEach(evidence::add);
        int room = Evidence.MAX_LINES - evidence.size();
        var log = status.logLines();
        evidence.addAll(log.subList(Math.max(0, log.size() - room), log.size()));

        String since = status.since() == null ? "" : " since " + status.since();
        String restarts = status.restarts() == null ? "" : ", restarted " + status.restarts() + " times";
        if (running && status.restarts() != null && status.restarts() > 0) {
            return session.result(ID, Status.WARN, unit + " is active (running)" + since + " but restarted "
                    + status.restarts() + " times: it may be crash-looping (see journal)", evidence, facts);
        }
        if (starting.activating()) {
            return session.result(ID, Status.WARN, unit + " is still starting (" + status.state() + ")" + since
                    + starting.within(), evidence, facts);
        }
        if (running) {
            return session.result(ID, Status.OK, unit + " is active (running)" + since
                    + (status.mainPid() == null ? "" : ", main PID " + status.mainPid()), evidence, facts);
        }
        String exit = status.lastExit() == null ? "" : "; last exit " + status.lastExit();
        return session.result(ID, Status.FAIL, unit + " is " + status.state() + since + exit + restarts,
                evidence, facts);
    }

    /**
     * Still starting, or past it (001 step 3: "crashed or still starting"): how long the unit has been in its state
     * against the start timeout systemd gives it (90 s unless the unit sets {@code TimeoutStartSec}). Activating (not
     * an auto-restart after a crash) is starting; so is running for less than the start timeout without a restart,
     * as a {@code Type=simple} service is "running" from its first instruction, long before it listens.
     */
    private record Starting(boolean activating, boolean starting, java.time.Duration upFor, java.time.Duration timeout) {
        static final java.time.Duration SYSTEMD_DEFAULT = java.time.Duration.ofSeconds(90);

        static Starting of(UnitStatus status, CommandResult show) {
            java.time.Duration up = SystemdTimespan.agoOf(status.activeLine()).orElse(null);
            java.util.Optional<java.time.Duration> configured = show.succeeded()
                    ? SystemdTimespan.startTimeoutOf(show.stdout()) : java.util.Optional.empty();
            java.time.Duration timeout = configured.orElse(SYSTEMD_DEFAULT);
            boolean activating = "activating".equals(status.activeState()) && !"auto-restart".equals(status.subState());
            boolean recentStart = status.isRunning() && up != null && up.compareTo(timeout) < 0
                    && (status.restarts() == null || status.restarts() == 0);
            return new Starting(activating, activating || recentStart, up, timeout);
        }

        void putFacts(java.util.Map<String, String> facts) {
            facts.put("starting", Boolean.toString(starting));
            facts.put("startTimeout", SystemdTimespan.format(timeout));
            if (upFor != null) {
                facts.put("upFor", SystemdTimespan.format(upFor));
                if (upFor.compareTo(timeout) >= 0) {
                    facts.put("pastStartTimeout", "true");
                }
            }
        }

        String within() {
            return upFor == null ? "" : ", " + SystemdTimespan.format(upFor) + " of its " + SystemdTimespan.format(timeout)
                    + " start timeout";
        }
    }

    private static void putIfPresent(LinkedHashMap<String, String> facts, String key, Object value) {
        if (value != null) {
            facts.put(key, value.toString());
        }
    }
}
