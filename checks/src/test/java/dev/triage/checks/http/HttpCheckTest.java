package dev.triage.checks.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import dev.triage.config.HttpExpectation;
import dev.triage.config.Target;
import java.net.InetAddress;
import java.net.URI;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpCheckTest {
    private final MockWebServer server = new MockWebServer();
    private final HttpProber prober = new HttpProber();

    @BeforeEach
    void start() throws Exception {
        server.start(InetAddress.getLoopbackAddress(), 0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Target target() {
        return Target.http("prod", URI.create("http://127.0.0.1:" + server.getPort()));
    }

    @Test
    void theExpectedStatusIsOkAndTheIdNamesThePath() {
        server.enqueue(new MockResponse.Builder().code(200).body("<title>docs</title>").build());
        HttpCheck check = new HttpCheck(prober, new HttpExpectation("/docs", 200));
        CheckResult r = check.run(target());
        assertEquals("http /docs", r.checkId());
        assertEquals(Status.OK, r.status(), r.summary());
    }

    @Test
    void aGatewayTimeoutIsNamedAsAProxyError() {
        server.enqueue(new MockResponse.Builder().code(504).build());
        CheckResult r = new HttpCheck(prober, new HttpExpectation("/api/chat", 200)).run(target());
        assertEquals(Status.FAIL, r.status());
        assertTrue(r.summary().contains("504"), r.summary());
        assertTrue(r.summary().endsWith(", expected 200 (proxy: upstream timed out)"), r.summary());
    }

    @Test
    void redirectsAreNotFollowedSoAnExpectedRedirectCanBeChecked() {
        server.enqueue(new MockResponse.Builder().code(301).addHeader("Location", "/docs/").build());
        CheckResult r = new HttpCheck(prober, new HttpExpectation("/docs", 301)).run(target());
        assertEquals(Status.OK, r.status(), r.summary());
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void anAbsoluteUrlIsCheckedAsGiven() {
        server.enqueue(new MockResponse.Builder().code(200).build());
        String url = "http://127.0.0.1:" + server.getPort() + "/ready";
        CheckResult r = new HttpCheck(prober, new HttpExpectation(url, 200)).run(Target.http("other", URI.create("http://127.0.0.1:9")));
        assertEquals(Status.OK, r.status(), r.summary());
    }
}
