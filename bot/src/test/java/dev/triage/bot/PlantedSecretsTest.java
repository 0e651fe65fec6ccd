package dev.triage.bot;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.triage.checks.ssh.testing.LocalSshd;
import dev.triage.checks.ssh.testing.LocalSshdExtension;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every kind of credential, planted where a host or a service would leak it — a journal line, an nginx error log,
 * a custom check's output, the health answer, a URL in an exception's message, the app's env file, a log line — read
 * by the real bot (its own process, over a real sshd): none of them appears in what it printed, chat or log — with
 * its log as plain lines and as JSON lines, where each field is read back unescaped, so an escaped secret would show.
 */
class PlantedSecretsTest {
    @RegisterExtension
    static final LocalSshdExtension SSHD = new LocalSshdExtension();

    static final String SLACK = "xoxb-1234567890-0987654321-PlantedInJournal";
    static final String APP_TOKEN = "xapp-1-A0PLANT-0123456789-nginxlog";
    static final String AWS_ID = "AKIAPLANTEDEXAMPLE00";
    static final String AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYPLANTEDKEY";
    static final String GITHUB = "ghp_PlantedInCommandOutput1234567890abcd";
    static final String JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJwbGFudGVkIn0.cGxhbnRlZC1zaWduYXR1cmU";
    static final String URL_PASSWORD = "url-pw-Planted42";
    static final String ENV_SECRET = "sk-live-PlantedEnvValue9876";
    static final String CONFIG_SECRET = "rnd_PlantedConfigKey55";
    static final String PEM_BODY = "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQPLANTED";
    static final List<String> PLANTED = List.of(SLACK, APP_TOKEN, AWS_ID, AWS_SECRET, GITHUB, JWT, URL_PASSWORD, ENV_SECRET,
            CONFIG_SECRET, PEM_BODY);

    @TempDir
    Path dir;

    @ParameterizedTest(name = "TRIAGE_LOG_FORMAT={0}")
    @ValueSource(strings = {"plain", "json"})
    void noPlantedSecretReachesChatOrTheLog(String format) throws Exception {
        LocalSshd sshd = SSHD.sshd();
        Path state = Files.createTempDirectory(sshd.directory(), "planted");
        Files.writeString(state.resolve("journal"), String.join("\n",
                "Dec 01 03:12:01 api uvicorn[812]: ERROR connecting to Slack with " + SLACK,
                "Dec 01 03:12:02 api uvicorn[812]: ERROR botocore: InvalidClientTokenId " + AWS_ID + " secret " + AWS_SECRET,
                "Dec 01 03:12:03 api uvicorn[812]: Traceback: jwt " + JWT + " rejected",
                "Dec 01 03:12:04 api uvicorn[812]: ERROR DATABASE_URL uses " + ENV_SECRET,
                "Dec 01 03:12:05 api uvicorn[812]: -----BEGIN OPENSSH PRIVATE KEY-----",
                "Dec 01 03:12:05 api uvicorn[812]: " + PEM_BODY,
                "Dec 01 03:12:05 api uvicorn[812]: -----END OPENSSH PRIVATE KEY-----") + "\n");
        Files.writeString(state.resolve("nginx-error.log"), "2026/12/01 03:12:06 [error] 77#77: *1 upstream sent token=" + APP_TOKEN
                + " while reading response header from upstream, upstream: \"http://127.0.0.1:8000/\"\n");
        Files.writeString(state.resolve("app.env"), "OPENAI_API_KEY=" + ENV_SECRET + "\nNODE_ENV=production\n");
        // Stand-ins only for tools the host can't run here: never for cat, tail and the like, which the sshd session's
        // own shell start-up (pyenv's rehash, say) uses too.
        sshd.installStandIn("journalctl", "/bin/cat '%s/journal'; exit 0".formatted(state));
        sshd.installStandIn("sudo", """
                [ "$1" = -n ] && shift
                case "$*" in *nginx/error.log*) exec /bin/cat '%s/nginx-error.log';; esac
                exec "$@"
                """.formatted(state));
        sshd.installStandIn("deploy-status", "echo \"deployed with " + GITHUB + "\"; exit 0");

        HttpServer app = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        app.createContext("/health", ex -> {
            byte[] body = ("{\"status\":\"ok\",\"version\":\"" + SLACK + "\"}").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        app.start();
        int port = app.getAddress().getPort();
        try {
            Path config = Files.writeString(dir.resolve("triage.yaml"), """
                    checks:
                      - {name: deploy-status, type: command, run: "deploy-status {unit}", fail_if: "deployed"}
                    targets:
                      - name: prod
                        base_url: http://127.0.0.1:%d
                        checks: [http-health, deploy-status, journal, env, nginx]
                        ssh: {host: 127.0.0.1, port: %d, user: %s, key_file: %s, known_hosts: %s}
                        service: {unit: langchain-backend, port: %d, env_file: %s, required_env: [OPENAI_API_KEY], nginx: true}
                        cloud:
                          render: {service_id: srv-planted, api_key: "${RENDER_API_KEY}", base_url: "http://127.0.0.1:9/v1"}
                        probe: {enabled: false}
                      - name: leaky
                        base_url: "http://admin:%s@127.0.0.1:9/?token=%s"
                        probe: {interval: 1s}
                    probing: {enabled: true}
                    roles: {operator: ["console:oncall"]}
                    store: {url: "jdbc:sqlite:%s"}
                    """.formatted(port, sshd.port(), sshd.user(), sshd.userKeyFile(), sshd.knownHostsFile(), port, state.resolve("app.env"), URL_PASSWORD,
                    CONFIG_SECRET, dir.resolve("t.db")));
            String java = ProcessHandle.current().info().command().orElse("java");
            // Native access allowed as triage.jar's manifest does: else the JVM itself warns about sqlite on stderr.
            ProcessBuilder pb = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED",
                    "-cp", System.getProperty("java.class.path"), "dev.triage.bot.Main", "run", "--config", config.toString())
                    .redirectOutput(dir.resolve("bot.out").toFile()).redirectError(dir.resolve("bot.log").toFile());
            pb.environment().put("TRIAGE_LOG_FORMAT", format);
            pb.environment().put("RENDER_API_KEY", CONFIG_SECRET);
            pb.environment().put("TRIAGE_LOG_LEVEL", "debug");
            pb.environment().put("USER", "oncall");
            Process bot = pb.start();
            try (OutputStream in = bot.getOutputStream()) {
                in.write(("/backend diagnose prod\n/backend status prod\n/backend logs prod 50\n/backend status leaky\n/backend targets\n/backend silence prod 5m "
                        + CONFIG_SECRET + " rotated\n").getBytes(StandardCharsets.UTF_8));
                in.flush();
                // The leaky target goes down: the log line that says so carries its URL, password and token in it.
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!Files.readString(dir.resolve("bot.log")).contains("leaky is DOWN") && bot.isAlive() && System.nanoTime() < end) {
                    Thread.sleep(100);
                }
                in.write("/quit\n".getBytes(StandardCharsets.UTF_8));
            }
            assertTrue(bot.waitFor(90, TimeUnit.SECONDS), "the bot finished");
            String log = Files.readString(dir.resolve("bot.log"));
            String printed = Files.readString(dir.resolve("bot.out")) + log;
            if (format.equals("json")) {
                ObjectMapper json = new ObjectMapper();
                for (String line : log.lines().toList()) {
                    JsonNode event = json.readTree(line);
                    assertTrue(event.isObject(), line);
                    for (JsonNode field : event) {
                        for (String secret : PLANTED) {
                            assertFalse(field.asText().contains(secret), secret + " was logged:\n" + line);
                        }
                    }
                }
                assertTrue(log.contains("\"level\":\"DEBUG\""), "the debug log is on:\n" + log);
            }
            assertTrue(log.contains("leaky is DOWN after 3 failed probes"), "the probe log line, from a URL with a password:\n" + log);
            String[] shown = {"ERROR connecting to Slack with [redacted]", "InvalidClientTokenId [redacted] secret [redacted]",
                "jwt [redacted] rejected", "DATABASE_URL uses [redacted]", "deployed with [redacted]", "version [redacted]",
                "silenced for 5 min by @oncall", ": [redacted] rotated"};
            for (String expected : shown) {
                assertTrue(printed.contains(expected), "shown, redacted: " + expected + "\n" + printed);
            }
            for (String secret : PLANTED) {
                assertFalse(printed.contains(secret), secret + " was printed:\n" + printed);
            }
        } finally {
            app.stop(0);
            sshd.removeStandIns();
        }
    }

