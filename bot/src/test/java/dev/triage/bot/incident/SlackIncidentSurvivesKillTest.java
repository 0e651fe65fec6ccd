package dev.triage.bot.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.triage.adapters.slack.FakeSlackApi;
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
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real bot as its own process, answering Slack (a local fake of Slack's Web API, HTTP mode): a
 * backend goes down, the incident opens in Slack with its diagnosis in the thread; the bot is killed
 * with SIGKILL mid-incident and started again; the backend recovers and the resolution lands in the
 * same thread — nothing posted twice, nothing lost.
 */
class SlackIncidentSurvivesKillTest {
    private static final Duration WAIT = Duration.ofSeconds(45);

    @TempDir
    Path dir;

    private final FakeSlackApi slack = new FakeSlackApi();
    private final AtomicInteger health = new AtomicInteger(200);
    private HttpServer backend;
    private Process bot;

    SlackIncidentSurvivesKillTest() throws IOException {
    }

    @BeforeEach
    void startBackend() throws IOException {
        backend = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        backend.createContext("/health", ex -> {
            int code = health.get();
            byte[] body = ("{\"status\":\"" + (code == 200 ? "ok" : "error") + "\"}").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(code, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        backend.start();
    }

    @AfterEach
    void stopAll() throws InterruptedException {
        if (bot != null) {
            bot.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        backend.stop(0);
        slack.close();
    }

    private Path config() throws IOException {
        return Files.writeString(dir.resolve("triage.yaml"), """
                targets:
                  - name: api
                    base_url: http://127.0.0.1:%d
                    checks: [http-health]
                    timeout: 2s
                    probe: {interval: 300ms, failures_before_down: 2, successes_before_up: 2, jitter: 100ms}
                channels: {default: C_OPS, incidents: C_INCIDENTS}
                adapters:
                  console: {enabled: false}
                  slack:
                    mode: http
                    bot_token: ${BOT_TOKEN}
                    signing_secret: ${SIGNING_SECRET}
                    http_port: %d
                    api_url: %s
                store: {url: "jdbc:sqlite:%s"}
                """.formatted(backend.getAddress().getPort(), freePort(), slack.baseUrl(), dir.resolve("triage.db")));
    }

    private Process startBot(Path config) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "dev.triage.bot.Main",
                "run", "--config", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("bot.log").toFile()));
        pb.environment().put("BOT_TOKEN", "xoxb-1-test-token-for-the-fake");
        pb.environment().put("SIGNING_SECRET", "0123456789abcdef0123456789abcdef");
        return pb.start();
    }

    private List<FakeSlackApi.Call> posts() {
        return slack.calls("chat.postMessage");
    }

    private FakeSlackApi.Call await(String what, Predicate<FakeSlackApi.Call> match, String method) throws Exception {
        Instant end = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(end)) {
            for (FakeSlackApi.Call c : slack.calls(method)) {
                if (match.test(c)) {
                    return c;
                }
            }
            if (bot != null && !bot.isAlive()) {
                throw new AssertionError("the bot exited (" + bot.exitValue() + ") before " + what + ":\n" + log());
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no " + what + " within " + WAIT.toSeconds() + " s; Slack saw " + slack.calls("chat.postMessage")
                + "\nbot log:\n" + log());
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("bot.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Test
    void anIncidentContinuesInTheSameThreadAfterSigkillAndNothingIsPostedTwice() throws Exception {
        Path config = config();
        bot = startBot(config);
        health.set(503);
        FakeSlackApi.Call root = await("incident root", c -> c.param("thread_ts") == null
                && c.param("text") != null && c.param("text").contains("OPEN  api is DOWN"), "chat.postMessage");
        String rootTs = root.answeredTs();
        await("diagnosis in the thread", c -> rootTs.equals(c.param("thread_ts"))
                && c.param("text").contains("likely cause: the service answers but reports itself unavailable"), "chat.postMessage");

        bot.destroyForcibly();   // SIGKILL: no shutdown hook, no goodbye
        assertTrue(bot.waitFor(10, TimeUnit.SECONDS));
        health.set(200);
        bot = startBot(config);

        await("resolution in the same thread", c -> rootTs.equals(c.param("thread_ts"))
                && c.param("text").contains("RESOLVED  api was down"), "chat.postMessage");
        await("root edited to RESOLVED", c -> rootTs.equals(c.param("ts")) && c.param("text") != null
                && c.param("text").contains("RESOLVED"), "chat.update");

        List<String> roots = posts().stream().filter(c -> c.param("thread_ts") == null).map(c -> c.param("text")).toList();
        assertEquals(1, roots.stream().filter(t -> t.contains("incident #1")).count(), "one root message: " + roots);
        List<String> texts = posts().stream().map(c -> c.param("text")).toList();
        assertEquals(texts.size(), texts.stream().distinct().count(), "a message was posted twice: " + texts);
        assertTrue(posts().stream().allMatch(c -> c.param("channel").equals("C_INCIDENTS")), "all in the incident channel");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
