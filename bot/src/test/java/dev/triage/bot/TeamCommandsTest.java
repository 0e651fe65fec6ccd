package dev.triage.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A team's {@code commands:} driven through the real command line and the console. */
class TeamCommandsTest {
    @TempDir
    Path dir;

    private HttpServer backend;

    @BeforeEach
    void startBackend() throws Exception {
        backend = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        backend.createContext("/health", ex -> {
            byte[] body = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
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

    private Path config(String commands) throws Exception {
        return Files.writeString(dir.resolve("triage.yaml"), """
                roles:
                  oncall: [console:bob]
                targets:
                  - name: api
                    base_url: http://127.0.0.1:%d
                    checks: [http-health]
                store: {url: "jdbc:sqlite:%s"}
                """.formatted(backend.getAddress().getPort(), dir.resolve("t.db")) + commands);
    }

    private static CliRun console(Path file, String user, String input) {
        return CliRun.of(input, Map.of("USER", user), "run", "--config", file.toString());
    }

    @Test
    void aTeamCommandOverridingABuiltInChangesItsHelpAndRoleAndRefusesOthers() throws Exception {
        Path file = config("""
                commands:
                  - name: status
                    help: our status, for whoever is on call
                    role: oncall
                """);
        CliRun alice = console(file, "alice", "/backend help\n/backend status api\n");
        assertEquals(0, alice.exit(), alice.err());
        assertTrue(alice.out().contains("our status, for whoever is on call"), alice.out());
        assertFalse(alice.out().contains("run the status checks; without TARGET"), alice.out());
        assertTrue(alice.out().contains("the backends Triage knows and how it reaches them"), alice.out());
        assertTrue(alice.out().contains("/backend status needs the role oncall"), alice.out());
        assertFalse(alice.out().contains("api — UP"), alice.out());

        CliRun bob = console(file, "bob", "/backend status api\n");
        assertTrue(bob.out().contains("[OK] api — UP"), bob.out());
    }

    @Test
    void aTeamCommandRunsItsSetOfChecksAgainstTheTarget() throws Exception {
        Path file = config("""
                commands:
                  - name: reach
                    help: can we reach it at all
                    runs: {checks: [tcp-connect, http-health]}
                """);
        CliRun run = console(file, "alice", "/backend help\n/backend reach api\n");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("/backend reach [TARGET]"), run.out());
        assertTrue(run.out().contains("can we reach it at all"), run.out());
        assertTrue(run.out().contains("api — UP"), run.out());
        assertTrue(run.out().contains("tcp-connect"), run.out());
    }

    @Test
    void aTeamCommandDiagnosesWithItsRunbookAndTheVerdictCitesTheDocument() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Path file = Files.writeString(dir.resolve("triage.yaml"), """
                targets:
                  - name: gone
                    base_url: http://127.0.0.1:%d
                store: {url: "jdbc:sqlite:%s"}
                runbooks:
                  - name: mine
                    documents: [{id: guide, title: backend guide, source: docs/guide.md}]
                    checks: [http-health, tcp-connect]
                    steps:
                      - {id: refused, fails_if: {fact: tcp-connect.failure, equals: REFUSED}, cause: it is down, cites: step 2}
                commands:
                  - name: why
                    help: our own decision path
                    runs: {runbook: mine}
                """.formatted(closed, dir.resolve("t.db")));
        CliRun run = console(file, "alice", "/backend why gone\n");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("it is down"), run.out());
        assertTrue(run.out().contains("backend guide, step 2"), run.out());
    }

    @Test
    void aTeamCommandAsksForItsActionWithAnApprovalCard() throws Exception {
        Path file = Files.writeString(dir.resolve("triage.yaml"), """
                roles:
                  operator: [console:alice]
                targets:
                  - name: api
                    base_url: http://127.0.0.1:%d
                    ssh: {user: deploy, key_file: key, known_hosts: known_hosts}
                    service: {unit: langchain-backend, port: 8000}
                store: {url: "jdbc:sqlite:%s"}
                commands:
                  - name: bounce
                    help: restart the app, with a second pair of eyes
                    runs: {action: restart-service}
                """.formatted(backend.getAddress().getPort(), dir.resolve("t.db")));
        Files.writeString(dir.resolve("key"), "not a key");
        Files.writeString(dir.resolve("known_hosts"), "");
        CliRun alice = console(file, "alice", "/backend bounce api\n");
        assertEquals(0, alice.exit(), alice.err());
        assertTrue(alice.out().contains("restart-service"), alice.out());
        assertTrue(alice.out().contains("Approve"), alice.out());
        assertTrue(alice.out().contains("systemctl restart 'langchain-backend'"), alice.out());

        CliRun bob = console(file, "bob", "/backend bounce api\n");
        assertTrue(bob.out().contains("/backend bounce needs the role operator"), bob.out());
    }

    @Test
    void validateReportsEveryUnknownReferenceInCommandsWithItsPlace() throws Exception {
        Path file = config("""
                commands:
                  - name: db
                    help: the database
                    role: dba
                    runs: {checks: [http-health, db-ping]}
                  - name: why
                    help: our path
                    runs: {runbook: foo}
                  - name: flush
                    help: flush the cache
                    runs: {action: flush-cache}
                  - name: stats
                    help: a typo of status
                """);
        CliRun run = CliRun.of("validate", file.toString());
        assertEquals(2, run.exit(), run.out() + run.err());
        assertTrue(run.err().contains("commands[0].role: unknown role (got dba)"), run.err());
        assertTrue(run.err().contains("commands[0].runs.checks[1]: unknown check (got db-ping)"), run.err());
        assertTrue(run.err().contains("commands[1].runs.runbook: unknown runbook (got foo)"), run.err());
        assertTrue(run.err().contains("commands[2].runs.action: unknown action (got flush-cache)"), run.err());
        assertTrue(run.err().contains("commands[3].runs: required for a new command"), run.err());
        assertTrue(run.err().contains("5 problems found"), run.err());
    }
}
