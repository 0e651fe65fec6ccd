package dev.triage.checks.host;

import static dev.triage.checks.ssh.CommandTemplates.PORTS;
import static dev.triage.checks.ssh.CommandTemplates.PORTS_NETSTAT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

class PortBindingCheckTest {

    private static CheckResult run(HostScenario host) {
        return host.run(PortBindingCheck::new);
    }

    @Test
    void portBoundToLoopbackIsReportedAsWrongBindAddress() {
        CheckResult result = run(HostScenario.ec2().givenFixture(PORTS, "ss", "service-on-loopback-only"));
        assertEquals(Status.FAIL, result.status());
        assertEquals("loopback-only", result.fact("listening"));
        assertEquals("python3", result.fact("owner"));
        assertTrue(result.summary().contains("only on 127.0.0.1:8000"), result.summary());
        assertTrue(result.summary().contains("bind the service to 0.0.0.0"));
        assertTrue(result.evidence().get(0).contains("127.0.0.1:8000"));
    }

    @Test
    void loopbackIsFineWhenTheServiceSitsBehindALocalProxy() {
        var host = new HostScenario(HostScenario.target(HostScenario.ssh(), HostScenario.systemdService(8000, false)))
                .givenFixture(PORTS, "ss", "service-on-loopback-only");
        assertEquals(Status.OK, run(host).status());
    }

    @Test
    void portOnAllInterfacesIsOkAndNamesTheOwner() {
        CheckResult result = run(HostScenario.ec2().givenFixture(PORTS, "ss", "service-on-all-interfaces"));
        assertEquals(Status.OK, result.status());
        assertEquals("all-interfaces", result.fact("listening"));
        assertTrue(result.summary().contains("by python3 (pid "), result.summary());
    }

    @Test
    void nothingListeningIsFail() {
        CheckResult result = run(HostScenario.ec2().givenFixture(PORTS, "ss", "service-not-listening"));
        assertEquals(Status.FAIL, result.status());
        assertEquals("not-listening", result.fact("listening"));
    }

    @Test
    void missingSsFallsBackToNetstat() {
        var host = HostScenario.ec2().missingTool(PORTS, "ss")
                .givenFixture(PORTS_NETSTAT, "netstat", "service-on-loopback-only");
        CheckResult result = run(host);
        assertEquals(Status.FAIL, result.status());
        assertEquals("netstat", result.fact("tool"));
        assertEquals(List.of("ss -tlnp", "netstat -tlnp"), host.shell.commands());
    }

    @Test
    void neitherToolInstalledIsError() {
        var host = HostScenario.ec2().missingTool(PORTS, "ss").missingTool(PORTS_NETSTAT, "netstat");
        CheckResult result = run(host);
        assertEquals(Status.ERROR, result.status());
        assertTrue(result.summary().startsWith("neither ss nor netstat"));
    }

    @Test
    void ipv6LoopbackOnlyIsAlsoUnreachable() {
        assertEquals(Status.FAIL, run(HostScenario.ec2().givenFixture(PORTS, "ss", "service-on-ipv6-loopback")).status());
        assertEquals(Status.OK, run(HostScenario.ec2().givenFixture(PORTS, "ss", "service-on-ipv6-wildcard")).status());
    }

    @Test
    void serviceWithoutPortIsSkipped() {
        var host = new HostScenario(HostScenario.target(HostScenario.ssh(), HostScenario.systemdService(0, true)));
        CheckResult result = run(host);
        assertEquals(Status.SKIPPED, result.status());
        assertTrue(result.summary().contains("service.port"));
    }
}
