package dev.triage.bot.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.triage.bot.status.CheckCatalog;
import dev.triage.checks.CheckResult;
import dev.triage.checks.CheckRunner;
import dev.triage.checks.Status;
import dev.triage.checks.http.HttpProber;
import dev.triage.config.Target;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CheckProbeRunnerTest {
    private static final Instant AT = Instant.parse("2025-03-04T03:12:00Z");
    private final AtomicInteger status = new AtomicInteger(200);
    private HttpServer server;
    private ExecutorService executor;
    private CheckProbeRunner runner;
    private Target target;

    @BeforeEach
    void startBackend() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/health", exchange -> {
            byte[] body = (status.get() == 200 ? "{\"status\":\"ok\",\"version\":\"1.4.2\"}" : "{\"status\":\"down\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status.get(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        executor = Executors.newVirtualThreadPerTaskExecutor();
        runner = new CheckProbeRunner(new CheckCatalog(new HttpProber()), new CheckRunner(executor, InstantSource.system()),
                InstantSource.system());
        target = Target.http("prod", URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
    }

    @AfterEach
    void stopBackend() {
        server.stop(0);
        executor.shutdownNow();
    }

    @Test
    void aHealthyEndpointIsASuccessfulProbeWithItsLatency() {
        ProbeResult r = runner.probe(target, List.of("http-health"));
        assertTrue(r.ok(), r.toString());
        assertNull(r.failingCheck());
        assertTrue(r.summary().contains("200"), r.summary());
        assertFalse(r.latency().isZero());
    }

    @Test
    void anEndpointAnswering503IsAFailedProbeNamingTheCheckAndStatus() {
        status.set(503);
        ProbeResult r = runner.probe(target, List.of("http-health", "tcp-connect"));
        assertFalse(r.ok());
        assertEquals("http-health", r.failingCheck());
        assertTrue(r.headline().startsWith("http-health → 503"), r.headline());
    }

    @Test
    void aStoppedBackendIsAFailedProbe() {
        server.stop(0);
        ProbeResult r = runner.probe(target, List.of("http-health"));
        assertFalse(r.ok());
        assertEquals("http-health", r.failingCheck());
    }

    @Test
    void aSlowButHealthyAnswerCountsAsUp() {
        ProbeResult r = CheckProbeRunner.fold("prod", AT, List.of(
                result("http-health", Status.WARN, 1400), result("tcp-connect", Status.OK, 3)));
        assertTrue(r.ok());
        assertEquals(Duration.ofMillis(1400), r.latency());
    }

    @Test
    void aFailureIsReportedBeforeACheckThatCouldNotRun() {
        ProbeResult r = CheckProbeRunner.fold("prod", AT, List.of(
                result("tcp-connect", Status.ERROR, 5), result("http-health", Status.FAIL, 9)));
        assertEquals("http-health", r.failingCheck());
    }

    @Test
    void aProbeWhoseChecksWereAllSkippedFailsBecauseNothingWasSeen() {
        ProbeResult r = CheckProbeRunner.fold("prod", AT, List.of(CheckResult.skipped("http-health", "no base_url configured")));
        assertFalse(r.ok());
        assertEquals("no base_url configured", r.summary());
    }

    private static CheckResult result(String id, Status status, long ms) {
        return CheckResult.of(id, status, id + " " + status, List.of()).withDuration(Duration.ofMillis(ms));
    }
}
