package dev.triage.checks.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import dev.triage.config.HttpExpectation;
import dev.triage.config.HttpRequestSpec;
import dev.triage.config.Secret;
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

    // ---- document 002: POST /api/session/start → 201 Created -------------------------------------------

    static final String TOKEN = "PLANTEDsessionToken0123456789";
    static final String BODY = "{\"userId\":\"triage-probe\",\"secret\":\"PLANTEDbodyValue42\"}";

    private static HttpExpectation sessionStart(int expect) {
        return new HttpExpectation("/api/session/start", expect, new HttpRequestSpec("POST",
                java.util.Map.of("Authorization", Secret.of("Bearer " + TOKEN, "targets[0].http[0].headers.Authorization")),
                Secret.of(BODY, "targets[0].http[0].body")));
    }

    private static String shown(CheckResult r) {
        return r.checkId() + "\n" + r.summary() + "\n" + r.evidence() + "\n" + r.facts() + "\n" + r;
    }

    @Test
    void aPostThatAnswers201AsExpectedPassesAndSendsTheConfiguredHeadersAndBody() throws Exception {
        server.enqueue(new MockResponse.Builder().status("HTTP/1.1 201 Created").body("{\"sessionId\":\"s-1\"}").build());
        CheckResult r = new HttpCheck(prober, sessionStart(201)).run(target());
        assertEquals("http POST /api/session/start", r.checkId());
        assertEquals(Status.OK, r.status(), r.summary());
        assertTrue(r.summary().startsWith("201 Created in "), r.summary());
        assertTrue(r.evidence().contains("sent header Authorization (values not shown); body " + BODY.length() + " bytes"), r.evidence()::toString);
        var request = server.takeRequest();
        assertEquals("POST", request.getMethod());
        assertEquals("/api/session/start", request.getUrl().encodedPath());
        assertEquals("Bearer " + TOKEN, request.getHeaders().get("Authorization"));
        assertTrue(request.getHeaders().get("Content-Type").startsWith("application/json"), request.getHeaders()::toString);
        assertEquals(BODY, request.getBody().utf8());
        assertFalse(shown(r).contains(TOKEN), "the header's value leaked");
        assertFalse(shown(r).contains("PLANTEDbodyValue42"), "the body leaked");
    }

    @Test
    void aPostThatAnswers500FailsNamingWhatItGotAndWhatWasExpected() {
        server.enqueue(new MockResponse.Builder().status("HTTP/1.1 500 Internal Server Error").body("{\"error\":\"db down\"}").build());
        CheckResult r = new HttpCheck(prober, sessionStart(201)).run(target());
        assertEquals(Status.FAIL, r.status());
        assertEquals("POST http://127.0.0.1:" + server.getPort() + "/api/session/start → 500 Internal Server Error, expected 201", r.summary());
        assertEquals("500", r.fact("http.status"));
        assertFalse(shown(r).contains(TOKEN), "the header's value leaked");
    }

    @Test
    void aConfiguredContentTypeIsKeptAndMethodsWithoutABodySendNone() throws Exception {
        server.enqueue(new MockResponse.Builder().code(204).build());
        server.enqueue(new MockResponse.Builder().code(200).build());
        HttpExpectation form = new HttpExpectation("/api/form", 204, new HttpRequestSpec("PUT",
                java.util.Map.of("Content-Type", Secret.of("application/x-www-form-urlencoded", "p")), Secret.of("a=1", "b")));
        assertEquals(Status.OK, new HttpCheck(prober, form).run(target()).status());
        var put = server.takeRequest();
        assertEquals("application/x-www-form-urlencoded", put.getHeaders().get("Content-Type"));
        assertEquals("a=1", put.getBody().utf8());
        CheckResult head = new HttpCheck(prober, new HttpExpectation("/docs", 200, new HttpRequestSpec("HEAD", null, null))).run(target());
        assertEquals(Status.OK, head.status(), head.summary());
        assertEquals("HEAD", server.takeRequest().getMethod());
    }
}
