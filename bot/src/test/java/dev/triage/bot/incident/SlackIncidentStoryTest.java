package dev.triage.bot.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.triage.adapters.slack.FakeSlackApi;
import dev.triage.adapters.slack.SignedRequests;
import dev.triage.bot.TestBots;
import dev.triage.bot.demo.DemoBackend;
import java.time.Duration;
import java.time.InstantSource;
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
        return slack.await(what, method, match, WAIT);
    }

    private static boolean says(FakeSlackApi.Call c, String text) {
        return c.param("text") != null && c.param("text").contains(text);
    }

    @Test
    void breaksOpensDiagnosesGetsARestartApprovedRecoversAndResolvesInOneThread() throws Exception {
        SlackDemoBot started = SlackDemoBot.start(slack, backend, "demo", SlackDemoBot.FAST);
        bot = started.bot();
        SignedRequests signed = started.signed();

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
        SlackDemoBot started = SlackDemoBot.start(slack, backend, "svc", SlackDemoBot.UNPROBED);
        bot = started.bot();
        SignedRequests signed = started.signed();

        assertEquals(200, signed.send(SignedRequests.slashCommand("C_OPS", "U_ONCALL", "oncall", "/backend", "restart svc")).statusCode());
        FakeSlackApi.Call card = await("the approval card", "chat.postMessage", c -> says(c, "restart-service on svc"));
        String approve = card.param("blocks").replaceAll("(?s).*\"(approve:[0-9a-z]+)\".*", "$1");
        assertEquals(200, signed.send(SignedRequests.buttonClick("C_OPS", "U_LEAD", "lead", approve, card.answeredTs(), null))
                .statusCode());
        await("the card edited with the outcome", "chat.update", c -> card.answeredTs().equals(c.param("ts")) && says(c, "· done"));
    }
}
