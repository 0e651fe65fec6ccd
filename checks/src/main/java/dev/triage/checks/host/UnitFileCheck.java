package dev.triage.checks.host;

import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import dev.triage.checks.ssh.CommandResult;
import dev.triage.checks.ssh.CommandTemplates;
import dev.triage.checks.ssh.RemoteShell;
import dev.triage.checks.ssh.parse.UnitFile;
import dev.triage.checks.ssh.parse.UnitFileParser;
import dev.triage.checks.ssh.parse.UnitPath;
import dev.triage.config.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code unit-file}: {@code systemctl cat UNIT}, then {@code test -e PATH} for each path the unit needs
 * (000/4, 001/2). FAIL when ExecStart's program, WorkingDirectory or a required EnvironmentFile is missing;
 * WARN when an optional ({@code -}) one is missing or there is no {@code Restart=always}/{@code on-failure}.
 */
public final class UnitFileCheck extends HostCheck {
    public static final String ID = "unit-file";


    public UnitFileCheck(RemoteShell shell, CommandTemplates templates) {
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
        CommandResult cat = session.run(CommandTemplates.UNIT_FILE);
        UnitFile file = UnitFileParser.parse(cat.stdout() + "\n" + cat.stderr());
        var facts = new LinkedHashMap<String, String>();
        if (!file.found()) {
            if (cat.succeeded()) {
                throw session.unexpected(cat, "a unit file");
            }
            facts.put("found", "false");
            facts.put("finding", "there is no unit file for " + unit);
            return session.result(ID, Status.FAIL, "no unit file for " + unit + " on " + session.host()
                    + ": check service.unit or install the unit", Evidence.tail(cat.stdout() + "\n" + cat.stderr()), facts);
        }
        facts.put("restart", file.restart());
        if (!file.sources().isEmpty()) {
            facts.put("source", file.sources().get(0));
        }

        var missing = new ArrayList<UnitPath>();
        var missingOptional = new ArrayList<UnitPath>();
        var unchecked = new ArrayList<UnitPath>();
        // Every path in one exec; a path with characters Triage doesn't pass to a shell is not tested at all.
        var testable = new ArrayList<UnitPath>();
        for (UnitPath path : file.paths()) {
            if (CommandTemplates.SAFE_VALUE.matcher(path.path()).matches() && !path.path().startsWith("-")) {
                testable.add(path);
            } else {
                unchecked.add(path);
            }
        }
        List<CommandResult> tests = session.runEach(CommandTemplates.PATH_EXISTS,
                testable.stream().map(p -> Map.of("path", p.path())).toList());
        for (int i = 0; i < testable.size(); i++) {
            UnitPath path = testable.get(i);
            CommandResult test = tests.get(i);
            if (test.exitStatus() == 1) {
                (path.optional() ? missingOptional : missing).add(path);
            } else if (test.exitStatus() != 0) {
                throw session.unexpected(test, "a yes/no answer for " + path.path());
            }
        }

        var evidence = new ArrayList<String>();
        missing.forEach(p -> evidence.add(p.line() + " → missing on host"));
        missingOptional.forEach(p -> evidence.add(p.line() + " → missing on host (optional)"));
        unchecked.forEach(p -> evidence.add(p.line() + " → not checked: the path has characters Triage does not pass to a shell"));
        if (!file.restartsOnFailure()) {
            evidence.add("Restart=" + file.restart());
        }
        if (evidence.isEmpty()) {
            file.paths().forEach(p -> evidence.add(p.line() + " → exists"));
            evidence.add("Restart=" + file.restart());
        }
        if (!missing.isEmpty()) {
            facts.put("missing", names(missing));
            facts.put("finding", missing.stream().map(p -> p.directive() + " " + p.path()).collect(Collectors.joining(" and "))
                    + (missing.size() == 1 ? " doesn't" : " don't") + " exist");
            return session.result(ID, Status.FAIL, "unit " + unit + " points at what is not there: "
                    + missing.stream().map(p -> p.directive() + " " + p.path()).collect(Collectors.joining(", "))
                    + " — fix the unit file, then daemon-reload and restart", evidence, facts);
        }
        var warnings = new ArrayList<String>();
        if (!missingOptional.isEmpty()) {
            facts.put("missingOptional", names(missingOptional));
            warnings.add("optional " + missingOptional.stream().map(p -> p.directive() + " " + p.path())
                    .collect(Collectors.joining(", ")) + " is missing, so its settings are not loaded");
        }
        if (!file.restartsOnFailure()) {
            warnings.add("Restart=" + file.restart() + ": systemd will not bring the service back after a crash"
                    + " (set Restart=always or on-failure)");
        }
        if (!unchecked.isEmpty()) {
            warnings.add(unchecked.size() + " path(s) not checked");
        }
        if (!warnings.isEmpty()) {
            return session.result(ID, Status.WARN, unit + ": " + String.join("; ", warnings), evidence, facts);
        }
        return session.result(ID, Status.OK, unit + ": " + file.paths().stream().map(UnitPath::directive)
                .distinct().collect(Collectors.joining(", ")) + " exist; Restart=" + file.restart(), evidence, facts);
    }

    private static String names(List<UnitPath> paths) {
        return paths.stream().map(UnitPath::directive).distinct().collect(Collectors.joining(","));
    }
}
