package dev.triage.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.triage.checks.ssh.testing.LocalSshd;
import dev.triage.checks.ssh.testing.LocalSshdExtension;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real bot (its own process) meets what an on-call night brings — a host whose SSH host key changed, a login
 * the host refuses, an SSH port that never answers, a host that is gone altogether (down, then diagnosed on its
 * own), a command nobody knows — and its log says each of them in one line, with no stack trace; in JSON mode every
 * line on stderr is one JSON object.
 */
class ExpectedProblemsLogTest {
    @RegisterExtension
    static final LocalSshdExtension SSHD = new LocalSshdExtension();
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    HttpServer app;
    ServerSocket silent;
    int gonePort;

    @BeforeEach
    void backends() throws IOException {
        app = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        app.createContext("/health", ex -> {
            byte[] body = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        app.start();
        // Bound, never accepting: the kernel completes the handshake, and no SSH banner ever comes.
        silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            gonePort = s.getLocalPort();
        }
    }

    @AfterEach
    void stop() throws IOException {
        app.stop(0);
        silent.close();
    }

    @Test
    void eachExpectedProblemIsOneLogLineWithoutAStackTrace() throws Exception {
        List<String> log = runBot("plain");
        assertTrue(log.stream().noneMatch(l -> l.contains("\tat ") || l.contains("Exception")), String.join("\n", log));
        assertEachProblemOnce(log);
        assertTrue(log.stream().allMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z [A-Z]{4,5} +\\[.*] \\S+ - .*")),
                "every line one event: " + String.join("\n", log));
    }

    @Test
    void inJsonModeEveryLineOnStderrIsAJsonObjectAndNoneCarriesAStackTrace() throws Exception {
        List<String> log = runBot("json");
        List<String> messages = new ArrayList<>();
        for (String line : log) {
            JsonNode event = JSON.readTree(line);
            assertTrue(event.isObject(), line);
            for (String field : List.of("@timestamp", "level", "logger_name", "thread_name", "message")) {
                assertTrue(event.hasNonNull(field), field + " in " + line);
            }
            assertFalse(event.has("stack_trace"), "a stack trace for an expected problem: " + line);
            messages.add(event.get("message").asText());
        }
        assertEachProblemOnce(messages);
    }

    private void assertEachProblemOnce(List<String> log) {
        LocalSshd sshd = SSHD.sshd();
        String all = String.join("\n", log);
        List<String> problems = List.of(
                "SSH host key of 127.0.0.1:" + sshd.port() + " has CHANGED",
                "SSH login as " + sshd.user() + "@127.0.0.1:" + sshd.port() + " with the ",
                "SSH connection to 127.0.0.1:" + silent.getLocalPort() + " was accepted, but no SSH server answered within 1000 ms",
                "gone is DOWN after 3 failed probes (incident #1): GET http://127.0.0.1:" + gonePort + "/health → connection refused",
                "SSH connection to 127.0.0.1:" + gonePort + " was refused");
        for (String problem : problems) {
            assertEquals(1, log.stream().filter(l -> l.contains(problem)).count(), "one line says: " + problem + "\n" + all);
        }
    }

    /** Runs the bot in the console with {@code TRIAGE_LOG_FORMAT=format} until the gone host was diagnosed; its stderr. */
    private List<String> runBot(String format) throws Exception {
        LocalSshd sshd = SSHD.sshd();
        Path otherHostKey = sshd.newUnauthorizedKey("impostor-" + format);
        Path wrongKnownHosts = Files.writeString(dir.resolve("known_hosts_wrong"),
                sshd.knownHostsLine(Files.readString(otherHostKey.resolveSibling(otherHostKey.getFileName() + ".pub"))) + "\n");
        Path unauthorized = sshd.newUnauthorizedKey("stranger-" + format);
        int up = app.getAddress().getPort();
        Path config = Files.writeString(dir.resolve("triage.yaml"), """
                targets:
                  - name: wrongkey
                    base_url: http://127.0.0.1:%1$d
                    ssh: {host: 127.0.0.1, port: %2$d, user: %3$s, key_file: %4$s, known_hosts: %5$s}
                    service: {unit: api, port: 8000}
                  - name: locked
                    base_url: http://127.0.0.1:%1$d
                    ssh: {host: 127.0.0.1, port: %2$d, user: %3$s, key_file: %6$s, known_hosts: %7$s}
                    service: {unit: api, port: 8000}
                  - name: silent
                    base_url: http://127.0.0.1:%1$d
                    ssh: {host: 127.0.0.1, port: %8$d, user: %3$s, key_file: %4$s, known_hosts: %7$s, connect_timeout: 1s}
                    service: {unit: api, port: 8000}
                  - name: gone
                    base_url: http://127.0.0.1:%9$d
                    checks: [http-health]
                    ssh: {host: 127.0.0.1, port: %9$d, user: %3$s, key_file: %4$s, known_hosts: %7$s, connect_timeout: 1s}
                    service: {unit: api, port: 8000}
                    probe: {interval: 1s}
                roles: {operator: ["console:oncall"]}
                store: {url: "jdbc:sqlite:%10$s"}
                """.formatted(up, sshd.port(), sshd.user(), sshd.userKeyFile(), wrongKnownHosts, unauthorized, sshd.knownHostsFile(),
                silent.getLocalPort(), gonePort, dir.resolve("t.db")));
        Path stdout = dir.resolve("chat.txt");
        Path stderr = dir.resolve("log.txt");
        String java = ProcessHandle.current().info().command().orElse("java");
        // Native access allowed as triage.jar's manifest does: else the JVM itself warns about sqlite, in plain text.
        ProcessBuilder pb = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"),
                "dev.triage.bot.Main", "run", "--config", config.toString())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        pb.environment().put("TRIAGE_LOG_FORMAT", format);
        pb.environment().put("TRIAGE_LOG_LEVEL", "info");
        pb.environment().put("USER", "oncall");
        Process bot = pb.start();
        try (OutputStream in = bot.getOutputStream()) {
            in.write("/backend diagnose wrongkey\n/backend diagnose locked\n/backend diagnose silent\n/backend frobnicate\n"
                    .getBytes(StandardCharsets.UTF_8));
            in.flush();
            Instant end = Instant.now().plus(WAIT);
            // The gone host: three failed probes open an incident, whose diagnosis meets the closed SSH port.
            while (!Files.readString(stderr).contains("SSH connection to 127.0.0.1:" + gonePort + " was refused")) {
                if (Instant.now().isAfter(end) || !bot.isAlive()) {
                    throw new AssertionError("the gone host was not diagnosed within " + WAIT.toSeconds() + " s:\n"
                            + Files.readString(stderr) + "\n---- chat ----\n" + Files.readString(stdout));
                }
                Thread.sleep(100);
            }
            // Diagnoses to the chat come in the order they were asked; the last one answered means all were.
            while (!Files.readString(stdout).contains("silent —")) {
                if (Instant.now().isAfter(end) || !bot.isAlive()) {
                    throw new AssertionError("no diagnosis of silent:\n" + Files.readString(stdout));
                }
                Thread.sleep(100);
            }
            in.write("/quit\n".getBytes(StandardCharsets.UTF_8));
        } finally {
            if (!bot.waitFor(60, TimeUnit.SECONDS)) {
                bot.destroyForcibly();
            }
        }
        assertEquals(0, bot.exitValue(), Files.readString(stderr));
        String chat = Files.readString(stdout);
        assertTrue(chat.contains("wrongkey — SSH host key refused") && chat.contains("frobnicate"), chat);
        return Files.readAllLines(stderr);
    }
}
