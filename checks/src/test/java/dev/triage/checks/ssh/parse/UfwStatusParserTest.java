package dev.triage.checks.ssh.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class UfwStatusParserTest {

    @Test
    void inactiveUfwHasNoRules() {
        UfwStatus status = UfwStatusParser.parse(Fixtures.read("ufw", "inactive"));
        assertFalse(status.active());
        assertEquals("Status: inactive", status.statusLine());
        assertTrue(status.rules().isEmpty());
    }

    @Test
    void portRuleWithProtocolAllowsThePortAndV6CopiesAreMarked() {
        UfwStatus status = UfwStatusParser.parse(Fixtures.read("ufw", "active-port-allowed"));
        assertTrue(status.active());
        assertEquals(6, status.rules().size());
        assertEquals(3, status.rules().stream().filter(UfwRule::v6).count());
        UfwRule rule = status.deciding(8000).orElseThrow();
        assertEquals("8000/tcp", rule.to());
        assertTrue(rule.lets());
        assertTrue(rule.fromAnywhere());
    }

    @Test
    void bareNumberRuleCoversTcp() {
        UfwRule rule = UfwStatusParser.parse(Fixtures.read("ufw", "active-port-bare")).deciding(8000).orElseThrow();
        assertEquals("any", rule.protocol());
        assertTrue(rule.lets());
    }

    @Test
    void applicationProfilesDoNotOpenTheServicePort() {
        UfwStatus status = UfwStatusParser.parse(Fixtures.read("ufw", "active-port-missing"));
        assertTrue(status.deciding(8000).isEmpty());
        assertEquals("Nginx Full", status.deciding(443).orElseThrow().to());
        assertEquals("OpenSSH", status.deciding(22).orElseThrow().to());
    }

    @Test
    void firstMatchingDenyWinsOverALaterRangeAllow() {
        UfwStatus status = UfwStatusParser.parse(Fixtures.read("ufw", "active-range-and-deny"));
        UfwRule deciding = status.deciding(8000).orElseThrow();
        assertEquals("DENY", deciding.action());
        UfwRule range = status.deciding(8005).orElseThrow();
        assertEquals("8000:8010/tcp", range.to());
        assertEquals(new UfwRule.PortRange(8000, 8010), range.ports().get(0));
        assertTrue(status.deciding(9005).isEmpty(), "a udp range does not open tcp");
        assertEquals("100.64.0.0/10", status.deciding(22).orElseThrow().from());
    }

    @Test
    void rangeAllowCoversThePortAndLimitCountsAsAllow() {
        UfwStatus status = UfwStatusParser.parse(Fixtures.read("ufw", "active-range-allowed"));
        assertTrue(status.deciding(8000).orElseThrow().lets());
        assertEquals("LIMIT", status.deciding(22).orElseThrow().action());
        assertTrue(status.deciding(22).orElseThrow().lets());
    }

    @Test
    void outboundRulesAndInterfaceSuffixesAreUnderstood() {
        UfwStatus status = UfwStatusParser.parse("""
                Status: active

                To                         Action      From
                --                         ------      ----
                8000/tcp                   ALLOW OUT   Anywhere
                8000/tcp on eth0           ALLOW IN    Anywhere
                """);
        UfwRule rule = status.deciding(8000).orElseThrow();
        assertEquals("IN", rule.direction());
        assertEquals("8000/tcp", rule.to());
    }

    @Test
    void notRootOutputHasNoStatusLine() {
        assertNull(UfwStatusParser.parse(Fixtures.read("ufw", "not-root")).statusLine());
    }
}
