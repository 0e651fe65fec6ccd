package dev.triage.checks.host;

import static dev.triage.checks.ssh.CommandTemplates.UNIT_FILE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import dev.triage.checks.ssh.parse.Fixtures;
import org.junit.jupiter.api.Test;

class UnitFileCheckTest {

    private static CheckResult run(HostScenario host) {
        return host.run(UnitFileCheck::new);
    }

    private static HostScenario runbookUnit() {
        return HostScenario.ec2().givenFixture(UNIT_FILE, "systemctl-cat", "complete");
    }

    @Test
    void unitWhosePathsAllExistWithRestartAlwaysIsOk() {
        var host = runbookUnit()
                .givenPath("/opt/langchain/venv/bin/python", true)
                .givenPath("/opt/langchain/app", true)
                .givenPath("/opt/langchain/.env", true);
        CheckResult result = run(host);
        assertEquals(Status.OK, result.status(), result.summary());
        assertEquals("always", result.fact("restart"));
        assertTrue(host.shell.commands().contains("test -e '/opt/langchain/.env'"));
    }

    @Test
    void missingEnvironmentFileIsFail() {
        var host = runbookUnit()
                .givenPath("/opt/langchain/venv/bin/python", true)
                .givenPath("/opt/langchain/app", true)
                .givenPath("/opt/langchain/.env", false);
        CheckResult result = run(host);
        assertEquals(Status.FAIL, result.status());
        assertEquals("EnvironmentFile", result.fact("missing"));
        assertTrue(result.evidence().contains("EnvironmentFile=/opt/langchain/.env → missing on host"));
    }

    @Test
    void noRestartPolicyAndMissingOptionalEnvFileIsWarn() {
        var host = HostScenario.ec2().givenFixture(UNIT_FILE, "systemctl-cat", "no-restart-optional-env")
                .givenPath("/home/ubuntu/langchain/venv/bin/uvicorn", true)
                .givenPath("/home/ubuntu/langchain/app", true)
                .givenPath("/home/ubuntu/langchain/.env", false);
        CheckResult result = run(host);
        assertEquals(Status.WARN, result.status());
        assertTrue(result.summary().contains("Restart=no"), result.summary());
        assertTrue(result.summary().contains("optional EnvironmentFile"), result.summary());
    }

    @Test
    void unitWithoutFilesIsFail() {
        var host = HostScenario.ec2().given(UNIT_FILE, 1, "", Fixtures.read("systemctl-cat", "not-found"));
        assertEquals(Status.FAIL, run(host).status());
    }

    @Test
    void pathWithShellCharactersIsNotTestedButReported() {
        var host = HostScenario.ec2().given(UNIT_FILE, 0, """
                # /etc/systemd/system/langchain-backend.service
                [Service]
                ExecStart=/opt/app/bin/run;reboot
                Restart=always
                """);
        CheckResult result = run(host);
        assertEquals(Status.WARN, result.status());
        assertEquals(1, host.shell.commands().size(), "only systemctl cat ran");
    }

    @Test
    void sudoRefusalOnAnOverriddenCommandNamesTheRuleToAdd() {
        var service = new dev.triage.config.Service("systemd", "langchain-backend", 8000, true, null, java.util.List.of(),
                null, null, null, false, 0, java.util.Map.of(UNIT_FILE, "sudo -n systemctl cat {unit}"));
        var host = new HostScenario(HostScenario.target(HostScenario.ssh(), service)).sudoRefuses(UNIT_FILE);
        CheckResult result = run(host);
        assertEquals(Status.ERROR, result.status());
        assertEquals("sudo refused `systemctl cat 'langchain-backend'` on ec2-3-39-187-108.example.com: add a NOPASSWD "
                + "sudo rule for ubuntu for `systemctl cat 'langchain-backend'`", result.summary());
    }
}
