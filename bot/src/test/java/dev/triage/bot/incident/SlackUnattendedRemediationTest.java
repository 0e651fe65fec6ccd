package dev.triage.bot.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.triage.adapters.slack.FakeSlackApi;
import dev.triage.adapters.slack.SignedRequests;
import dev.triage.bot.TestBots;
import dev.triage.bot.demo.DemoBackend;
import dev.triage.config.Remediation;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Unattended remediation end to end: the real bot (real prober, incident manager, outbox and Bolt app) against a local
 * fake of Slack's Web API, counting what it receives. Waits are bounded polls for what Slack was sent.
 */
class SlackUnattendedRemediationTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final FakeSlackApi slack = new FakeSlackApi();
    private DemoBackend backend;
    private TestBots bot;

    SlackUnattendedRemediationTest() throws Exception {
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
        return slack.await(what, method, match, WAIT);
    }

    private static boolean says(FakeSlackApi.Call c, String text) {
        return c.param("text") != null && c.param("text").contains(text);
    }

    private long posted(String text) {
        return slack.calls("chat.postMessage").stream().filter(c -> says(c, text)).count();
    }

    private static Remediation rule(Duration hold) {
        return new Remediation("restart-service", Duration.ofSeconds(1), 2, hold, List.of("slack-group:S0ONCALL"));
    }

    @Test
    void aBrokenBackendIsAnnouncedRestartedWithoutAPersonAndResolvesInTheSameThread() throws Exception {
        bot = SlackDemoBot.start(slack, backend, "demo", SlackDemoBot.FAST, backend.baseUrl(), rule(Duration.ofSeconds(2))).bot();
        backend.breakHealth();
        FakeSlackApi.Call root = await("the incident's root", "chat.postMessage",
                c -> c.param("thread_ts") == null && says(c, "OPEN  demo is DOWN"));
        String rootTs = root.answeredTs();
        FakeSlackApi.Call announced = await("the announcement in the thread", "chat.postMessage",
                c -> rootTs.equals(c.param("thread_ts")) && says(c, "restart-service on demo in 2 s unless someone presses Hold"));
        assertTrue(announced.param("blocks").contains("\"hold:"), "it carries the Hold button: " + announced.param("blocks"));
        await("the announcement edited when it is done", "chat.update",
                c -> announced.answeredTs().equals(c.param("ts")) && says(c, "restart-service on demo — done without a person"));
        FakeSlackApi.Call resolved = await("the resolution in the same thread", "chat.postMessage",
                c -> rootTs.equals(c.param("thread_ts")) && says(c, "RESOLVED  demo was down"));
        assertTrue(resolved.param("blocks").contains("run by Triage without a person"), resolved.param("blocks"));
        assertEquals(1, backend.restarts());
        assertEquals(1, posted("unless someone presses Hold —"), "announced once");
        assertEquals(0, posted("A person is needed"));
    }

    @Test
    void aRestartThatDoesNotHelpPagesTheOnCallGroupOnceAndTheRootSaysAPersonIsNeeded() throws Exception {
        URI nowhere;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nowhere = URI.create("http://127.0.0.1:" + s.getLocalPort());
        }
        bot = SlackDemoBot.start(slack, backend, "demo", SlackDemoBot.FAST, nowhere, rule(Duration.ofSeconds(1))).bot();
        FakeSlackApi.Call root = await("the incident's root", "chat.postMessage",
                c -> c.param("thread_ts") == null && says(c, "OPEN  demo is DOWN"));
        String rootTs = root.answeredTs();
        FakeSlackApi.Call page = await("the escalation in the thread", "chat.postMessage",
                c -> rootTs.equals(c.param("thread_ts")) && says(c, "A person is needed: demo is still DOWN"));
        assertTrue(page.param("text").startsWith("<!subteam^S0ONCALL> "), "Slack notifies the group: " + page.param("text"));
        await("the root edited: a person is needed", "chat.update", c -> rootTs.equals(c.param("ts")) && says(c, "a person is needed"));
        assertEquals(1, posted("A person is needed"), "escalated once");
        assertEquals(1, backend.restarts(), "run once, never retried");
    }

    @Test
    void holdPressedInSlackStopsTheCountdown() throws Exception {
        SlackDemoBot started = SlackDemoBot.start(slack, backend, "demo", SlackDemoBot.FAST, backend.baseUrl(), rule(Duration.ofMinutes(10)));
        bot = started.bot();
        backend.breakHealth();
        FakeSlackApi.Call announced = await("the announcement", "chat.postMessage",
                c -> says(c, "restart-service on demo in 10 min unless someone presses Hold"));
        String hold = announced.param("blocks").replaceAll("(?s).*\"(hold:[0-9a-z]+)\".*", "$1");
        assertTrue(hold.startsWith("hold:"), announced.param("blocks"));
        assertEquals(200, started.signed().send(SignedRequests.buttonClick("C_INCIDENTS", "U_LEAD", "lead", hold,
                announced.answeredTs(), announced.param("thread_ts"))).statusCode());
        await("the announcement edited: held", "chat.update",
                c -> announced.answeredTs().equals(c.param("ts")) && says(c, "held by @lead"));
        assertEquals(0, backend.restarts());
    }
}
