package dev.triage.checks.custom;

import dev.triage.checks.Check;
import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import dev.triage.checks.ssh.CommandResult;
import dev.triage.checks.ssh.CommandTemplates;
import dev.triage.checks.ssh.RemoteAccessException;
import dev.triage.checks.ssh.RemoteShell;
import dev.triage.config.CommandCheckSettings;
import dev.triage.config.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A team's {@code type: command} check: runs its template — filled only with the target's configured
 * values — over SSH and judges the answer: an unexpected exit status or a line matching {@code fail_if}
 * is FAIL, a line matching {@code warn_if} is WARN, no line matching {@code ok_if} (when given) is FAIL.
 * The evidence is the lines that decided it, at most {@value #MAX_EVIDENCE}.
 */
public final class CommandCheck implements Check {
    static final int MAX_EVIDENCE = 8;
    private static final int MAX_LINE = 200;

    private final CommandCheckSettings settings;
    private final RemoteShell shell;
    private final CommandTemplates templates;

    public CommandCheck(CommandCheckSettings settings, RemoteShell shell, CommandTemplates templates) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.shell = Objects.requireNonNull(shell, "shell");
        this.templates = Objects.requireNonNull(templates, "templates");
    }

    @Override
    public String id() {
        return settings.name();
    }

    @Override
    public CheckResult run(Target target) {
        if (target.ssh() == null) {
            return CheckResult.skipped(id(), "needs ssh settings for " + target.name() + " to run its command");
        }
        String command;
        try {
            command = templates.fillTemplate("check " + id(), settings.run(), target);
        } catch (IllegalArgumentException e) {
            return CheckResult.skipped(id(), e.getMessage());
        }
        Duration deadline = settings.timeout() != null ? settings.timeout() : target.ssh().commandTimeout();
        long start = System.nanoTime();
        CommandResult result;
        try {
            result = shell.run(target, command, deadline);
        } catch (RemoteAccessException e) {
            return CheckResult.error(id(), "cannot reach " + target.ssh().host() + " over SSH: " + e.getMessage())
                    .withDuration(since(start));
        }
        Duration took = since(start);
        if (result.timedOut()) {
            return CheckResult.error(id(), "`" + command + "` did not finish within " + deadline.toMillis() + " ms on "
                    + target.ssh().host() + " (raise the check's timeout if the host is just slow)").withDuration(took);
        }
        return judge(command, result).withDuration(took)
                .withFacts(Map.of("exit", Integer.toString(result.exitStatus())));
    }

    /** The status the output earns, by the settings' rules in order: exit status, fail_if, warn_if, ok_if. */
    CheckResult judge(String command, CommandResult result) {
        List<String> lines = new ArrayList<>();
        result.stdout().lines().forEach(lines::add);
        result.stderr().lines().forEach(lines::add);
        List<String> failing = matching(lines, settings.failIf());
        Integer expected = settings.expectExit();
        if (expected != null && result.exitStatus() != expected) {
            List<String> evidence = failing.isEmpty() ? tail(lines) : failing;
            return CheckResult.of(id(), Status.FAIL, "`" + command + "` exited " + result.exitStatus() + ", expected " + expected,
                    evidence);
        }
        if (!failing.isEmpty()) {
            return CheckResult.of(id(), Status.FAIL, describe(failing, "fail_if", settings.failIf()), failing);
        }
        List<String> warning = matching(lines, settings.warnIf());
        if (!warning.isEmpty()) {
            return CheckResult.of(id(), Status.WARN, describe(warning, "warn_if", settings.warnIf()), warning);
        }
        if (settings.okIf() != null) {
            List<String> ok = matching(lines, settings.okIf());
            if (ok.isEmpty()) {
                return CheckResult.of(id(), Status.FAIL, "no line of `" + command + "` matched ok_if /" + settings.okIf() + "/",
                        tail(lines));
            }
            return CheckResult.of(id(), Status.OK, describe(ok, "ok_if", settings.okIf()), ok);
        }
        return CheckResult.of(id(), Status.OK, "`" + command + "` exited " + result.exitStatus(), List.of());
    }

    private static String describe(List<String> lines, String rule, Pattern pattern) {
        return lines.get(0) + (lines.size() > 1 ? " (and " + (lines.size() - 1) + " more)" : "") + " — matched " + rule
                + " /" + pattern + "/";
    }

    private static List<String> matching(List<String> lines, Pattern pattern) {
        if (pattern == null) {
            return List.of();
        }
        return lines.stream().filter(l -> pattern.matcher(l).find()).limit(MAX_EVIDENCE).map(CommandCheck::shorten).toList();
    }

    private static List<String> tail(List<String> lines) {
        List<String> nonBlank = lines.stream().filter(l -> !l.isBlank()).toList();
        return nonBlank.subList(Math.max(0, nonBlank.size() - MAX_EVIDENCE), nonBlank.size()).stream()
                .map(CommandCheck::shorten).toList();
    }

    private static String shorten(String line) {
        String l = line.strip();
        return l.length() > MAX_LINE ? l.substring(0, MAX_LINE) + "…" : l;
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
