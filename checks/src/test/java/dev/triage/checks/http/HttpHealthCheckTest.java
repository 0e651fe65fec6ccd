package dev.triage.checks.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import dev.triage.checks.net.LocalListeners;
import dev.triage.config.Target;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpHealthCheckTest {
    private final MockWebServer server = new MockWebServer();
    private final HttpHealthCheck check = new HttpHealthCheck(new HttpProber());

    @BeforeEach
    void start() throws Exception {
        server.start(InetAddress.getLoopbackAddress(), 0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Target target(Duration latencyWarn) {
        return new Target("prod", URI.create("http://127.0.0.1:" + server.getPort()), null, null, "/health",
                Duration.ofSeconds(2), latencyWarn, null, null, null, null, null);
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
    }

    @Test
    void aHealthyAnswerIsOkAndRecordsVersionAndUptime() throws Exception {
        server.enqueue(json(200, "{\"status\":\"healthy\",\"version\":\"1.0.0\",\"uptime\":3600}"));
        CheckResult r = check.run(target(Duration.ofSeconds(1)));
        assertEquals(Status.OK, r.status(), r.summary());
        assertEquals("1.0.0", r.fact("version"));
        assertEquals("3600", r.fact("uptime"));
        assertTrue(r.summary().startsWith("GET http://127.0.0.1:" + server.getPort() + "/health → 200 OK in "), r.summary());
        assertEquals("/health", server.takeRequest(1, TimeUnit.SECONDS).getUrl().encodedPath());
    }

    @Test
    void a503IsAFailNamedAsUpstreamUnavailable() {
        server.enqueue(json(503, "{\"status\":\"error\"}"));
        CheckResult r = check.run(target(Duration.ofSeconds(1)));
        assertEquals(Status.FAIL, r.status());
        assertTrue(r.summary().endsWith("→ 503 Server Error (upstream unavailable: service down, starting or overloaded)")
                || r.summary().endsWith("→ 503 Service Unavailable (upstream unavailable: service down, starting or overloaded)"), r.summary());
        assertEquals("503", r.fact("http.status"));
    }

    @Test
    void a502IsNamedAsAProxyWhoseUpstreamIsDown() {
        server.enqueue(new MockResponse.Builder().code(502).body("<html>502 Bad Gateway</html>").build());
        CheckResult r = check.run(target(Duration.ofSeconds(1)));
        assertEquals(Status.FAIL, r.status());
        assertTrue(r.summary().contains("(proxy: upstream down or refusing connections)"), r.summary());
        assertTrue(r.evidence().contains("body is not JSON: <html>502 Bad Gateway</html>"), r.evidence()::toString);
    }

    @Test
    void a200WhoseBodySaysUnhealthyIsAFail() {
        server.enqueue(json(200, "{\"status\":\"degraded\",\"db\":\"down\"}"));
        CheckResult r = check.run(target(Duration.ofSeconds(1)));
        assertEquals(Status.FAIL, r.status());
        assertTrue(r.summary().endsWith("but status is \"degraded\""), r.summary());
    }

    @Test
    void aSlowButHealthyAnswerIsAWarning() {
        server.enqueue(new MockResponse.Builder(json(200, "{\"status\":\"ok\"}")).headersDelay(300, TimeUnit.MILLISECONDS).build());
        CheckResult r = check.run(target(Duration.ofMillis(50)));
        assertEquals(Status.WARN, r.status(), r.summary());
        assertTrue(r.summary().contains("but slow:"), r.summary());
        assertTrue(r.summary().contains("(threshold 50 ms)"), r.summary());
    }

    @Test
    void aClosedPortIsAFailNamedAsRefused() throws Exception {
        int port = LocalListeners.closedPort();
        Target t = Target.http("prod", URI.create("http://127.0.0.1:" + port));
        CheckResult r = check.run(t);
        assertEquals(Status.FAIL, r.status());
        assertEquals("GET http://127.0.0.1:" + port + "/health → connection refused", r.summary());
    }

    @Test
    void aServerThatAcceptsAndNeverAnswersIsAFailNamedAsNoResponse() throws Exception {
        try (LocalListeners.Silent silent = new LocalListeners.Silent()) {
            Target t = new Target("prod", URI.create("http://127.0.0.1:" + silent.port()), null, null, null,
                    Duration.ofMillis(300), null, null, null, null, null, null);
            CheckResult r = check.run(t);
            assertEquals(Status.FAIL, r.status());
            assertEquals("GET http://127.0.0.1:" + silent.port() + "/health → no response", r.summary());
            assertTrue(r.evidence().get(0).contains("no answer within 300 ms"), r.evidence()::toString);
        }
    }

    @Test
    void droppedConnectPacketsAreAConnectTimeoutCutByTheCallsDeadline() throws Exception {
        try (LocalListeners.Dropping dropping = new LocalListeners.Dropping()) {
            Target t = new Target("prod", URI.create("http://127.0.0.1:" + dropping.port()), null, null, "/health",
                    Duration.ofMillis(300), Duration.ofSeconds(1), null, null, null, null, null);
            long start = System.nanoTime();
            CheckResult r = check.run(t);
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(Status.FAIL, r.status(), r.summary());
            assertEquals("CONNECT_TIMEOUT", r.fact("failure"), r.summary());
            assertEquals("GET http://127.0.0.1:" + dropping.port() + "/health → connect timed out", r.summary());
            assertTrue(tookMs >= 300, "not cut before its deadline: " + tookMs + " ms");
        }
    }

    @Test
    void aTargetWithoutBaseUrlIsSkipped() {
        Target t = new Target("ssh-only", null, "127.0.0.1", 22, null, null, null, null, null, null, null, null);
        assertEquals(Status.SKIPPED, check.run(t).status());
    }

    @Test
    void everyProbeUsesAFreshConnection() {
        server.enqueue(json(200, "{\"status\":\"ok\"}"));
        server.enqueue(json(200, "{\"status\":\"ok\"}"));
        check.run(target(Duration.ofSeconds(1)));
        check.run(target(Duration.ofSeconds(1)));
        // A pooled keep-alive connection would hide a closed listen socket; the second request must
        // arrive on a new connection (sequence number restarts at 0 for each connection).
        try {
            assertEquals(0, server.takeRequest(1, TimeUnit.SECONDS).getExchangeIndex());
            assertEquals(0, server.takeRequest(1, TimeUnit.SECONDS).getExchangeIndex());
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void urlsAreShownWithoutCredentialsOrQuery() {
        assertEquals("https://api.example.com:8443/health?…",
                HttpProber.redact(URI.create("https://user:secret@api.example.com:8443/health?token=abc")));
    }

    @Test
    void theHealthDocumentIsReadFieldByFieldAsTheTreeReaderDid() {
        // Scalars as their text, whatever their type; containers and nulls as absent; the last of a repeated key.
        assertEquals(new HttpHealthCheck.HealthDocument("ok", "2", "true"),
                HttpHealthCheck.HealthDocument.parse("{\"status\":\"ok\",\"version\":2,\"uptime\":true}"));
        assertEquals(new HttpHealthCheck.HealthDocument("degraded", null, null), HttpHealthCheck.HealthDocument.parse(
                "{\"checks\":{\"db\":{\"status\":\"down\"}},\"version\":null,\"uptime\":[1,2],\"status\":\"ok\",\"status\":\"degraded\"}"));
        assertEquals(new HttpHealthCheck.HealthDocument(null, null, null), HttpHealthCheck.HealthDocument.parse("  {}"));
        // Not a JSON object: no document, so the check says the body is not JSON.
        for (String notAnObject : new String[] {"", "   ", "[\"ok\"]", "ok", "{\"status\":", "{\"status\" \"ok\"}", "{\"a\":1,}"}) {
            assertEquals(null, HttpHealthCheck.HealthDocument.parse(notAnObject), notAnObject);
        }
        // What follows the object is not read, as before.
        assertEquals(new HttpHealthCheck.HealthDocument("ok", null, null), HttpHealthCheck.HealthDocument.parse("{\"status\":\"ok\"} trailing"));
    }

    @Test
    void aBodyThatIsNotJsonIsShownAndAnUnhealthyFieldAfterANestedOneIsStillSeen() {
        server.enqueue(json(200, "<html>It works!</html>"));
        CheckResult r = check.run(target(Duration.ofSeconds(1)));
        assertEquals(Status.OK, r.status(), r.summary());
        assertTrue(r.evidence().contains("body is not JSON: <html>It works!</html>"), r.evidence().toString());

        server.enqueue(json(200, "{\"checks\":{\"status\":\"ok\"},\"status\":\"down\"}"));
        CheckResult down = check.run(target(Duration.ofSeconds(1)));
        assertEquals(Status.FAIL, down.status(), down.summary());
        assertTrue(down.summary().endsWith("but status is \"down\""), down.summary());
    }

    @Test
    void aProbeConnectsDirectlyWhateverProxyTheJvmIsToldToUse() throws Exception {
        // A proxy's answer is not the target's: with a SOCKS and an HTTP proxy set on a port where nothing listens, the
        // probe still reaches the server itself.
        int nothing = LocalListeners.closedPort();
        String[] keys = {"socksProxyHost", "socksProxyPort", "http.proxyHost", "http.proxyPort", "http.nonProxyHosts"};
        String[] before = new String[keys.length];
        for (int i = 0; i < keys.length; i++) {
            before[i] = System.getProperty(keys[i]);
        }
        try {
            System.setProperty("socksProxyHost", "127.0.0.1");
            System.setProperty("socksProxyPort", Integer.toString(nothing));
            System.setProperty("http.proxyHost", "127.0.0.1");
            System.setProperty("http.proxyPort", Integer.toString(nothing));
            System.setProperty("http.nonProxyHosts", "");
            server.enqueue(json(200, "{\"status\":\"ok\"}"));
            CheckResult r = new HttpHealthCheck(new HttpProber()).run(target(Duration.ofSeconds(1)));
            assertEquals(Status.OK, r.status(), r.summary());
            assertEquals("/health", server.takeRequest(1, TimeUnit.SECONDS).getUrl().encodedPath());
        } finally {
            for (int i = 0; i < keys.length; i++) {
                if (before[i] == null) {
                    System.clearProperty(keys[i]);
                } else {
                    System.setProperty(keys[i], before[i]);
                }
            }
        }
    }
}
