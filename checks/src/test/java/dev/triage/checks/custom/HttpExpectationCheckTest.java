package dev.triage.checks.custom;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import dev.triage.checks.http.HttpProber;
import dev.triage.config.HttpCheckSettings;
import dev.triage.config.JsonExpectation;
import dev.triage.config.Target;
import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A team's {@code http} check against a real local HTTP server. */
class HttpExpectationCheckTest {
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

    private CheckResult run() {
        var settings = new HttpCheckSettings("ready", "/ready", 200, Map.of("Content-Type", Pattern.compile("json")),
                List.of(JsonExpectation.parse("$.db == \"ok\""), JsonExpectation.parse("$.queue.depth < 100"),
                        JsonExpectation.parse("$.workers[1].alive == true")), "checks[0]");
        Target target = Target.http("prod", URI.create("http://127.0.0.1:" + server.getPort()));
        return new HttpExpectationCheck(settings, prober).run(target);
    }

    private void answer(int code, String contentType, String body) {
        server.enqueue(new MockResponse.Builder().code(code).addHeader("Content-Type", contentType).body(body).build());
    }

    @Test
    void everyExpectationMetIsOkAndListedAsEvidence() {
        answer(200, "application/json", "{\"db\":\"ok\",\"queue\":{\"depth\":7},\"workers\":[{\"alive\":true},{\"alive\":true}]}");
        CheckResult r = run();
        assertEquals(Status.OK, r.status(), r.summary());
        assertEquals("GET http://127.0.0.1:" + server.getPort() + "/ready → 200 OK; all 5 expectations met", r.summary());
        assertEquals(List.of("✓ status 200 OK", "✓ header Content-Type is \"application/json\"", "✓ $.db is \"ok\"",
                "✓ $.queue.depth is 7", "✓ $.workers[1].alive is true"), r.evidence());
    }

    @Test
    void aJsonFieldWithTheWrongValueFailsNamingTheFieldAndWhatWasExpected() {
        answer(200, "application/json", "{\"db\":\"down\",\"queue\":{\"depth\":250},\"workers\":[{\"alive\":true}]}");
        CheckResult r = run();
        assertEquals(Status.FAIL, r.status());
        assertEquals("GET http://127.0.0.1:" + server.getPort() + "/ready → 200 OK but $.db is \"down\", expected == \"ok\""
                + " (and 2 more unmet)", r.summary());
        assertEquals(List.of("✓ status 200 OK", "✓ header Content-Type is \"application/json\"",
                "✗ $.db is \"down\", expected == \"ok\"", "✗ $.queue.depth is 250, expected < 100",
                "✗ $.workers[1].alive is missing, expected == true"), r.evidence());
    }

    @Test
    void aHeaderNotMatchingFailsAndABodyThatIsNotJsonFailsEveryJsonExpectation() {
        answer(200, "text/html", "<html>maintenance</html>");
        CheckResult r = run();
        assertEquals(Status.FAIL, r.status());
        assertEquals("GET http://127.0.0.1:" + server.getPort() + "/ready → 200 OK but header Content-Type is \"text/html\","
                + " expected /json/ (and 3 more unmet)", r.summary());
        assertEquals("✗ $.db == \"ok\": the body is not JSON", r.evidence().get(2));
    }

    @Test
    void anUnexpectedStatusFailsWithItsMeaning() {
        answer(503, "application/json", "{\"db\":\"ok\",\"queue\":{\"depth\":1},\"workers\":[{},{\"alive\":true}]}");
        CheckResult r = run();
        assertEquals(Status.FAIL, r.status());
        assertEquals("GET http://127.0.0.1:" + server.getPort() + "/ready → 503 Server Error, expected 200"
                + " (upstream unavailable: service down, starting or overloaded)", r.summary());
    }
}
