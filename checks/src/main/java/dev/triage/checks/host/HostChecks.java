package dev.triage.checks.host;

import dev.triage.checks.Check;
import dev.triage.checks.ssh.CommandTemplates;
import dev.triage.checks.ssh.RemoteShell;
import dev.triage.config.SecretSink;
import java.util.List;

/** The runbooks' host checks, assembled in one place. */
public final class HostChecks {

    private HostChecks() {
    }

    /** The ten host checks in RUNBOOKS.md order, with default thresholds. */
    public static List<Check> all(RemoteShell shell, CommandTemplates templates) {
        return all(shell, templates, SecretSink.NONE);
    }

    /** @param secrets told the secret values the env check reads, for the redaction filter */
    public static List<Check> all(RemoteShell shell, CommandTemplates templates, SecretSink secrets) {
        return List.of(
                new SystemdUnitCheck(shell, templates),
                new JournalCheck(shell, templates),
                new PortBindingCheck(shell, templates),
                new UnitFileCheck(shell, templates),
                new LocalHealthCheck(shell, templates),
                new NginxCheck(shell, templates),
                new FirewallCheck(shell, templates),
                new EnvCheck(shell, templates, secrets),
                new DockerCheck(shell, templates),
                new ResourcesCheck(shell, templates));
    }
}
