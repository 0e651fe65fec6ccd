package dev.triage.checks.ssh.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.triage.checks.ssh.parse.NginxConfigParser.Listen;
import dev.triage.checks.ssh.parse.NginxConfigParser.NginxConfig;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NginxConfigParserTest {

    @Test
    void theRealDumpGivesListensLogsAndUpstreamsResolvedThroughTheirBlock() {
        NginxConfig c = NginxConfigParser.parse(Fixtures.read("nginx-T", "custom-listen-upstream"));
        assertTrue(c.dumped());
        assertEquals(List.of(new Listen("127.0.0.1", 18080), new Listen("*", 18443)), c.listens());
        assertEquals(List.of("/tmp/ngx/logs/main-error.log", "/tmp/ngx/logs/site-error.log"), c.errorLogs());
        assertEquals(List.of("127.0.0.1:18000", "127.0.0.1:18001"), c.upstreams());
    }

    @Test
    void aServerWithoutListenIsOnPort80AndNoErrorLogMeansTheDefault() {
        NginxConfig c = NginxConfigParser.parse("""
                # configuration file /etc/nginx/nginx.conf:
                http {
                    server { location / { proxy_pass https://api.internal; } }   # a comment; with { braces }
                    server { listen [::]:8443 ssl; error_log syslog:server=127.0.0.1; }
                }
                """);
        assertEquals(Set.of(8443, 80), c.ports());
        assertEquals(List.of(), c.errorLogs(), "syslog is the only error log: nothing Triage can read");
        assertEquals(List.of("syslog:server=127.0.0.1"), c.unreadable());
        assertEquals(List.of("api.internal:443"), c.upstreams());
    }

    @Test
    void outputWithoutAConfigurationIsNotADump() {
        NginxConfig c = NginxConfigParser.parse("");
        assertFalse(c.dumped());
        assertEquals(List.of(NginxConfigParser.DEFAULT_ERROR_LOG), c.errorLogs());
    }

    @Test
    void listenForms() {
        assertEquals(new Listen("*", 80), NginxConfigParser.listen("80").orElseThrow());
        assertEquals(new Listen("*", 8080), NginxConfigParser.listen("*:8080").orElseThrow());
        assertEquals(new Listen("[::1]", 443), NginxConfigParser.listen("[::1]:443").orElseThrow());
        assertEquals(new Listen("localhost", 80), NginxConfigParser.listen("localhost").orElseThrow());
        assertTrue(NginxConfigParser.listen("unix:/run/app.sock").isEmpty());
    }
}
