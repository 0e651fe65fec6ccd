package dev.triage.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code checks:} a team writes without code: read, usable by name, and every mistake reported at once. */
class CustomChecksConfigTest {
    private static final Set<String> BUILT_IN = Set.of("http-health", "tcp-connect", "http", "journal");

    @TempDir
    Path dir;

    private TriageConfig parse(String yaml) throws ConfigException {
        return new ConfigLoader(Map.of(), BUILT_IN).parse(yaml, dir);
    }

    @Test
    void commandAndHttpChecksAreReadAndUsableByNameInTargetsProbesAndRunbooks() throws Exception {
        TriageConfig c = parse("""
                checks:
                  - name: queue-depth
                    type: command
                    run: "queuectl depth {unit} --port {port}"
                    expect_exit: 0
                    ok_if: "^depth: \\\\d+$"
                    warn_if: "^depth: [1-9]\\\\d{2}$"
                    fail_if: "error:"
                    timeout: 10s
                  - name: ready
                    type: http
                    url: /ready
                    headers: {Content-Type: json}
                    json: ['$.db == "ok"', '$.queue.depth < 100']
                targets:
                  - name: prod
                    base_url: https://api.example.com
                    checks: [http-health, ready, queue-depth]
                    probe: {checks: [ready]}
                runbooks:
                  - name: team
                    checks: [ready]
                    steps:
                      - {id: depth, check: queue-depth, cause: the queue backs up}
                """);
        assertEquals(List.of("http-health", "ready", "queue-depth"), c.targets().get(0).statusChecks());
        CommandCheckSettings cmd = assertInstanceOf(CommandCheckSettings.class, c.checks().get(0));
        assertEquals("queuectl depth {unit} --port {port}", cmd.run());
        assertEquals(Duration.ofSeconds(10), cmd.timeout());
        assertEquals("checks[0]", cmd.place());
        HttpCheckSettings http = assertInstanceOf(HttpCheckSettings.class, c.checks().get(1));
        assertEquals(200, http.expectStatus());
        assertEquals(List.of("$.db == \"ok\"", "$.queue.depth < 100"), http.json().stream().map(JsonExpectation::text).toList());
    }

    @Test
    void aBadRegexAnUnknownPlaceholderAndABadJsonPathAreAllReportedAtOnceWithTheirPlaces() {
        ConfigException e = assertThrows(ConfigException.class, () -> parse("""
                checks:
                  - name: ready
                    type: http
                    url: /ready
                    headers: {Content-Type: "(json"}
                    json: ['$.db == "ok"', '$..db == 1', '$.depth <', '$.name < "x"', '$.db = "ok"']
                  - name: http-health
                    type: command
                    run: "true"
                  - name: restarts
                    type: command
                    run: "systemctl show {unit} -p NRestarts --host {host}"
                    warn_if: "NRestarts=[1-9"
                    expect_exit: -1
                  - name: ready
                    type: grpc
                targets:
                  - name: prod
                    base_url: https://api.example.com
                    checks: [restarts, redy]
                """));
        assertEquals(List.of(
                "checks[0].headers.Content-Type: not a valid regular expression: Unclosed group at index 5 (got (json)",
                "checks[0].json[1]: not a JSON expectation: expected a field name after the '.' at column 2 of $..db",
                "checks[0].json[2]: not a JSON expectation: expected a value after $.depth <: a quoted string, a number, true, false or null",
                "checks[0].json[3]: not a JSON expectation: < compares numbers; \"x\" is not a number",
                "checks[0].json[4]: not a JSON expectation: expected ==, !=, <, <=, >, >= or exists after $.db (got = \"ok\")",
                "checks[1].name: is a built-in check's id; choose another name (got http-health)",
                "checks[2].run: unknown placeholder {host}; known: {compose_dir}, {compose_service}, {env_file}, {health_path},"
                        + " {lines}, {port}, {public_port}, {unit} — a command takes only configured values",
                "checks[2].expect_exit: must be an exit status 0..255, or any (got -1)",
                "checks[2].warn_if: not a valid regular expression: Unclosed character class at index 13 (got NRestarts=[1-9)",
                "checks[3].name: duplicate check name (got ready, also at checks[0])",
                "checks[3].type: must be command or http (got grpc)",
                "targets[0].checks[1]: unknown check (got redy); did you mean ready?"),
                e.problems().stream().map(Problem::toString).toList());
    }

