package dev.triage.checks.host;

import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import dev.triage.checks.ssh.CommandResult;
import dev.triage.checks.ssh.CommandTemplates;
import dev.triage.checks.ssh.RemoteShell;
import dev.triage.checks.ssh.parse.JournalMatch;
import dev.triage.checks.ssh.parse.JournalParser;
import dev.triage.checks.ssh.parse.JournalPattern;
import dev.triage.checks.ssh.parse.JournalScan;
import dev.triage.config.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code journal}: {@code journalctl -u UNIT -n N --no-pager} (000/2, 002, 001/7), or for a compose service
 * {@code docker compose logs --tail N SERVICE} (v1's {@code docker-compose logs} on hosts without v2; 003), judged
 * alike. FAIL when a known error pattern appears; WARN when the errors are followed by the ready marker (an earlier crash the service
 * recovered from) or when the configured ready marker is missing; OK otherwise.
 */
public final class JournalCheck extends HostCheck {
    public static final String ID = "journal";


    public JournalCheck(RemoteShell shell, CommandTemplates templates) {
        super(ID, shell, templates);
    }

    @Override
    Optional<CheckResult> skip(Target target) {
        if (compose(target)) {
            return Skips.unlessSshAndService(ID, target).or(() -> target.service().composeDir() != null
                    && target.service().composeService() != null ? Optional.empty()
                    : Optional.of(Skips.because(ID, target, "no compose project: set service.compose_dir and service.compose_service")));
        }
        return Skips.unlessSystemdUnit(ID, target);
    }

    private static boolean compose(Target target) {
        return target.service() != null && "compose".equals(target.service().kind());
    }

    @Override
    CheckResult judge(HostSession session, Target target) throws HostProblem {
        return inspect(session, target);
    }

    private CheckResult inspect(HostSession session, Target target) throws HostProblem {
        boolean compose = compose(target);
        String unit = compose ? "compose service " + target.service().composeService() : target.service().unit();
        String marker = target.service().readyMarker();
        CommandResult run = session.run(compose ? CommandTemplates.COMPOSE_LOGS : CommandTemplates.JOURNAL);
        JournalScan scan = JournalParser.parse(run.stdout(), marker);
        if (scan.lineCount() == 0 && (run.stdout() + run.stderr()).contains("not seeing messages from other users")) {
            throw new HostProblem(HostProblem.Kind.SUDO_REFUSED, "the journal of " + unit + " is not readable by "
                    + target.ssh().user() + ": add the user to the systemd-journal group, or override the journal "
                    + "command with sudo -n", Evidence.tail(run.stdout() + "\n" + run.stderr()));
        }
        if (!run.succeeded() && scan.lineCount() == 0) {
            throw session.unexpected(run, "journal lines");
        }

        var facts = new LinkedHashMap<String, String>();
        String labels = scan.patterns().stream().map(JournalPattern::label).collect(Collectors.joining(","));
        facts.put("patterns", labels);
        facts.put("lines", Integer.toString(scan.lineCount()));
        facts.put("readyMarker", scan.readyMarker().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));

        List<String> matched = scan.matches().stream().map(JournalMatch::line).toList();
        if (!scan.matches().isEmpty()) {
            String meaning = scan.patterns().stream().map(p -> p.label() + " (" + p.meaning() + ")")
                    .collect(Collectors.joining(", "));
            if (scan.readyAfterLastMatch()) {
                var evidence = new ArrayList<>(matched.subList(Math.max(0, matched.size() - (Evidence.MAX_LINES - 1)),
                        matched.size()));
                evidence.add(scan.lastReadyLine());
                return session.result(ID, Status.WARN, (compose ? "the logs of " : "the journal of ") + unit + " shows " + meaning
                        + ", but the service reported ready after them", evidence, facts);
            }
            return session.result(ID, Status.FAIL, (compose ? "the logs of " : "the journal of ") + unit + " shows " + meaning,
                    Evidence.last(matched), facts);
        }
        if (scan.readyMarker() == JournalScan.ReadyMarker.MISSING) {
            return session.result(ID, Status.WARN, "no known errors, but the ready marker \"" + marker
                    + "\" is not in the last " + scan.lineCount() + " lines of " + unit + ": still starting, or stuck",
                    Evidence.tail(run.stdout()), facts);
        }
        if (scan.lineCount() == 0) {
            return session.result(ID, Status.WARN, (compose ? "there are no log lines for " : "the journal has no entries for ") + unit
                    + ": the unit never logged (never started, or logs elsewhere)", Evidence.tail(run.stdout()), facts);
        }
        String ready = scan.readyMarker() == JournalScan.ReadyMarker.SEEN ? "; ready marker seen" : "";
        return session.result(ID, Status.OK, "no known error patterns in the last " + scan.lineCount()
                + " lines of " + unit + ready, scan.lastReadyLine() == null ? List.of() : List.of(scan.lastReadyLine()),
                facts);
    }
}
