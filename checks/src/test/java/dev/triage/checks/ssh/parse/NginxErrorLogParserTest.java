package dev.triage.checks.ssh.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class NginxErrorLogParserTest {

    @Test
    void refusedAndTimedOutUpstreamsAreRecognisedWithTheirUpstreamUrl() {
        List<UpstreamError> errors = NginxErrorLogParser.parse(
                Fixtures.read("nginx-error-log", "upstream-refused-and-timed-out"));
        assertEquals(3, errors.size());
        assertEquals(UpstreamError.Kind.REFUSED, errors.get(0).kind());
        assertEquals("http://127.0.0.1:8000/health", errors.get(0).upstream());
        assertEquals("2026/11/22 04:13:41", errors.get(0).time());
        assertEquals(UpstreamError.Kind.TIMED_OUT, errors.get(2).kind());
    }

    @Test
    void noLiveUpstreamsIsRecognisedAndUnrelatedLinesAreIgnored() {
        List<UpstreamError> errors = NginxErrorLogParser.parse("""
                2024/03/04 09:20:11 [error] 812#812: *40 no live upstreams while connecting to upstream, client: 1.2.3.4, server: api.example.com, request: "GET /health HTTP/1.1", upstream: "http://backend/health", host: "api.example.com"
                2024/03/04 09:20:12 [error] 812#812: *41 open() "/usr/share/nginx/html/favicon.ico" failed (2: No such file or directory), client: 1.2.3.4
                2024/03/04 09:20:13 [notice] 811#811: signal process started
                """);
        assertEquals(1, errors.size());
        assertEquals(UpstreamError.Kind.NO_LIVE_UPSTREAMS, errors.get(0).kind());
        assertTrue(errors.get(0).line().startsWith("2024/03/04 09:20:11"));
    }
}
