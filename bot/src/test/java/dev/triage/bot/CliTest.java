package dev.triage.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
    @TempDir
    Path dir;

    private HttpServer backend;
    private final AtomicInteger healthCode = new AtomicInteger(200);

    @BeforeEach
    void startBackend() throws Exception {
        backend = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        backend.createContext("/health", ex -> {
            byte[] body = ("{\"status\":\"" + (healthCode.get() == 200 ? "ok" : "error") + "\"}").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(healthCode.get(), body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        backend.start();
    }

    @AfterEach
    void stopBackend() {
        backend.stop(0);
    }

    private Path config(String yaml) throws Exception {
        return Files.writeString(dir.resolve("triage.yaml"), yaml);
    }

    private Path localConfig() throws Exception {
        return config("""
                targets:
                  - name: api
                    base_url: http://127.0.0.1:%d
                    checks: [http-health, tcp-connect]
                """.formatted(backend.getAddress().getPort()));
    }

    @Test
    void helpListsEveryCommand() {
        CliRun run = CliRun.of("--help");
        assertEquals(0, run.exit());
        for (String c : new String[] {"./triage run --config FILE", "./triage validate FILE", "./triage check TARGET --config FILE [--json]"}) {
            assertTrue(run.out().contains(c), run.out());
        }
    }

    @Test
    void theShippedExampleConfigIsValid() {
        Path example = Path.of("..", "config", "examples", "triage.yaml");
        CliRun run = CliRun.of("validate", example.toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains(": OK — 2 targets (prod, staging), adapters: console"), run.out());
    }

    @Test
    void validateListsEveryProblemAndExits2() throws Exception {
        Path file = config("""
                targets:
                  - name: api
                    base_url: api.example.com
                    timeout: soon
                """);
        CliRun run = CliRun.of("validate", file.toString());
        assertEquals(2, run.exit());
        assertTrue(run.err().contains(file + ": targets[0].base_url: must be an http:// or https:// URL (got api.example.com)"), run.err());
        assertTrue(run.err().contains(file + ": targets[0].timeout: not a duration (got soon)"), run.err());
        assertTrue(run.err().contains("2 problems found"), run.err());
    }

    @Test
    void checkExits0WhenEverythingIsOk() throws Exception {
        CliRun run = CliRun.of("check", "api", "--config", localConfig().toString());
        assertEquals(0, run.exit(), run.out() + run.err());
        assertTrue(run.out().contains("[OK] api — UP (all 2 checks OK)"), run.out());
    }

    @Test
    void checkExits1WhenACheckFailsAndJsonCarriesTheResults() throws Exception {
        healthCode.set(503);
        CliRun run = CliRun.of("check", "api", "--config", localConfig().toString(), "--json");
        assertEquals(1, run.exit(), run.out() + run.err());
        JsonNode doc = new ObjectMapper().readTree(run.out());
        assertEquals("api", doc.get("target").asText());
        assertEquals("DOWN", doc.get("state").asText());
        assertEquals("http-health", doc.get("results").get(0).get("check").asText());
        assertEquals("FAIL", doc.get("results").get(0).get("status").asText());
        assertEquals("OK", doc.get("results").get(1).get("status").asText());
    }

    @Test
    void aTeamsOwnHttpCheckIsUsableByNameInATargetsChecks() throws Exception {
        Path file = config("""
                checks:
                  - name: health-body
                    type: http
                    url: /health
                    headers: {Date: GMT}
                    json: ['$.status == "ok"']
                targets:
                  - name: api
                    base_url: http://127.0.0.1:%d
                    checks: [health-body]
                """.formatted(backend.getAddress().getPort()));
        CliRun ok = CliRun.of("check", "api", "--config", file.toString(), "--json");
        assertEquals(0, ok.exit(), ok.out() + ok.err());
        JsonNode doc = new ObjectMapper().readTree(ok.out());
        assertEquals("health-body", doc.get("results").get(0).get("check").asText());
        healthCode.set(503);
        CliRun failing = CliRun.of("check", "api", "--config", file.toString());
        assertEquals(1, failing.exit(), failing.out() + failing.err());
        assertTrue(failing.out().contains("503"), failing.out());
    }

    @Test
    void checkExits2OnBadConfigUnknownTargetOrMissingConfig() throws Exception {
        assertEquals(2, CliRun.of("check", "api", "--config", config("targets: 3\n").toString()).exit());
        CliRun unknown = CliRun.of("check", "apu", "--config", localConfig().toString());
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().contains("No target named \"apu\""), unknown.err());
        assertTrue(unknown.err().contains("did you mean api?"), unknown.err());
        CliRun missing = CliRun.of("check", "api");
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("--config FILE is required"), missing.err());
    }

    @Test
    void unknownCommandsAndOptionsExit2WithAHint() {
        CliRun cmd = CliRun.of("valdate", "x.yaml");
        assertEquals(2, cmd.exit());
        assertTrue(cmd.err().contains("Unknown command \"valdate\"; did you mean validate?"), cmd.err());
        CliRun opt = CliRun.of("check", "x", "--jsn");
        assertEquals(2, opt.exit());
        assertTrue(opt.err().contains("Unknown option --jsn"), opt.err());
    }

    @Test
    void runAnswersCommandsFromStandardInputUntilItEnds() throws Exception {
        CliRun run = CliRun.of("/backend status api\n", Map.of(), "run", "--config", localConfig().toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("[OK] api — UP"), run.out());
    }

    @Test
    void aSecretNeverAppearsInValidationOutput() throws Exception {
        Path file = config("""
                targets:
                  - name: api
                    base_url: http://127.0.0.1:1
                adapters:
                  slack:
                    bot_token: ${TOKEN}
                    app_token: ${TOKEN}
                """);
        CliRun run = CliRun.of("", Map.of("TOKEN", "xoxp-very-secret-value"), "validate", file.toString());
        assertEquals(2, run.exit());
        assertFalse((run.out() + run.err()).contains("very-secret"), run.err());
    }

    @Test
    void actionNeedsYesOrDryRunAndADryRunShowsTheExactPlan() throws Exception {
        Path file = config("""
                targets:
                  - name: api
                    base_url: http://127.0.0.1:%d
                    ssh: {user: deploy, key_file: key, known_hosts: known_hosts}
                    service: {unit: langchain-backend, port: 8000}
                roles:
                  operator: ["cli:%s"]
                store: {url: "jdbc:sqlite:%s"}
                """.formatted(backend.getAddress().getPort(), System.getProperty("user.name"), dir.resolve("t.db")));
        Files.writeString(dir.resolve("key"), "not a key");
        Files.writeString(dir.resolve("known_hosts"), "");
        CliRun refused = CliRun.of("action", "api", "restart-service", "--config", file.toString());
        assertEquals(2, refused.exit());
        assertTrue(refused.err().contains("action changes the system: add --yes to run it, or --dry-run to see the plan"), refused.err());

        CliRun plan = CliRun.of("action", "api", "restart-service", "--config", file.toString(), "--dry-run");
        assertEquals(0, plan.exit(), plan.err());
        assertTrue(plan.out().contains("runs    sudo -n systemctl restart 'langchain-backend'"), plan.out());
        assertTrue(plan.out().contains("verify  port 8000"), plan.out());

        CliRun unknown = CliRun.of("action", "api", "restart-servce", "--config", file.toString(), "--dry-run");
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().contains("No action \"restart-servce\"; did you mean restart-service?"), unknown.err());

        // A real run that fails (the key can't be read): recorded as the OS user, and it counts toward the storm guard.
        CliRun failed = CliRun.of("", Map.of(), "action", "api", "restart-service", "--config", file.toString(), "--yes");
        assertEquals(1, failed.exit(), failed.out() + failed.err());
        CliRun again = CliRun.of("", Map.of(), "action", "api", "restart-service", "--config", file.toString(), "--yes");
        assertEquals(1, again.exit(), again.out() + again.err());
        assertTrue(again.err().contains("Not run: restart-service ran on api") && again.err().contains("cooldown"), again.err());
        CliRun audit = CliRun.of("", Map.of(), "audit", "--config", file.toString());
        String me = System.getProperty("user.name");
        assertTrue(audit.out().contains("cli:" + me) && !audit.out().contains("unknown (cli:unknown)"), audit.out());
    }

    @Test
    void auditPrintsWhatWasRecordedAsTextOrJson() throws Exception {
        Path file = config("""
                targets:
                  - name: api
                    base_url: http://127.0.0.1:%d
                store: {url: "jdbc:sqlite:%s"}
                """.formatted(backend.getAddress().getPort(), dir.resolve("audit.db")));
        CliRun.of("/backend status api\n/backend whoami\n", Map.of("USER", "oncall"), "run", "--config", file.toString());
        CliRun text = CliRun.of("audit", "--config", file.toString(), "--since", "1h");
        assertEquals(0, text.exit(), text.err());
        assertTrue(text.out().contains("command  oncall (console:oncall)  api  /backend status api  → ok"), text.out());
        CliRun json = CliRun.of("audit", "--config", file.toString(), "--json");
        JsonNode rows = new ObjectMapper().readTree(json.out());
        assertEquals(2, rows.size());
        assertEquals("/backend whoami", rows.get(0).get("detail").asText());
        CliRun bad = CliRun.of("audit", "--config", file.toString(), "--since", "yesterday");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("--since must be a duration like 30m, 24h or 7d (got yesterday)"), bad.err());
    }

    @Test
    void probesSaysWhoLedAndWhatTheLeaderLastSaw() throws Exception {
        Path file = config("""
                targets:
                  - name: api
                    base_url: http://127.0.0.1:%d
                store: {url: "jdbc:sqlite:%s"}
                """.formatted(backend.getAddress().getPort(), dir.resolve("probes.db")));
        CliRun before = CliRun.of("probes", "--config", file.toString());
        assertEquals(0, before.exit(), before.err());
        assertTrue(before.out().startsWith("Leader: no replica has led yet"), before.out());

        CliRun.of("/backend status api\n", Map.of("TRIAGE_REPLICA_NAME", "bot-a"), "run", "--config", file.toString());
        CliRun after = CliRun.of("probes", "--config", file.toString());
        assertEquals(0, after.exit(), after.err());
        assertTrue(after.out().matches("(?s)Leader: none now \\(the last lease, epoch 1, ran out at .*"), after.out());
        CliRun extra = CliRun.of("probes", "api", "--config", file.toString());
        assertEquals(2, extra.exit());
        assertTrue(extra.err().contains("probes takes no TARGET"), extra.err());
    }
}
