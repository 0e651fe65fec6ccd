package dev.triage.checks.host;

import static dev.triage.checks.ssh.CommandTemplates.UFW_STATUS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import dev.triage.checks.ssh.parse.Fixtures;
import org.junit.jupiter.api.Test;

class FirewallCheckTest {

    private static CheckResult run(HostScenario host) {
        return host.run(FirewallCheck::new);
    }

    @Test
    void inactiveUfwIsOk() {
        CheckResult result = run(HostScenario.ec2().givenFixture(UFW_STATUS, "ufw", "inactive"));
        assertEquals(Status.OK, result.status());
        assertEquals("ufw inactive", result.summary());
        assertEquals("inactive", result.fact("ufw"));
    }

    @Test
    void activeUfwAllowingThePortIsOk() {
        CheckResult result = run(HostScenario.ec2().givenFixture(UFW_STATUS, "ufw", "active-port-allowed"));
        assertEquals(Status.OK, result.status());
        assertEquals("true", result.fact("port.allowed"));
        assertTrue(result.evidence().contains("8000/tcp                   ALLOW       Anywhere"));
    }

    @Test
    void activeUfwWithoutARuleForThePortIsFail() {
        CheckResult result = run(HostScenario.ec2().givenFixture(UFW_STATUS, "ufw", "active-port-missing"));
        assertEquals(Status.FAIL, result.status());
        assertEquals("ufw is active and no rule allows 8000/tcp: incoming connections are dropped (firewall-allow opens it)",
                result.summary());
        assertEquals("false", result.fact("port.allowed"));
    }

    @Test
    void denyRuleBeforeAnAllowedRangeIsFail() {
        CheckResult result = run(HostScenario.ec2().givenFixture(UFW_STATUS, "ufw", "active-range-and-deny"));
        assertEquals(Status.FAIL, result.status());
        assertTrue(result.summary().contains("`8000 DENY Anywhere` blocks"), result.summary());
    }

    @Test
    void portAllowedOnlyFromOneNetworkIsWarn() {
        var service = new dev.triage.config.Service("systemd", "db", 5432, true, null, java.util.List.of(), null, null, null,
                false, 0, java.util.Map.of());   // reached on its own port, no nginx in front
        var host = new HostScenario(HostScenario.target(HostScenario.ssh(), service))
                .givenFixture(UFW_STATUS, "ufw", "active-range-allowed");
        CheckResult result = run(host);
        assertEquals(Status.WARN, result.status());
        assertEquals("100.64.0.0/16", result.fact("port.allowedFrom"));
    }

    @Test
    void sudoWithoutNopasswdRuleIsErrorNamingTheRule() {
        CheckResult result = run(HostScenario.ec2().sudoRefuses(UFW_STATUS));
        assertEquals(Status.ERROR, result.status());
        assertTrue(result.summary().endsWith("add a NOPASSWD sudo rule for ubuntu for `ufw status`"), result.summary());
        assertEquals("sudo-refused", result.fact("error"));
    }

    @Test
    void ufwNotInstalledIsErrorEvenThroughSudo() {
        CheckResult result = run(HostScenario.ec2().given(UFW_STATUS, 1, "", "sudo: ufw: command not found\n"));
        assertEquals(Status.ERROR, result.status());
        assertTrue(result.summary().startsWith("`ufw` is not installed"), result.summary());
    }

    @Test
    void unexpectedOutputIsError() {
        CheckResult result = run(HostScenario.ec2().given(UFW_STATUS, 1, "", Fixtures.read("ufw", "not-root")));
        assertEquals(Status.ERROR, result.status());
        assertEquals("ERROR: You need to be root to run this script", result.evidence().get(0));
    }

    /** Document 001: nginx on 80 in front of the app on 8000, reached as http://host/. */
    private static HostScenario behindNginx() {
        return new HostScenario(new dev.triage.config.Target("prod", java.net.URI.create("http://3.39.187.108"), null, null,
                null, null, null, null, null, null, HostScenario.ssh(), HostScenario.systemdService(8000, false)));
    }

    @Test
    void behindNginxThePublicPortIsJudgedAndTheClosedAppPortIsRight() {
        CheckResult result = run(behindNginx().givenFixture(UFW_STATUS, "ufw", "active-port-missing"));   // Nginx Full, OpenSSH
        assertEquals(Status.OK, result.status(), result.summary());
        assertEquals("ufw is active and allows 80/tcp (nginx's public port; the app's 8000 stays behind it) from anywhere",
                result.summary());
        assertEquals("80", result.fact("port"));
    }

    @Test
    void behindNginxABlockedPublicPortIsTheOneNamed() {
        String ufw = "Status: active\n\nTo                         Action      From\n--                         ------      ----\n"
                + "22/tcp                     ALLOW       Anywhere\n8000/tcp                   ALLOW       Anywhere\n";
        CheckResult result = run(behindNginx().given(UFW_STATUS, 0, ufw));
        assertEquals(Status.FAIL, result.status());
        assertEquals("ufw is active and no rule allows 80/tcp (nginx's public port; the app's 8000 stays behind it): incoming"
                + " connections are dropped (firewall-allow opens it)", result.summary());
        assertEquals("80", result.fact("port"));
        assertEquals("the port nginx serves the world on", result.fact("portRole"));
    }

    @Test
    void behindNginxTheAppPortOpenToTheWorldIsWarn() {
        CheckResult result = run(behindNginx().givenFixture(UFW_STATUS, "ufw", "active-port-allowed"));
        assertEquals(Status.WARN, result.status(), result.summary());
        assertTrue(result.summary().contains("also the app's own 8000/tcp from anywhere although nginx fronts it"), result.summary());
        assertEquals("8000", result.fact("appPortOpen"));
    }
}