    /** What the command line prints on stderr — here, config problems that quote the bad values — is redacted too. */
    @ParameterizedTest(name = "TRIAGE_LOG_FORMAT={0}")
    @ValueSource(strings = {"plain", "json"})
    void aConfigProblemQuotingASecretIsPrintedRedacted(String format) throws Exception {
        Path config = Files.writeString(dir.resolve("bad.yaml"), """
                targets:
                  - name: prod
                    base_url: "htp://admin:%s@api.example.com/?token=%s"
                    timeout: "5 parsecs %s"
                """.formatted(URL_PASSWORD, SLACK, GITHUB));
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "dev.triage.bot.Main", "run", "--config", config.toString())
                .redirectOutput(dir.resolve("bad.out").toFile()).redirectError(dir.resolve("bad.log").toFile());
        pb.environment().put("TRIAGE_LOG_FORMAT", format);
        Process bot = pb.start();
        assertTrue(bot.waitFor(60, TimeUnit.SECONDS), "the bot finished");
        List<String> lines = Files.readAllLines(dir.resolve("bad.log"));
        List<String> said = new java.util.ArrayList<>();
        for (String line : lines) {
            said.add(format.equals("json") ? new ObjectMapper().readTree(line).get("message").asText() : line);
        }
        String all = String.join("\n", said) + Files.readString(dir.resolve("bad.out"));
        assertTrue(said.stream().anyMatch(l -> l.contains("targets[0].base_url: must be an http:// or https:// URL")), all);
        assertTrue(said.stream().anyMatch(l -> l.contains("targets[0].timeout: not a duration (got 5 parsecs [redacted])")), all);
        for (String secret : List.of(URL_PASSWORD, SLACK, GITHUB)) {
            assertFalse(all.contains(secret) || String.join("\n", lines).contains(secret), secret + " was printed:\n" + all);
        }
    }
}
