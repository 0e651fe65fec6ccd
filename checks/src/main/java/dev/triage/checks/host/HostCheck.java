package dev.triage.checks.host;

import dev.triage.checks.Check;
import dev.triage.checks.CheckResult;
import dev.triage.checks.ssh.CommandTemplates;
import dev.triage.checks.ssh.RemoteShell;
import dev.triage.config.Target;
import java.util.Objects;
import java.util.Optional;

/**
 * What every host check shares: SKIPPED (saying what to configure) when the target lacks what the check
 * needs; otherwise one {@link HostSession} within the target's command deadline, where an unreachable
 * host, a missing tool or a sudo refusal becomes an ERROR result instead of an exception.
 */
abstract class HostCheck implements Check {
    private final String id;
    private final RemoteShell shell;
    private final CommandTemplates templates;

    HostCheck(String id, RemoteShell shell, CommandTemplates templates) {
        this.id = Objects.requireNonNull(id, "id");
        this.shell = Objects.requireNonNull(shell, "shell");
        this.templates = Objects.requireNonNull(templates, "templates");
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final CheckResult run(Target target) {
        Optional<CheckResult> skip = skip(target);
        if (skip.isPresent()) {
            return skip.get();
        }
        var session = new HostSession(shell, templates, target);
        try {
            return judge(session, target);
        } catch (HostProblem problem) {
            return problem.toResult(id, session.elapsed());
        }
    }

    /** SKIPPED with what to configure, or empty when the check can run on this target. */
    abstract Optional<CheckResult> skip(Target target);

    /** Runs the commands and judges their output. */
    abstract CheckResult judge(HostSession session, Target target) throws HostProblem;
}