    @Test
    void jsonExpectationsCompareStringsNumbersBooleansAndPresence() throws Exception {
        var body = new ObjectMapper().readTree("{\"db\":\"ok\",\"n\":3,\"items\":[{\"up\":false}],\"v\":null}");
        assertEquals(true, JsonExpectation.parse("$.db == 'ok'").test(body).met());
        assertEquals(true, JsonExpectation.parse("$.n >= 3.0").test(body).met());
        assertEquals(false, JsonExpectation.parse("$.n > 3").test(body).met());
        assertEquals(true, JsonExpectation.parse("$.items[0].up != true").test(body).met());
        assertEquals(true, JsonExpectation.parse("$.v == null").test(body).met());
        assertEquals(true, JsonExpectation.parse("$.items exists").test(body).met());
        assertEquals("$.gone is missing", JsonExpectation.parse("$.gone exists").test(body).description());
        assertEquals("$.db is \"ok\", not a number; expected < 5", JsonExpectation.parse("$.db < 5").test(body).description());
    }

    @Test
    void environmentVariablesAreSubstitutedInChecksAndCommandsAsEverywhereElse() throws Exception {
        TriageConfig c = new ConfigLoader(Map.of("READY_PATH", "/ready", "TEAM", "payments"), BUILT_IN).parse("""
                checks:
                  - name: ready
                    type: http
                    url: ${READY_PATH}
                commands:
                  - {name: reach, help: "${TEAM} on call: can we reach it", runs: {checks: [ready]}}
                targets:
                  - {name: prod, base_url: "https://api.example.com", checks: [ready]}
                """, dir);
        assertTrue(c.checks().toString().contains("/ready") && !c.checks().toString().contains("${READY_PATH}"), c.checks().toString());
        assertEquals("payments on call: can we reach it", c.commands().get(0).help());

        ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader(Map.of(), BUILT_IN).parse("""
                commands:
                  - {name: reach, help: "${TEAM} on call", runs: {checks: [http-health]}}
                """, dir));
        assertTrue(e.problems().stream().anyMatch(p -> p.toString().equals(
                "commands[0].help: environment variable TEAM is not set (set it, or write ${TEAM:-default})")), e.problems().toString());
    }

    @Test
    void environmentVariablesApplyInRunbooksChecksAndCommandsAsEverywhereElse() throws Exception {
        String yaml = """
                checks:
                  - {name: queue-depth, type: command, run: "queuectl depth --max ${QUEUE_MAX}", timeout: "${QUEUE_TIMEOUT:-10s}"}
                targets:
                  - {name: prod, base_url: "http://127.0.0.1:9", checks: [http-health, queue-depth]}
                runbooks:
                  - name: team
                    checks: [queue-depth]
                    steps:
                      - {id: depth, check: queue-depth, cause: "the queue backs up past ${QUEUE_MAX}", fix: {advice: "page ${TEAM}"}}
                commands:
                  - {name: depth, help: "the queue, watched by ${TEAM}", runs: {checks: ["${DEPTH_CHECK:-queue-depth}"]}}
                """;
        TriageConfig c = new ConfigLoader(Map.of("QUEUE_MAX", "500", "TEAM", "payments"), BUILT_IN).parse(yaml, dir);
        CommandCheckSettings cmd = assertInstanceOf(CommandCheckSettings.class, c.checks().get(0));
        assertEquals("queuectl depth --max 500", cmd.run());
        assertEquals(Duration.ofSeconds(10), cmd.timeout());
        RunbookStep step = c.runbooks().get(0).steps().get(0);
        assertEquals("the queue backs up past 500", step.cause());
        assertEquals("page payments", step.fix().advice());
        CommandDefinition depth = c.commands().get(0);
        assertEquals("the queue, watched by payments", depth.help());
        assertEquals(new CommandDefinition.Checks(List.of("queue-depth")), depth.runs());

        ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader(Map.of("QUEUE_MAX", "500"), BUILT_IN).parse(yaml, dir));
        assertEquals(List.of("runbooks[0].steps[0].fix.advice: environment variable TEAM is not set (set it, or write ${TEAM:-default})",
                        "commands[0].help: environment variable TEAM is not set (set it, or write ${TEAM:-default})"),
                e.problems().stream().map(Problem::toString).toList());
    }
}
