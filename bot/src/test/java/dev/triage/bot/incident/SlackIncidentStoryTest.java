package dev.triage.bot.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.triage.adapters.slack.FakeSlackApi;
import dev.triage.adapters.slack.SignedRequests;
import dev.triage.adapters.slack.SlackAdapter;
import dev.triage.adapters.slack.SlackSettings;
import dev.triage.bot.TestBots;
import dev.triage.bot.demo.DemoBackend;
import dev.triage.bot.demo.DemoRestartAction;
import dev.triage.checks.http.HttpHealthCheck;
import dev.triage.checks.http.HttpProber;
import dev.triage.config.Access;
import dev.triage.config.Probing;
import dev.triage.config.StoreSettings;
import dev.triage.config.Target;
import dev.triage.config.TriageConfig;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole story in Slack, through the real Bolt app with signed requests and a local fake of Slack's
 * Web API: the backend breaks, the incident opens with its diagnosis in the thread, a restart is asked
 * for with /backend and approved by a second person's click, the backend recovers and the resolution
 * with the outage's length lands in the same thread.
 */
class SlackIncidentStoryTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final FakeSlackApi slack = new FakeSlackApi();
    private DemoBackend backend;
    private TestBots bot;

    SlackIncidentStoryTest() throws Exception {
    }

    @BeforeEach
    void start() throws Exception {
        backend = new DemoBackend(InstantSource.system(), Duration.ofSeconds(3)).start();
    }

    @AfterEach
    void stop() {
        if (bot != null) {
            bot.close();
        }
        backend.close();
        slack.close();
    }

    private FakeSlackApi.Call await(String what, String method, Predicate<FakeSlackApi.Call> match) throws InterruptedException {
        Instant end = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(end)) {
            for (FakeSlackApi.Call c : slack.calls(method)) {
                if (match.test(c)) {
                    return c;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("Slack never saw " + what + "; posts: " + slack.calls("chat.postMessage")
                + " updates: " + slack.calls("chat.update"));
    }

    private static boolean says(FakeSlackApi.Call c, String text) {
        return c.param("text") != null && c.param("text").contains(text);
    }

    @Test
    void breaksOpensDiagnosesGetsARestartApprovedRecoversAndResolvesInOneThread() throws Exception {
        Path db = Files.createTempFile("triage-slack-story-", ".db");
        db.toFile().deleteOnExit();
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Target demo = new Target("demo", backend.baseUrl(), null, null, null, Duration.ofSeconds(2), null, null, null, null, null, null);
        TriageConfig config = new TriageConfig(List.of(demo), new TriageConfig.Channels("C_OPS", "C_INCIDENTS"), null, 0,
                new Access(Map.of("operator", Set.of("slack:U_ONCALL", "slack:U_LEAD")), Map.of(), Access.DEFAULT_ACTIONS, null),
                new StoreSettings("jdbc:sqlite:" + db, null, null),
                new Probing(true, 8, Map.of("demo", new Probing.TargetProbe(true, null, Duration.ofMillis(300), null, 2, 2,
                        Duration.ofMillis(100), null))));
        SlackAdapter adapter = new SlackAdapter(new SlackSettings(SlackSettings.Mode.HTTP, "xoxb-test-0000-bot-token", null,
                SignedRequests.SIGNING_SECRET, port, "/slack/events", null, null, slack.baseUrl()));
        bot = TestBots.start(config, adapter, Map.of("demo", List.of(new DemoRestartAction(backend,
                new HttpHealthCheck(new HttpProber())))));
        SignedRequests signed = new SignedRequests(port, "/slack/events", SignedRequests.SIGNING_SECRET);

        backend.breakHealth();
        FakeSlackApi.Call root = await("the incident's root", "chat.postMessage",
                c -> "C_INCIDENTS".equals(c.param("channel")) && c.param("thread_ts") == null && says(c, "OPEN  demo is DOWN"));
        String rootTs = root.answeredTs();
        await("the diagnosis in the thread", "chat.postMessage",
                c -> rootTs.equals(c.param("thread_ts")) && says(c, "likely cause: the service answers but reports itself unavailable"));

        assertEquals(200, signed.send(SignedRequests.slashCommand("C_OPS", "U_ONCALL", "oncall", "/backend", "restart demo")).statusCode());
        FakeSlackApi.Call card = await("the approval card", "chat.postMessage",
                c -> "C_OPS".equals(c.param("channel")) && says(c, "restart-service on demo"));
        String approve = card.param("blocks").replaceAll("(?s).*\"(approve:[0-9a-z]+)\".*", "$1");
        assertTrue(approve.startsWith("approve:"), card.param("blocks"));
        await("the request in the incident's thread", "chat.postMessage",
                c -> rootTs.equals(c.param("thread_ts")) && says(c, "asked for restart-service"));

        assertEquals(200, signed.send(SignedRequests.buttonClick("C_OPS", "U_LEAD", "lead", approve, card.answeredTs(), null))
                .statusCode());
        await("the card edited with the outcome", "chat.update", c -> card.answeredTs().equals(c.param("ts")) && says(c, "· done"));
        await("the resolution in the same thread", "chat.postMessage",
                c -> rootTs.equals(c.param("thread_ts")) && says(c, "RESOLVED  demo was down"));
        await("the root edited to RESOLVED", "chat.update", c -> rootTs.equals(c.param("ts")) && says(c, "RESOLVED"));
        assertEquals(1, slack.calls("chat.postMessage").stream().filter(c -> says(c, "OPEN  demo is DOWN")).count());
    }

    @Test
    void anActionOnATargetThatIsNotProbedIsApprovedRunsAndEndsOnItsCard() throws Exception {
        Path db = Files.createTempFile("triage-slack-unprobed-", ".db");
        db.toFile().deleteOnExit();
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Target demo = new Target("svc", backend.baseUrl(), null, null, null, Duration.ofSeconds(2), null, null, null, null, null, null);
        TriageConfig config = new TriageConfig(List.of(demo), new TriageConfig.Channels("C_OPS", "C_INCIDENTS"), null, 0,
                new Access(Map.of("operator", Set.of("slack:U_ONCALL", "slack:U_LEAD")), Map.of(), Access.DEFAULT_ACTIONS, null),
                new StoreSettings("jdbc:sqlite:" + db, null, null),
                new Probing(true, 8, Map.of("svc", new Probing.TargetProbe(false, null, null, null, null, null, null, null))));
        SlackAdapter adapter = new SlackAdapter(new SlackSettings(SlackSettings.Mode.HTTP, "xoxb-test-0000-bot-token", null,
                SignedRequests.SIGNING_SECRET, port, "/slack/events", null, null, slack.baseUrl()));
        bot = TestBots.start(config, adapter, Map.of("svc", List.of(new DemoRestartAction(backend, new HttpHealthCheck(new HttpProber())))));
        SignedRequests signed = new SignedRequests(port, "/slack/events", SignedRequests.SIGNING_SECRET);

        assertEquals(200, signed.send(SignedRequests.slashCommand("C_OPS", "U_ONCALL", "oncall", "/backend", "restart svc")).statusCode());
        FakeSlackApi.Call card = await("the approval card", "chat.postMessage", c -> says(c, "restart-service on svc"));
        String approve = card.param("blocks").replaceAll("(?s).*\"(approve:[0-9a-z]+)\".*", "$1");
        assertEquals(200, signed.send(SignedRequests.buttonClick("C_OPS", "U_LEAD", "lead", approve, card.answeredTs(), null))
                .statusCode());
        await("the card edited with the outcome", "chat.update", c -> card.answeredTs().equals(c.param("ts")) && says(c, "· done"));
    }
}
