package dev.triage.checks.host;

import static dev.triage.checks.ssh.CommandTemplates.LOCAL_HEALTH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import dev.triage.checks.ssh.parse.Fixtures;
import org.junit.jupiter.api.Test;

class LocalHealthCheckTest {

    private static CheckResult run(HostScenario host) {
        return host.run(LocalHealthCheck::new);
    }

    @Test
    void healthyAnswerIsOk() {
        var host = HostScenario.ec2().givenFixture(LOCAL_HEALTH, "curl", "health-ok");
        CheckResult result = run(host);
        assertEquals(Status.OK, result.status());
        assertEquals("curl -fsS -m 5 http://localhost:'8000''/health'", host.shell.commands().get(0));
        assertEquals("ok", result.fact("local"));
    }

    @Test
    void refusedConnectionMeansServiceDownNotNetwork() {
        CheckResult result = run(HostScenario.ec2().given(LOCAL_HEALTH, 7, "", Fixtures.read("curl", "connection-refused")));
        assertEquals(Status.FAIL, result.status());
        assertEquals("connection-refused", result.fact("local"));
        assertTrue(result.summary().contains("the service is down, not the network"));
        assertTrue(result.evidence().get(0).startsWith("curl: (7)"));
    }

    @Test
    void http500IsApplicationError() {
        CheckResult result = run(HostScenario.ec2().given(LOCAL_HEALTH, 22, "", Fixtures.read("curl", "http-500")));
        assertEquals(Status.FAIL, result.status());
        assertEquals("500", result.fact("http.status"));
    }

    @Test
    void timeoutIsHanging() {
        CheckResult result = run(HostScenario.ec2().given(LOCAL_HEALTH, 28, "", Fixtures.read("curl", "timeout")));
        assertEquals(Status.FAIL, result.status());
        assertTrue(result.summary().contains("hanging"));
    }

    @Test
    void okAnswerReportingUnhealthyIsFail() {
        CheckResult result = run(HostScenario.ec2().given(LOCAL_HEALTH, 0, "{\"status\": \"degraded\"}"));
        assertEquals(Status.FAIL, result.status());
        assertEquals("degraded", result.fact("health.status"));
    }

    @Test
    void missingCurlIsError() {
        assertEquals(Status.ERROR, run(HostScenario.ec2().missingTool(LOCAL_HEALTH, "curl")).status());
    }
}
