package dev.triage.checks.host;

import static dev.triage.checks.ssh.CommandTemplates.NGINX_ERROR_LOG;
import static dev.triage.checks.ssh.CommandTemplates.NGINX_IS_ACTIVE;
import static dev.triage.checks.ssh.CommandTemplates.NGINX_MASTER;
import static dev.triage.checks.ssh.CommandTemplates.NGINX_TEST;
import static dev.triage.checks.ssh.CommandTemplates.PORTS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import dev.triage.checks.ssh.parse.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

class NginxCheckTest {

    private static CheckResult run(HostScenario host) {
        return host.run(NginxCheck::new);
    }

    private static final java.util.Map<String, String> DEFAULT_LOG = java.util.Map.of("path", "/var/log/nginx/error.log");

    /** nginx -t as an override prints it: no configuration, so nginx's defaults (port 80, its default error log). */
    private static HostScenario passingTest() {
        return HostScenario.ec2().given(NGINX_MASTER, 1, "").given(NGINX_TEST, 0, "", Fixtures.read("nginx-t", "success"));
    }

    @Test
    void healthyProxyWithCleanLogIsOk() {
        var host = passingTest().given(NGINX_IS_ACTIVE, 0, "active\n")
                .givenFixture(PORTS, "ss", "service-on-all-interfaces")
                .givenWith(NGINX_ERROR_LOG, DEFAULT_LOG, 0, "2026/11/02 10:00:00 [notice] 1#1: signal process started\n");
        CheckResult result = run(host);
        assertEquals(Status.OK, result.status(), result.summary());
        assertEquals("all-interfaces", result.fact("nginx.port80"));
    }

    @Test
    void failingConfigTestIsFailNamingFileAndLine() {
        var host = HostScenario.ec2().given(NGINX_MASTER, 1, "").given(NGINX_TEST, 1, "", Fixtures.read("nginx-t", "unknown-directive"));
        CheckResult result = run(host);
        assertEquals(Status.FAIL, result.status());
        assertEquals("nginx config test failed: unknown directive \"proxy_pas\" at /tmp/fx/ng/unknown.conf:6"
                + " — fix it before restarting nginx", result.summary());
        assertEquals(2, host.shell.commands().size(), "which nginx runs, and its test: nothing more");
    }

    @Test
    void stoppedNginxIsFail() {
        var host = passingTest().given(NGINX_IS_ACTIVE, 3, "inactive\n");
        CheckResult result = run(host);
        assertEquals(Status.FAIL, result.status());
        assertEquals("false", result.fact("nginx.active"));
    }

    @Test
    void upstreamRefusedWhileServicePortIsClosedIsFail() {
        var host = passingTest().given(NGINX_IS_ACTIVE, 0, "active\n")
                .givenFixture(PORTS, "ss", "service-not-listening");
        // the fixture's last upstream error is a timeout; this case keeps only its refusals
        String refusals = Fixtures.read("nginx-error-log", "upstream-refused-and-timed-out").lines()
                .filter(l -> l.contains("Connection refused")).reduce("", (a, b) -> a + b + "\n");
        host.givenWith(NGINX_ERROR_LOG, DEFAULT_LOG, 0, refusals);
        CheckResult result = run(host);
        assertEquals(Status.FAIL, result.status(), result.summary());
        assertEquals("refused", result.fact("upstream"));
        assertTrue(result.summary().contains("nothing listens on port 8000"));
    }

    @Test
    void upstreamErrorsWhileServiceListensAgainAreWarn() {
        var host = passingTest().given(NGINX_IS_ACTIVE, 0, "active\n")
                .givenFixture(PORTS, "ss", "service-on-all-interfaces")
                .givenWith(NGINX_ERROR_LOG, DEFAULT_LOG, 0, Fixtures.read("nginx-error-log", "upstream-refused-and-timed-out"));
        CheckResult result = run(host);
        assertEquals(Status.WARN, result.status());
        assertTrue(result.summary().contains("port 8000 listens now"), result.summary());
    }

    @Test
    void nothingOnPort80IsFail() {
        var host = passingTest().given(NGINX_IS_ACTIVE, 0, "active\n").givenFixture(PORTS, "ss", "nginx-not-listening");
        assertEquals(Status.FAIL, run(host).status());
    }

    @Test
    void sudoRefusingNginxTestIsError() {
        CheckResult result = run(HostScenario.ec2().given(NGINX_MASTER, 1, "").sudoRefuses(NGINX_TEST));
        assertEquals(Status.ERROR, result.status());
        assertTrue(result.summary().contains("add a NOPASSWD sudo rule for ubuntu for `nginx -T`"), result.summary());
        assertEquals(List.of("sudo: a password is required"), result.evidence());
    }

    @Test
    void serviceWithoutNginxIsSkipped() {
        assertEquals(Status.SKIPPED, run(HostScenario.compose()).status());
    }

    @Test
    void theRunningMastersConfigurationDecidesPortsAndLogs() {
        String dump = Fixtures.read("nginx-T", "custom-listen-upstream");
        var host = HostScenario.ec2()
                .given(NGINX_MASTER, 0, "nginx: master process nginx -c /tmp/ngx/nginx.conf -g daemon on;\nnginx: worker process\n")
                .givenWith(dev.triage.checks.ssh.CommandTemplates.NGINX_TEST_WITH_CONFIG, java.util.Map.of("conf", "/tmp/ngx/nginx.conf"),
                        0, dump, Fixtures.read("nginx-T", "custom-listen-upstream.stderr"))
                .given(NGINX_IS_ACTIVE, 0, "active\n")
                .givenFixture(PORTS, "ss", "service-on-all-interfaces")
                .givenWith(NGINX_ERROR_LOG, java.util.Map.of("path", "/tmp/ngx/logs/main-error.log"), 0, "")
                .givenWith(NGINX_ERROR_LOG, java.util.Map.of("path", "/tmp/ngx/logs/site-error.log"), 0, "");
        CheckResult result = run(host);
        assertEquals("18080,18443", result.fact("nginx.ports"));
        assertEquals("127.0.0.1:18000,127.0.0.1:18001", result.fact("nginx.upstreams"));
        assertEquals("/tmp/ngx/logs/main-error.log,/tmp/ngx/logs/site-error.log", result.fact("nginx.errorLogs"));
        assertEquals(Status.FAIL, result.status(), "nothing listens on 18080 or 18443 in this ss listing: " + result.summary());
        assertTrue(result.summary().contains("nothing listens on any of its ports 18080, 18443"), result.summary());
        assertEquals(null, result.fact("nginx.port80"), "port 80 is not nginx's here");
    }

    @Test
    void emptyErrorLogsAreUnknownNotNoErrors() {
        var host = passingTest().given(NGINX_IS_ACTIVE, 0, "active\n")
                .givenFixture(PORTS, "ss", "service-on-all-interfaces")
                .givenWith(NGINX_ERROR_LOG, DEFAULT_LOG, 0, "");
        CheckResult result = run(host);
        assertEquals(Status.WARN, result.status(), result.summary());
        assertEquals("unknown", result.fact("upstream"));
        assertTrue(result.summary().contains("upstream errors unknown: /var/log/nginx/error.log (empty)"), result.summary());
    }
}
