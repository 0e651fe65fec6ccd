package dev.triage.checks.host;

import static dev.triage.checks.ssh.CommandTemplates.SYSTEMD_IS_ACTIVE;
import static dev.triage.checks.ssh.CommandTemplates.SYSTEMD_STATUS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import org.junit.jupiter.api.Test;

class SystemdUnitCheckTest {

    private static CheckResult run(HostScenario host) {
        return host.run(SystemdUnitCheck::new);
    }

    @Test
    void aHostWithoutSystemdIsAnErrorThatSaysNothingAboutTheService() {
        String said = dev.triage.checks.ssh.parse.Fixtures.read("no-systemd", "systemctl-status");
        var host = HostScenario.ec2()
                .given(SYSTEMD_IS_ACTIVE, 1, "", said)
                .given(SYSTEMD_STATUS, 1, "", said);
        CheckResult result = run(host);
        assertEquals(Status.ERROR, result.status(), "systemctl can't look here: not the same as the unit missing");
        assertTrue(result.summary().startsWith("systemd is not running on "), result.summary());
        assertTrue(result.summary().contains("System has not been booted with systemd") && result.summary().contains("service.kind"),
                result.summary());
        assertEquals("cannot-answer", result.fact("error"));
        assertEquals(null, result.fact("found"), "no claim that the unit doesn't exist");
    }

    @Test
    void activeRunningUnitIsOkWithItsMainPid() {
        var host = HostScenario.ec2()
                .givenFixture(SYSTEMD_IS_ACTIVE, "systemctl-is-active", "active")
                .givenFixture(SYSTEMD_STATUS, "systemctl-status", "active-running");
        CheckResult result = run(host);
        assertEquals(Status.OK, result.status(), result.summary());
        assertTrue(result.summary().contains("active (running)"));
        assertEquals("true", result.fact("active"));
        assertEquals("12345", result.fact("mainPid"));
        assertTrue(result.evidence().get(0).startsWith("Active: active (running)"));
        assertTrue(result.evidence().size() <= 8);
    }

    @Test
    void aUnitRunningForLessThanItsStartTimeoutIsStillStarting() {
        CheckResult result = run(HostScenario.ec2()
                .givenFixture(SYSTEMD_IS_ACTIVE, "systemctl-is-active", "active")
                .givenFixture(SYSTEMD_STATUS, "systemctl-status", "active-running-just-started"));
        assertEquals(Status.OK, result.status(), "running is running; whether it listens yet is port-binding's to say");
        assertEquals("true", result.fact("starting"));
        assertEquals("14s", result.fact("upFor"));
        assertEquals("1min 30s", result.fact("startTimeout"));
        assertEquals(null, result.fact("pastStartTimeout"));

        CheckResult longAgo = run(HostScenario.ec2()
                .givenFixture(SYSTEMD_IS_ACTIVE, "systemctl-is-active", "active")
                .givenFixture(SYSTEMD_STATUS, "systemctl-status", "active-running"));
        assertEquals("false", longAgo.fact("starting"));
        assertEquals("2h 3min", longAgo.fact("upFor"));
        assertEquals("true", longAgo.fact("pastStartTimeout"));
    }

    @Test
    void anActivatingUnitIsStillStartingWithinTheTimeoutTheUnitSets() {
        CheckResult result = run(HostScenario.ec2()
                .givenFixture(SYSTEMD_IS_ACTIVE, "systemctl-is-active", "activating")
                .givenFixture(SYSTEMD_STATUS, "systemctl-status", "activating-start")
                .givenFixture(dev.triage.checks.ssh.CommandTemplates.SYSTEMD_START_TIMEOUT, "systemctl-show", "five-minutes"));
        assertEquals(Status.WARN, result.status(), result.summary());
        assertEquals("langchain-backend is still starting (activating (start)) since Mon 2024-03-04 09:12:41 UTC, 38s of"
                + " its 5min start timeout", result.summary());
        assertEquals("true", result.fact("starting"));
        assertEquals("5min", result.fact("startTimeout"));
    }

    @Test
    void anUnlimitedStartTimeoutCountsAsSystemdsDefault() {
        CheckResult result = run(HostScenario.ec2()
                .givenFixture(SYSTEMD_IS_ACTIVE, "systemctl-is-active", "active")
                .givenFixture(SYSTEMD_STATUS, "systemctl-status", "active-running-just-started")
                .given(dev.triage.checks.ssh.CommandTemplates.SYSTEMD_START_TIMEOUT, 0, "TimeoutStartUSec=infinity\n"));
        assertEquals("1min 30s", result.fact("startTimeout"));
        assertEquals("true", result.fact("starting"));
    }

