package dev.triage.bot.diagnose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.triage.bot.CliRun;
import dev.triage.checks.ssh.testing.LocalSshd;
import dev.triage.checks.ssh.testing.LocalSshdExtension;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code /backend logs} and {@code /backend ports} through the real CLI and a real sshd on 127.0.0.1. */
class LogsAndPortsOverSshTest {
    @RegisterExtension
    static final LocalSshdExtension SSHD = new LocalSshdExtension();

    @TempDir
    Path dir;

    @Test
    void logsMarkTheErrorLinesAndPortsShowWhereTheServiceListens() throws Exception {
        LocalSshd sshd = SSHD.sshd();
        String journal;
        try (InputStream in = getClass().getResourceAsStream("/fixtures/journal/address-in-use.txt")) {
            journal = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        sshd.installStandInPrinting("journalctl", journal, 0);
        try (ServerSocket service = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Path config = Files.writeString(dir.resolve("triage.yaml"), """
                    targets:
                      - name: prod
                        base_url: http://127.0.0.1:%d
                        ssh: {host: 127.0.0.1, port: %d, user: %s, key_file: %s, known_hosts: %s}
                        service: {unit: langchain-backend, port: %d}
                    probing: {enabled: false}
                    store: {url: "jdbc:sqlite:%s"}
                    """.formatted(service.getLocalPort(), sshd.port(), sshd.user(), sshd.userKeyFile(), sshd.knownHostsFile(),
                    service.getLocalPort(), dir.resolve("t.db")));
            var run = CliRun.of("/backend logs prod 20\n/backend ports prod\n/backend logs prod 5000\n", Map.of("USER", "oncall"),
                    "run", "--config", config.toString());
            assertEquals(0, run.exit(), run.err());
            String out = run.out();
            assertTrue(out.contains("prod — last "), out);
            assertTrue(out.matches("(?s).*error lines? marked.*"), out);
            assertTrue(out.matches("(?s).*FAIL +.*[Aa]ddress already in use.*"), out);
            assertTrue(out.contains("service port " + service.getLocalPort() + ": loopback-only"), out);
            assertTrue(out.contains("← service port"), out);
            assertTrue(out.contains("The line count must be 1..200 (got 5000)"), out);
        }
    }

    @Test
    void logsOfAComposeServiceOnAHostWithComposeV1Only() throws Exception {
        LocalSshd sshd = SSHD.sshd();
        // A host with the docker CLI but no compose plugin (what docker says then), and v1's docker-compose.
        sshd.installStandIn("docker", "[ \"$1\" = compose ] && { echo \"docker: 'compose' is not a docker command.\" >&2;"
                + " echo \"See 'docker --help'\" >&2; exit 1; }; exit 0");
        sshd.installStandIn("docker-compose", "[ \"$1\" = logs ] || exit 1\n"
                + "printf 'backend_1  | INFO:     Started server process [1]\\nbackend_1  | OSError: [Errno 98] Address already in use\\n'");
        Path project = Files.createDirectories(dir.resolve("app"));
        Path config = Files.writeString(dir.resolve("triage.yaml"), """
                targets:
                  - name: box
                    base_url: http://127.0.0.1:9
                    ssh: {host: 127.0.0.1, port: %d, user: %s, key_file: %s, known_hosts: %s}
                    service: {kind: compose, compose_dir: %s, compose_service: backend, port: 8000}
                probing: {enabled: false}
                store: {url: "jdbc:sqlite:%s"}
                """.formatted(sshd.port(), sshd.user(), sshd.userKeyFile(), sshd.knownHostsFile(), project, dir.resolve("t.db")));
        var run = CliRun.of("/backend logs box 10\n", Map.of("USER", "oncall"), "run", "--config", config.toString());
        assertEquals(0, run.exit(), run.err());
        String out = run.out();
        assertTrue(out.contains("box — last 2 log lines of compose service backend, 1 error line marked"), out);
        assertTrue(out.matches("(?s).*FAIL +backend_1 +\\| OSError: \\[Errno 98\\] Address already in use.*"), out);
        assertTrue(out.contains("docker compose logs --tail 10 backend"), out);
    }
}
