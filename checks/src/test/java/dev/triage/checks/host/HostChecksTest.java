package dev.triage.checks.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.triage.checks.Check;
import dev.triage.checks.Status;
import dev.triage.checks.ssh.CommandTemplates;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostChecksTest {

    @Test
    void allTenHostChecksComeInRunbookOrder() {
        List<String> ids = HostChecks.all(new FakeRemoteShell(), new CommandTemplates()).stream().map(Check::id).toList();
        assertEquals(List.of("systemd-unit", "journal", "port-binding", "unit-file", "local-health", "nginx",
                "firewall", "env", "docker", "resources"), ids);
    }

    @Test
    void everyHostCheckIsSkippedForATargetWithoutSsh() {
        var target = HostScenario.target(null, HostScenario.systemdService(8000, true));
        for (Check check : HostChecks.all(new FakeRemoteShell(), new CommandTemplates())) {
            assertEquals(Status.SKIPPED, check.run(target).status(), check.id());
        }
    }

    @Test
    void everyHostCheckIsErrorWhenTheHostIsUnreachable() {
        var compose = HostScenario.compose().unreachable();
        var systemd = HostScenario.ec2().unreachable();
        for (Check check : HostChecks.all(systemd.shell, systemd.templates)) {
            var target = check.id().equals("docker") ? compose.target : systemd.target;
            var result = check.run(target);
            assertEquals(Status.ERROR, result.status(), check.id() + ": " + result.summary());
            assertEquals("unreachable", result.fact("error"), check.id());
        }
    }
}
