package dev.triage.bot.diagnose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.triage.adapters.Message;
import dev.triage.bot.status.CheckCatalog;
import dev.triage.checks.CheckRunner;
import dev.triage.checks.http.HttpProber;
import dev.triage.checks.ssh.CommandTemplates;
import dev.triage.checks.ssh.SshExecutor;
import dev.triage.checks.net.LocalListeners;
import dev.triage.config.Target;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Targets without SSH: the verdict comes from what the bot sees from outside, and says what it skipped. */
class DiagnosisFromOutsideTest {
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final SshExecutor ssh = SshExecutor.withDefaults();
    private final DiagnoseService service = new DiagnoseService(new CheckCatalog(new HttpProber(), ssh, new CommandTemplates()),
            new CheckRunner(workers, InstantSource.system()), dev.triage.bot.runbook.RunbookLibrary.shipped(), InstantSource.system());
    private final MockWebServer server = new MockWebServer();

    @AfterEach
    void tearDown() {
        ssh.close();
        server.close();
        workers.shutdownNow();
    }

    private static Target target(int port, Duration timeout) {
        return new Target("web", URI.create("http://127.0.0.1:" + port), null, null, null, timeout, Duration.ofMillis(200),
                null, null, null, null, null);
    }

    private Target served(MockResponse response) throws Exception {
        server.enqueue(response);
        server.start(InetAddress.getLoopbackAddress(), 0);
        return target(server.getPort(), Duration.ofSeconds(2));
    }

    @Test
    void aRefusedPortIsTheServiceDownAndTheSkippedHostChecksAreNamed() throws Exception {
        Diagnosis d = service.diagnose(target(LocalListeners.closedPort(), Duration.ofSeconds(2)), r -> { });
        assertTrue(d.verdict().cause().startsWith("nothing accepts connections on 127.0.0.1:"), d.verdict().cause());
        assertEquals("restart-service", d.verdict().fix().actionId());
        Message m = new DiagnosisRenderer().verdict(d, id -> false);
        String notChecked = m.fields().stream().filter(f -> f.name().equals("Not checked")).findFirst().orElseThrow().value();
        assertTrue(notChecked.startsWith("systemd-unit, journal, port-binding"), notChecked);
        assertTrue(notChecked.contains("web has no ssh settings"), notChecked);
        assertTrue(m.buttons().stream().noneMatch(b -> b.id().startsWith("request:")), "no button for an action the target lacks");
    }

    @Test
    void droppedPacketsPointAtTheSecurityGroup() throws Exception {
        try (LocalListeners.Dropping dropping = new LocalListeners.Dropping()) {
            Diagnosis d = service.diagnose(target(dropping.port(), Duration.ofMillis(300)), r -> { });
            assertTrue(d.verdict().cause().contains("packets are dropped by a security group or firewall"), d.verdict().cause());
            assertEquals("document 000, step 1; cause 1, 90 % of cases", d.verdict().reference());
        }
    }

    @Test
    void a503WithABodyIsAServiceReportingItselfUnavailable() throws Exception {
        Diagnosis d = service.diagnose(served(new MockResponse.Builder().code(503).body("{\"status\":\"error\",\"db\":\"down\"}").build()),
                r -> { });
        assertEquals("the service answers but reports itself unavailable", d.verdict().cause());
        assertTrue(d.verdict().evidence().stream().anyMatch(e -> e.text().startsWith("body: status=error")), d.verdict()::toString);
    }

    @Test
    void a502IsTheProxysUpstream() throws Exception {
        Diagnosis d = service.diagnose(served(new MockResponse.Builder().code(502).build()), r -> { });
        assertEquals("the proxy answers but the service behind it doesn't", d.verdict().cause());
    }

    @Test
    void aSilentServerIsHungOrOverloaded() throws Exception {
        try (LocalListeners.Silent silent = new LocalListeners.Silent()) {
            Diagnosis d = service.diagnose(target(silent.port(), Duration.ofMillis(300)), r -> { });
            assertEquals("it accepts connections but doesn't answer in time: hung or overloaded", d.verdict().cause());
        }
    }

    @Test
    void aSlowAnswerIsSlowNotDown() throws Exception {
        Diagnosis d = service.diagnose(served(new MockResponse.Builder().code(200).body("{\"status\":\"ok\"}")
                .headersDelay(400, TimeUnit.MILLISECONDS).build()), r -> { });
        assertEquals("it answers, but slowly", d.verdict().cause());
    }

    @Test
    void progressIsReportedForEveryCheck() throws Exception {
        var seen = new java.util.concurrent.atomic.AtomicInteger();
        Target t = target(LocalListeners.closedPort(), Duration.ofSeconds(1));
        Diagnosis d = service.diagnose(t, r -> seen.incrementAndGet());
        assertEquals(service.checkCount(t), seen.get());
        assertEquals(d.results().size(), seen.get());
    }
}
