package dev.triage.checks.host;

import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import dev.triage.checks.ssh.CommandResult;
import dev.triage.checks.ssh.CommandTemplates;
import dev.triage.checks.ssh.RemoteAccessException;
import dev.triage.checks.ssh.RemoteShell;
import dev.triage.checks.ssh.SudoDiagnostics;
import dev.triage.config.Target;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One host check's run against one target: fills command templates, runs them over the
 * {@link RemoteShell} within one overall deadline (the target's {@code ssh.command_timeout}), and turns
 * everything that keeps a command from answering into a {@link HostProblem} with a line saying what to do.
 */
final class HostSession {

    private final RemoteShell shell;
    private final CommandTemplates templates;
    private final Target target;
    private final long startNanos;
    private final long deadlineNanos;
    private final Duration budget;

    HostSession(RemoteShell shell, CommandTemplates templates, Target target) {
        this.shell = shell;
        this.templates = templates;
        this.target = target;
        this.budget = target.ssh().commandTimeout();
        this.startNanos = System.nanoTime();
        this.deadlineNanos = startNanos + budget.toNanos();
    }

    Target target() {
        return target;
    }

    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    CommandResult run(String template) throws HostProblem {
        return run(template, Map.of());
    }

    /**
     * Runs the template and returns what it did, including a non-zero exit the caller judges.
     *
     * @throws HostProblem when the host can't be reached, the deadline passes, the tool is missing, sudo
     *                     refuses, or the template can't be filled
     */
    CommandResult run(String template, Map<String, String> extra) throws HostProblem {
        String command = fill(template, extra);
        CommandResult result;
        try {
            result = shell.run(target, command, remaining(command));
        } catch (RemoteAccessException e) {
            throw unreachable(e);
        }
        return judged(command, result);
    }

    /**
     * Runs several templates in one exec where the shell can (one round trip instead of one per command) and returns
     * each one's result, judged like {@link #run}: the first problem of any of them is thrown.
     */
    List<CommandResult> runEach(List<String> templateNames) throws HostProblem {
        List<String> commands = new java.util.ArrayList<>();
        for (String t : templateNames) {
            commands.add(fill(t, Map.of()));
        }
        return runFilled(commands);
    }

    /** One template filled with each of {@code extras} in turn, all in one exec; see {@link #runEach(List)}. */
    List<CommandResult> runEach(String template, List<Map<String, String>> extras) throws HostProblem {
        List<String> commands = new java.util.ArrayList<>();
        for (Map<String, String> extra : extras) {
            commands.add(fill(template, extra));
        }
        return runFilled(commands);
    }

    private List<CommandResult> runFilled(List<String> commands) throws HostProblem {
        if (commands.isEmpty()) {
            return List.of();
        }
        List<CommandResult> results;
        try {
            results = shell.runEach(target, commands, remaining(commands.get(0)));
        } catch (RemoteAccessException e) {
            throw unreachable(e);
        }
        List<CommandResult> judged = new java.util.ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            judged.add(judged(commands.get(i), results.get(i)));
        }
        return judged;
    }

    private String fill(String template, Map<String, String> extra) throws HostProblem {
        try {
            return templates.fill(template, target, extra);
        } catch (IllegalArgumentException e) {
            throw new HostProblem(HostProblem.Kind.MISCONFIGURED, e.getMessage(), List.of());
        }
    }

    private Duration remaining(String command) throws HostProblem {
        long remaining = deadlineNanos - System.nanoTime();
        if (remaining <= 0) {
            throw new HostProblem(HostProblem.Kind.TIMED_OUT, "the deadline of " + seconds(budget)
                    + " (ssh.command_timeout) passed before `" + command + "` could run", List.of());
        }
        return Duration.ofNanos(remaining);
    }

    private HostProblem unreachable(RemoteAccessException e) {
        if (e.kind() == RemoteAccessException.Kind.HOST_KEY_CHANGED || e.kind() == RemoteAccessException.Kind.HOST_KEY_UNKNOWN) {
            return new HostProblem(HostProblem.Kind.HOST_KEY_REFUSED, e.getMessage(), List.of());
        }
        return new HostProblem(HostProblem.Kind.UNREACHABLE, "cannot reach " + host() + " over SSH: " + e.getMessage(), List.of());
    }

    /** What the command did, or the problem that kept it from answering (deadline, sudo, the tool itself). */
    private CommandResult judged(String command, CommandResult result) throws HostProblem {
        if (result.timedOut()) {
            throw new HostProblem(HostProblem.Kind.TIMED_OUT, "`" + command + "` did not finish within "
                    + seconds(budget) + " on " + host() + " (raise ssh.command_timeout if the host is just slow)",
                    Evidence.tail(result.stderr()));
        }
        String stderr = result.stderr();
        String tool = toolOf(command);
        boolean sudo = command.startsWith("sudo -n ") || command.contains("&& sudo -n ");
        if (sudo && (stderr.contains("sudo: command not found") || stderr.contains("sudo: not found"))) {
            String withoutSudo = command.substring(command.indexOf("sudo -n ") + "sudo -n ".length());
            throw new HostProblem(HostProblem.Kind.SUDO_MISSING, "sudo is not installed on " + host() + ", and `" + withoutSudo
                    + "` runs with it: install sudo with a NOPASSWD rule for " + user() + " for exactly that command, "
                    + "or override the command for this target without sudo if " + user() + " may run it", Evidence.tail(stderr));
        }
        if (sudo && SudoDiagnostics.refusal(result).isPresent()) {
            String withoutSudo = command.substring(command.indexOf("sudo -n ") + "sudo -n ".length());
            throw new HostProblem(HostProblem.Kind.SUDO_REFUSED, "sudo refused `" + withoutSudo + "` on " + host()
                    + ": add a NOPASSWD sudo rule for " + user() + " for `" + withoutSudo + "`",
                    Evidence.tail(stderr));
        }
        java.util.Optional<String> cannot = cannotAnswer(tool, result);
        if (cannot.isPresent()) {
            throw new HostProblem(HostProblem.Kind.CANNOT_ANSWER, cannot.get(), Evidence.tail(stderr + "\n" + result.stdout()));
        }
        if (result.exitStatus() == 127 || stderr.contains(tool + ": command not found")
                || stderr.contains(tool + ": not found")) {
            throw new HostProblem(HostProblem.Kind.TOOL_MISSING, "`" + tool + "` is not installed on " + host()
                    + " (exit " + result.exitStatus() + ")" + installHint(tool), Evidence.tail(stderr));
        }
        return result;
    }

    /**
     * The command ran but printed nothing the check can read. Shows stderr only: stdout may hold what
     * must not be shown (an env file).
     */
    HostProblem unexpected(CommandResult result, String what) {
        return new HostProblem(HostProblem.Kind.UNEXPECTED_OUTPUT, "`" + result.command() + "` on " + host()
                + " exited " + result.exitStatus() + " without " + what, Evidence.tail(result.stderr()));
    }

    CheckResult result(String checkId, Status status, String summary, List<String> evidence, Map<String, String> facts) {
        return new CheckResult(checkId, status, summary, Evidence.of(evidence), elapsed(), facts);
    }

    String host() {
        return target.ssh().host();
    }

    private String user() {
        return target.ssh().user();
    }

    /**
     * Why the tool ran but can't answer on this host — it says so itself: systemd isn't running (a container, WSL, a
     * chroot), the Docker daemon is down or off limits, the user may not read what it needs. Then the check knows nothing
     * about the service, which is not the same as the service being broken. Empty when the tool answered.
     */
    java.util.Optional<String> cannotAnswer(String tool, CommandResult result) {
        String said = result.stderr() + "\n" + result.stdout();
        String lower = said.toLowerCase(Locale.ROOT);
        if (tool.equals("journalctl") && lower.contains("no journal files were found")) {
            // journalctl exits 0 here: it found nothing because there is no journal at all, not because the log is quiet.
            return java.util.Optional.of("there is no systemd journal on " + host() + " (" + firstLine(said, "journal files")
                    + "): journald isn't running, so Triage can't read the log of " + target.service().unit()
                    + " — no entries here is not a quiet log. Point the journal command at the log the service writes for this target");
        }
        if (result.exitStatus() == 0) {
            return java.util.Optional.empty();
        }
        if ((tool.equals("systemctl") || tool.equals("journalctl"))
                && (lower.contains("has not been booted with systemd") || lower.contains("failed to connect to bus")
                || lower.contains("running in chroot") || lower.contains("failed to connect to system scope bus"))) {
            return java.util.Optional.of("systemd is not running on " + host() + " (" + firstLine(said, "systemd") + "), so `" + tool
                    + "` can't tell anything about " + target.service().unit() + " here — this says nothing about the service. "
                    + "On a container or WSL host, set service.kind to compose (or docker), or override the systemd commands for "
                    + "this target with ones that work there");
        }
        if (tool.equals("journalctl") && lower.contains("insufficient permissions")) {
            return java.util.Optional.of(user() + " may not read the journal on " + host() + " (" + firstLine(said, "journal")
                    + "): add " + user() + " to the systemd-journal group (sudo usermod -aG systemd-journal " + user() + ")");
        }
        if (tool.equals("docker") && lower.contains("cannot connect to the docker daemon")) {
            return java.util.Optional.of("the Docker daemon is not running on " + host() + " (" + firstLine(said, "docker daemon")
                    + "), so Triage can't see the containers: start it (sudo systemctl start docker) and look at why it stopped");
        }
        if (tool.equals("docker") && lower.contains("permission denied") && lower.contains("docker")) {
            return java.util.Optional.of("the SSH user " + user() + " may not use Docker on " + host() + " (" + firstLine(said,
                    "permission denied") + "): add it to the docker group (sudo usermod -aG docker " + user() + ")");
        }
        if (lower.contains(": permission denied") && result.stdout().isBlank()) {
            return java.util.Optional.of(user() + " may not read what `" + tool + "` needs on " + host() + " ("
                    + firstLine(said, "permission denied") + "): give " + user() + " read access, or a NOPASSWD sudo rule for the command");
        }
        return java.util.Optional.empty();
    }

    private static String firstLine(String text, String containing) {
        String needle = containing.toLowerCase(Locale.ROOT);
        return text.lines().map(String::strip).filter(l -> l.toLowerCase(Locale.ROOT).contains(needle)).findFirst()
                .map(l -> l.length() > 160 ? l.substring(0, 160) + "…" : l).orElse("it said so");
    }

    /** The program a template runs: the first word after {@code cd … &&} and {@code sudo -n}. */
    static String toolOf(String command) {
        String rest = command;
        int and = rest.indexOf("&& ");
        if (rest.startsWith("cd ") && and > 0) {
            rest = rest.substring(and + 3);
        }
        if (rest.startsWith("if ")) {   // if docker compose version …; then …; else docker-compose …; fi
            rest = rest.substring("if ".length());
        }
        if (rest.startsWith("sudo -n ")) {
            rest = rest.substring("sudo -n ".length());
        }
        String word = rest.split("\\s+", 2)[0];
        return word.substring(word.lastIndexOf('/') + 1);
    }

    private static String installHint(String tool) {
        return switch (tool.toLowerCase(Locale.ROOT)) {
            case "ss" -> ": install iproute2";
            case "netstat" -> ": install net-tools";
            case "curl" -> ": install curl";
            case "ufw" -> ": if the host uses another firewall, override the ufw.status command for this target";
            case "docker" -> ": install Docker with the compose plugin";
            case "nginx" -> ": is nginx installed here? set service.nginx to false if not";
            case "systemctl", "journalctl" -> ": the host does not run systemd; use service.kind compose or override the command";
            default -> "";
        };
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
