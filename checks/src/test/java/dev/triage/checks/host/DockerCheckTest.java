package dev.triage.checks.host;

import static dev.triage.checks.ssh.CommandTemplates.COMPOSE_CONTAINERS;
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

    private static HostScenario compose(String inspectVariant) {
        return HostScenario.compose().givenFixture(COMPOSE_CONTAINERS, "docker-inspect", inspectVariant);
    }

    @Test
    void runningHealthyContainerIsOkAndItsSettingsAreFindings() {
        var host = compose("running-healthy-limits");
        CheckResult result = run(host);
        assertEquals(Status.OK, result.status(), result.summary());
        assertEquals("app-backend-1 is running and healthy, restarted 0 times", result.summary());
        assertEquals("cd '/opt/app' && if docker compose version >/dev/null 2>&1; then ids=$(docker compose ps --all -q "
                + "'backend'); else ids=$(docker-compose ps -q 'backend'); fi && if [ -n \"$ids\" ]; then docker inspect $ids;"
                + " else echo '[]'; fi", host.shell.commands().get(0), "compose v2 where the host has it, else v1");
        assertTrue(result.evidence().contains("restart unless-stopped; health check `curl -f http://localhost:8000/health` "
                + "every 30s; limits memory 512M, 1 CPU"), result.evidence()::toString);
        assertEquals("unless-stopped", result.fact("restartPolicy"));
        assertEquals("curl -f http://localhost:8000/health", result.fact("healthcheck"));
        assertEquals(Long.toString(512L << 20), result.fact("memoryLimit"));
    }

    @Test
    void anOomKilledContainerIsFailSayingSoAndThatNoPolicyKeepsItDown() {
        CheckResult result = run(compose("exited-oom-killed"));
        assertEquals(Status.FAIL, result.status());
        assertEquals("app-backend-1 was killed for memory (OOMKilled, exit code 137), restarted 0 times; its restart policy"
                + " is no, so it stays down — see its logs and the env check", result.summary());
        assertEquals("true", result.fact("oomKilled"));
        assertTrue(result.evidence().contains("restart no; no health check; no memory or CPU limit"), result.evidence()::toString);
    }

    @Test
    void restartingContainerIsFailAsCrashLoop() {
        CheckResult result = run(compose("restarting-crash-loop"));
        assertEquals(Status.FAIL, result.status());
        assertEquals("12", result.fact("restartCount"));
        assertEquals("on-failure:20", result.fact("restartPolicy"));
        assertTrue(result.summary().contains("crash loop"));
    }

    @Test
    void unhealthyContainerIsFailWithItsLastHealthOutput() {
        CheckResult result = run(compose("running-unhealthy"));
        assertEquals(Status.FAIL, result.status());
        assertTrue(result.evidence().contains("last health check said: curl: (7) Failed to connect to localhost port 8000 after"
                + " 0 ms: Couldn't connect to server"), result.evidence()::toString);
    }

    @Test
    void healthStillStartingIsWarn() {
        assertEquals(Status.WARN, run(compose("running-health-starting")).status());
    }

    @Test
    void runningContainerThatRestartedOftenIsWarn() {
        CheckResult result = run(compose("running-often-restarted"));
        assertEquals(Status.WARN, result.status());
        assertTrue(result.summary().contains("restarted 7 times"));
    }

    @Test
    void aContainerThatWouldStayDownAfterACrashIsWarn() {
        CheckResult result = run(compose("running-no-policy-no-check"));
        assertEquals(Status.WARN, result.status(), result.summary());
        assertTrue(result.summary().contains("restart policy no"), result.summary());
        assertEquals("none", result.fact("healthcheck"));
    }

    @Test
    void serviceWithoutContainerIsFail() {
        CheckResult result = run(HostScenario.compose().given(COMPOSE_CONTAINERS, 0, "[]\n"));
        assertEquals(Status.FAIL, result.status());
        assertEquals("missing", result.fact("state"));
    }

    @Test
    void aDirectoryWithoutComposeFileIsMisconfiguredForV2AndV1() {
        for (String said : java.util.List.of(Fixtures.read("compose-ps", "no-compose-file"),
                "Can't find a suitable configuration file in this directory or any\n\t"
                        + "parent. Are you in the right directory?\n\n\tSupported filenames: docker-compose.yml, docker-compose.yaml\n")) {
            CheckResult result = run(HostScenario.compose().given(COMPOSE_CONTAINERS, 1, "", said));
            assertEquals(Status.ERROR, result.status());
            assertTrue(result.summary().startsWith("no compose project in /opt/app"), result.summary());
        }
    }

    @Test
    void dockerSocketPermissionDeniedIsErrorWithTheFix() {
        var host = HostScenario.compose().given(COMPOSE_CONTAINERS, 1, "", Fixtures.read("compose-ps", "docker-permission-denied"));
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
