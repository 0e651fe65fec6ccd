package dev.triage.checks.host;

import static dev.triage.checks.ssh.CommandTemplates.COMPOSE_PS;
import static dev.triage.checks.ssh.CommandTemplates.DOCKER_RESTART_COUNT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import dev.triage.checks.ssh.parse.Fixtures;
import org.junit.jupiter.api.Test;

class DockerCheckTest {

    private static CheckResult run(HostScenario host) {
        return host.run(DockerCheck::new);
    }

    private static HostScenario compose(String psVariant, String restartVariant) {
        return HostScenario.compose().givenFixture(COMPOSE_PS, "compose-ps", psVariant)
                .givenFixture(DOCKER_RESTART_COUNT, "docker-inspect", restartVariant);
    }

    @Test
    void runningHealthyContainerIsOk() {
        var host = compose("array-v2.12-running-healthy", "format-restart-count-zero");
        CheckResult result = run(host);
        assertEquals(Status.OK, result.status(), result.summary());
        assertEquals("app-backend-1 is running and healthy, restarted 0 times", result.summary());
        assertEquals("cd '/opt/app' && docker compose ps --all --format json", host.shell.commands().get(0));
        assertEquals("cd '/opt/app' && docker inspect --format '{{.Name}} {{.RestartCount}}' "
                + "$(docker compose ps --all -q 'backend')", host.shell.commands().get(1));
    }

    @Test
    void exitedContainerIsFailWithItsExitCode() {
        CheckResult result = run(compose("lines-v2.24-exited", "format-restart-count-zero"));
        assertEquals(Status.FAIL, result.status());
        assertTrue(result.summary().startsWith("app-backend-1 is exited with exit code 1"), result.summary());
        assertEquals("1", result.fact("exitCode"));
    }

    @Test
    void restartingContainerIsFailAsCrashLoop() {
        CheckResult result = run(compose("lines-v2.24-restarting", "format-restart-count-seven"));
        assertEquals(Status.FAIL, result.status());
        assertEquals("7", result.fact("restartCount"));
        assertTrue(result.summary().contains("crash loop"));
    }

    @Test
    void unhealthyContainerIsFail() {
        assertEquals(Status.FAIL, run(compose("lines-v2.24-unhealthy", "format-restart-count-zero")).status());
    }

    @Test
    void healthStillStartingIsWarn() {
        assertEquals(Status.WARN, run(compose("lines-v2.24-starting", "format-restart-count-zero")).status());
    }

    @Test
    void runningContainerThatRestartedOftenIsWarn() {
        CheckResult result = run(compose("array-v2.12-running-healthy", "format-restart-count-seven"));
        assertEquals(Status.WARN, result.status());
        assertTrue(result.summary().contains("restarted 7 times"));
    }

    @Test
    void serviceWithoutContainerIsFail() {
        var host = HostScenario.compose().given(COMPOSE_PS, 0, "").given(DOCKER_RESTART_COUNT, 1, "", "");
        CheckResult result = run(host);
        assertEquals(Status.FAIL, result.status());
        assertEquals("missing", result.fact("state"));
    }

    @Test
    void dockerSocketPermissionDeniedIsErrorWithTheFix() {
        var host = HostScenario.compose().given(COMPOSE_PS, 1, "", Fixtures.read("compose-ps", "docker-permission-denied"));
        CheckResult result = run(host);
        assertEquals(Status.ERROR, result.status());
        assertTrue(result.summary().contains("add it to the docker group"));
    }

    @Test
    void systemdServiceIsSkipped() {
        CheckResult result = run(HostScenario.ec2());
        assertEquals(Status.SKIPPED, result.status());
        assertTrue(result.summary().contains("service.compose_dir"));
    }
}