    @Test
    void failedUnitIsFailNamingExitCodeAndRestarts() {
        var host = HostScenario.ec2()
                .given(SYSTEMD_IS_ACTIVE, 3, "failed\n")
                .given(SYSTEMD_STATUS, 3, dev.triage.checks.ssh.parse.Fixtures.read("systemctl-status", "failed-exit-code"));
        CheckResult result = run(host);
        assertEquals(Status.FAIL, result.status());
        assertEquals("langchain-backend is failed (Result: exit-code) since Mon 2024-03-04 09:21:15 UTC; "
                + "last exit code=exited, status=1/FAILURE, restarted 5 times", result.summary());
        assertEquals("false", result.fact("active"));
        assertEquals("5", result.fact("restarts"));
        assertTrue(result.evidence().contains("Main PID: 23501 (code=exited, status=1/FAILURE)"));
        assertTrue(result.evidence().stream().anyMatch(l -> l.contains("Start request repeated too quickly")));
        assertTrue(result.evidence().size() <= 8);
    }

    @Test
    void autoRestartingUnitIsFail() {
        var host = HostScenario.ec2()
                .given(SYSTEMD_IS_ACTIVE, 3, "activating\n")
                .given(SYSTEMD_STATUS, 3, dev.triage.checks.ssh.parse.Fixtures.read("systemctl-status", "activating-auto-restart"));
        CheckResult result = run(host);
        assertEquals(Status.FAIL, result.status());
        assertEquals("auto-restart", result.fact("subState"));
    }

    @Test
    void runningUnitThatRestartedRecentlyIsWarn() {
        String status = dev.triage.checks.ssh.parse.Fixtures.read("systemctl-status", "active-running")
                + "Mar 04 09:12:40 ip-172-31-40-12 systemd[1]: langchain-backend.service: Scheduled restart job, restart counter is at 2.\n";
        var host = HostScenario.ec2().given(SYSTEMD_IS_ACTIVE, 0, "active\n").given(SYSTEMD_STATUS, 0, status);
        CheckResult result = run(host);
        assertEquals(Status.WARN, result.status());
        assertTrue(result.summary().contains("restarted 2 times"));
    }

    @Test
    void unknownUnitIsFailSayingToCheckTheUnitName() {
        var host = HostScenario.ec2()
                .given(SYSTEMD_IS_ACTIVE, 4, "inactive\n")
                .given(SYSTEMD_STATUS, 4, "", dev.triage.checks.ssh.parse.Fixtures.read("systemctl-status", "unit-not-found"));
        CheckResult result = run(host);
        assertEquals(Status.FAIL, result.status());
        assertTrue(result.summary().contains("does not exist"));
        assertEquals("false", result.fact("found"));
    }

    @Test
    void targetWithoutSshIsSkippedSayingWhatToConfigure() {
        var host = new HostScenario(HostScenario.target(null, HostScenario.systemdService(8000, true)));
        CheckResult result = run(host);
        assertEquals(Status.SKIPPED, result.status());
        assertTrue(result.summary().contains("add ssh"), result.summary());
        assertTrue(host.shell.commands().isEmpty());
    }

    @Test
    void composeServiceIsSkipped() {
        assertEquals(Status.SKIPPED, run(HostScenario.compose()).status());
    }

    @Test
    void unreachableHostIsErrorWithTheConnectionMessage() {
        CheckResult result = run(HostScenario.ec2().unreachable());
        assertEquals(Status.ERROR, result.status());
        assertEquals("cannot reach ec2-3-39-187-108.example.com over SSH: connect to ec2-3-39-187-108.example.com:22"
                + " timed out after 5 s", result.summary());
    }

    @Test
    void hostWithoutSystemctlIsError() {
        CheckResult result = run(HostScenario.ec2().missingTool(SYSTEMD_IS_ACTIVE, "systemctl").missingTool(SYSTEMD_STATUS, "systemctl"));
        assertEquals(Status.ERROR, result.status());
        assertTrue(result.summary().startsWith("`systemctl` is not installed"), result.summary());
        assertEquals("tool-missing", result.fact("error"));
    }

    @Test
    void commandsGetNoMoreThanTheTargetsCommandTimeout() {
        var host = HostScenario.ec2()
                .givenFixture(SYSTEMD_IS_ACTIVE, "systemctl-is-active", "active")
                .givenFixture(SYSTEMD_STATUS, "systemctl-status", "active-running");
        run(host);
        assertEquals(3, host.shell.deadlines().size());
        assertTrue(host.shell.deadlines().stream().allMatch(d -> d.compareTo(HostScenario.COMMAND_TIMEOUT) <= 0
                && !d.isNegative() && !d.isZero()));
        assertEquals("systemctl is-active 'langchain-backend'", host.shell.commands().get(0));
    }

    @Test
    void commandThatHangsPastItsDeadlineIsError() {
        CheckResult result = run(HostScenario.ec2().timesOut(SYSTEMD_IS_ACTIVE).timesOut(SYSTEMD_STATUS));
        assertEquals(Status.ERROR, result.status());
        assertTrue(result.summary().contains("did not finish within 7 s"), result.summary());
    }
}
