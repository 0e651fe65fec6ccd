package dev.triage.checks.host;

import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import dev.triage.checks.ssh.CommandResult;
import dev.triage.checks.ssh.CommandTemplates;
import dev.triage.checks.ssh.RemoteShell;
import dev.triage.checks.ssh.parse.SystemctlStatusParser;
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
        var runs = session.runEach(java.util.List.of(CommandTemplates.SYSTEMD_IS_ACTIVE, CommandTemplates.SYSTEMD_STATUS));
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
        if (running) {
            return session.result(ID, Status.OK, unit + " is active (running)" + since
                    + (status.mainPid() == null ? "" : ", main PID " + status.mainPid()), evidence, facts);
        }
        String exit = status.lastExit() == null ? "" : "; last exit " + status.lastExit();
        return session.result(ID, Status.FAIL, unit + " is " + status.state() + since + exit + restarts,
                evidence, facts);
    }

    private static void putIfPresent(LinkedHashMap<String, String> facts, String key, Object value) {
        if (value != null) {
            facts.put(key, value.toString());
        }
    }
}
