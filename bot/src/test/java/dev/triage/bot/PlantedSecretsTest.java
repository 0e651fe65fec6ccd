package dev.triage.bot;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of credential, planted where a host or a service would leak it — a journal line, an nginx error log,
 * a custom check's output, the health answer, a URL in an exception's message, the app's env file, a log line — read
 * by the real bot (its own process, over a real sshd): none of them appears in what it printed, chat or log.
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

    @Test
    void noPlantedSecretReachesChatOrTheLog() throws Exception {
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
                      - name: leaky
                        base_url: "http://admin:%s@127.0.0.1:9/?token=%s"
                    probing: {enabled: false}
                    roles: {operator: ["console:oncall"]}
                    store: {url: "jdbc:sqlite:%s"}
                    """.formatted(port, sshd.port(), sshd.user(), sshd.userKeyFile(), sshd.knownHostsFile(), port, state.resolve("app.env"), URL_PASSWORD,
                    CONFIG_SECRET, dir.resolve("t.db")));
            String java = ProcessHandle.current().info().command().orElse("java");
            ProcessBuilder pb = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                    "dev.triage.bot.Main", "run", "--config", config.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("bot.out").toFile());
            pb.environment().put("RENDER_API_KEY", CONFIG_SECRET);
            pb.environment().put("TRIAGE_LOG_LEVEL", "debug");
            pb.environment().put("USER", "oncall");
            Process bot = pb.start();
            try (OutputStream in = bot.getOutputStream()) {
                in.write(("/backend diagnose prod\n/backend status prod\n/backend logs prod 50\n/backend status leaky\n/backend targets\n/backend silence prod 5m "
                        + CONFIG_SECRET + " rotated\n/quit\n").getBytes(StandardCharsets.UTF_8));
            }
            assertTrue(bot.waitFor(90, TimeUnit.SECONDS), "the bot finished");
            String printed = Files.readString(dir.resolve("bot.out"));
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
}
