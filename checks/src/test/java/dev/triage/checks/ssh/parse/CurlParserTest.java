package dev.triage.checks.ssh.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CurlParserTest {

    @Test
    void exitSevenIsConnectionRefused() {
        CurlOutcome outcome = CurlParser.parse(7, Fixtures.read("curl", "connection-refused"));
        assertEquals(CurlOutcome.Kind.CONNECTION_REFUSED, outcome.kind());
        assertTrue(outcome.message().startsWith("curl: (7) Failed to connect to localhost port 8000"));
    }

    @Test
    void exitTwentyTwoCarriesTheHttpStatus() {
        assertEquals(500, CurlParser.parse(22, Fixtures.read("curl", "http-500")).httpStatus());
        assertEquals(404, CurlParser.parse(22, Fixtures.read("curl", "http-404")).httpStatus());
    }

    @Test
    void exitTwentyEightIsTimedOutAndZeroIsOk() {
        assertEquals(CurlOutcome.Kind.TIMED_OUT, CurlParser.parse(28, Fixtures.read("curl", "timeout")).kind());
        assertEquals(CurlOutcome.Kind.OK, CurlParser.parse(0, "").kind());
    }
}
