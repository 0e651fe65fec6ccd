package dev.triage.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the {@code http} check sends — method, headers, body — read from {@code targets[].http}, every mistake named by its place. */
class HttpRequestConfigTest {
    static final String TOKEN = "PLANTEDapiToken0123456789abc";

    private final List<String> told = new ArrayList<>();

    private TriageConfig parse(String yaml, Map<String, String> env) throws ConfigException {
        return new ConfigLoader(env, Set.of("http-health", "http")).tellingSecretsTo(told::add).parse(yaml, Path.of("."));
    }

    private List<String> problems(String yaml, Map<String, String> env) {
        ConfigException e = assertThrows(ConfigException.class, () -> parse(yaml, env));
        return e.problems().stream().map(Problem::toString).toList();
    }

    private static String target(String http) {
        return """
                targets:
                  - name: bemore
                    base_url: https://bemorebackend.onrender.com
                    http:
                """ + http.indent(6);
    }

    @Test
    void aPostWithHeadersFromTheEnvironmentAndABodyIsReadForTheHttpCheck() throws Exception {
        TriageConfig c = parse(target("""
                - url: /docs
                - url: /api/session/start
                  method: post
                  headers: {Authorization: "Bearer ${API_TOKEN}", X-Client: triage}
                  body: '{"userId": "triage-probe"}'
                  expect: 201
                """), Map.of("API_TOKEN", TOKEN));
        List<HttpExpectation> http = c.targets().get(0).http();
        assertEquals(HttpRequestSpec.GET, http.get(0).request());
        HttpExpectation post = http.get(1);
        assertEquals("POST", post.method(), "methods are read in any case");
        assertEquals(201, post.expectStatus());
        assertEquals("POST /api/session/start", post.label());
        assertEquals("Bearer " + TOKEN, post.request().headers().get("Authorization").reveal());
        assertEquals("targets[0].http[1].headers.Authorization", post.request().headers().get("Authorization").origin());
        assertEquals("{\"userId\": \"triage-probe\"}", post.request().body().reveal());
        assertFalse(c.targets().toString().contains(TOKEN), "a header's value is never in the record's text: " + c.targets());
        assertTrue(told.contains(TOKEN), "the redaction filter learns a value that came from the environment");
        assertFalse(told.contains("triage"), "a plain header value is not redacted everywhere");
    }

    @Test
    void aBadMethodStatusHeaderNameAndABodyOnAGetAreEachNamedByTheirPlace() {
        List<String> p = problems(target("""
                - {url: /a, method: FETCH}
                - {url: /b, expect: 600}
                - {url: /c, headers: {"X Token": abc}}
                - {url: /d, body: '{"a": 1}'}
                - {url: /e, method: HEAD, body: x}
                - {url: /f, headers: [Authorization]}
                - {url: /g, body: {a: 1}, method: POST}
                - {url: /h, method: GTE}
                """), Map.of());
        assertTrue(p.stream().anyMatch(x -> x.startsWith("targets[0].http[0].method: must be one of GET, HEAD, POST, PUT, PATCH, DELETE,"
                + " OPTIONS (got FETCH)")), p::toString);
        assertTrue(p.contains("targets[0].http[1].expect: must be an HTTP status 100..599 (got 600)"), p::toString);
        assertTrue(p.contains("targets[0].http[2].headers.X Token: not a header name: letters, digits and !#$%&'*+-.^_`|~ only (got X Token)"),
                p::toString);
        assertTrue(p.contains("targets[0].http[3].body: a GET request sends no body: set method to POST, PUT or PATCH, or remove body"),
                p::toString);
        assertTrue(p.contains("targets[0].http[4].body: a HEAD request sends no body: set method to POST, PUT or PATCH, or remove body"),
                p::toString);
        assertTrue(p.contains("targets[0].http[5].headers: must map header names to values, e.g. {Authorization: \"Bearer ${API_TOKEN}\"}"
                + " (got a list)"), p::toString);
        assertTrue(p.stream().anyMatch(x -> x.startsWith("targets[0].http[6].body: must be the request body as text")), p::toString);
        assertTrue(p.stream().anyMatch(x -> x.startsWith("targets[0].http[7].method: must be one of") && x.contains("did you mean GET?")),
                p::toString);
        assertEquals(8, p.size(), p::toString);
    }

    @Test
    void aHeaderValueWithALineBreakIsRefusedWithoutShowingIt() {
        String injected = "Bearer " + TOKEN + "\r\nX-Admin: yes";
        List<String> p = problems(target("""
                - {url: /api/session/start, method: POST, headers: {Authorization: "${API_TOKEN}"}, expect: 201}
                """), Map.of("API_TOKEN", injected));
        assertEquals(List.of("targets[0].http[0].headers.Authorization: must not hold a line break (CR or LF): it would end the header"
                + " (it comes from ${API_TOKEN}); the value is not shown"), p);
        assertFalse(p.toString().contains(TOKEN));
    }

    @Test
    void aHeaderValueWithAControlOrNonAsciiCharacterIsRefusedWithoutShowingIt() {
        List<String> p = problems(target("""
                - {url: /s, headers: {X-Api-Key: "${API_TOKEN}"}}
                """), Map.of("API_TOKEN", TOKEN + "\u00e9"));
        assertEquals(List.of("targets[0].http[0].headers.X-Api-Key: must be printable ASCII: a control or non-ASCII character can't be sent"
                + " in a header (it comes from ${API_TOKEN}); the value is not shown"), p);
    }

    @Test
    void anUnsetVariableInAHeaderOrBodyNamesTheVariable() {
        List<String> p = problems(target("""
                - {url: /s, method: POST, headers: {Authorization: "Bearer ${API_TOKEN}"}, body: '{"key": "${PROBE_KEY}"}'}
                """), Map.of());
        assertEquals(List.of(
                "targets[0].http[0].headers.Authorization: environment variable API_TOKEN is not set (set it, or write ${API_TOKEN:-default})",
                "targets[0].http[0].body: environment variable PROBE_KEY is not set (set it, or write ${PROBE_KEY:-default})"), p);
    }

    @Test
    void twoEntriesForTheSameRequestAreOneTooMany() {
        List<String> p = problems(target("""
                - {url: /api/session/start, method: POST, expect: 201}
                - {url: /api/session/start, method: POST, expect: 200}
                - {url: /api/session/start}
                """), Map.of());
        assertEquals(List.of("targets[0].http[1]: the same request as targets[0].http[0] (POST /api/session/start): each entry needs its"
                + " own url or method"), p);
    }

    @Test
    void aRequestSpecRefusesWhatTheParserRefuses() {
        assertThrows(IllegalArgumentException.class, () -> new HttpRequestSpec("GET", null, Secret.of("x", "b")));
        assertThrows(IllegalArgumentException.class, () -> new HttpRequestSpec("TRACE", null, null));
        assertThrows(IllegalArgumentException.class, () -> new HttpRequestSpec("POST", Map.of("A", Secret.of("x\ny", "h")), null));
        assertNull(new HttpExpectation("/x", 200).request().body());
    }
}
