package dev.triage.bot.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.triage.adapters.slack.FakeSlackApi;
import dev.triage.bot.TestBots;
import dev.triage.bot.demo.DemoBackend;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The resolution's chart in Slack, through the outbox and the real Slack client to the local fake of Slack's Web API:
 * uploaded the external way into the incident's thread, exactly one file — also when Slack rate limits the share longer
 * than the client keeps trying, so the outbox tries the item again later, in doubt, and asks the thread first.
 */
class SlackChartInTheThreadTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private final FakeSlackApi slack = new FakeSlackApi();
    private DemoBackend backend;
    private TestBots bot;

    SlackChartInTheThreadTest() throws Exception {
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

    private static boolean says(FakeSlackApi.Call c, String text) {
        return c.param("text") != null && c.param("text").contains(text);
    }

    @Test
    void theResolutionsChartIsOneFileInTheIncidentsThreadThroughAStormOf429s() throws Exception {
        bot = SlackDemoBot.start(slack, backend, "demo", SlackDemoBot.FAST).bot();
        // More 429s on the share than the client's five tries: the outbox item fails once and is sent again later.
        for (int i = 0; i < 7; i++) {
            slack.answerNext("files.completeUploadExternal", 429, Map.of("Retry-After", "1"), "{\"ok\":false,\"error\":\"ratelimited\"}");
        }
        for (int i = 0; i < 2; i++) {
            slack.answerNext("files.getUploadURLExternal", 429, Map.of("Retry-After", "1"), "{\"ok\":false,\"error\":\"ratelimited\"}");
        }

        backend.breakHealth();
        String rootTs = slack.await("the incident's root", "chat.postMessage",
                c -> "C_INCIDENTS".equals(c.param("channel")) && c.param("thread_ts") == null && says(c, "OPEN  demo is DOWN"), WAIT)
                .answeredTs();
        backend.mend();
        slack.await("the resolution in the thread", "chat.postMessage",
                c -> rootTs.equals(c.param("thread_ts")) && says(c, "RESOLVED  demo was down"), WAIT);
        // The root's edit to RESOLVED is queued after the chart in the same thread: once it arrives, the chart is done.
        slack.await("the root edited to RESOLVED", "chat.update", c -> rootTs.equals(c.param("ts")) && says(c, "RESOLVED"), WAIT);

        List<FakeSlackApi.FakeFile> inThread = slack.sharedFiles("C_INCIDENTS", rootTs);
        assertEquals(1, inThread.size(), "one chart in the incident's thread");
        assertEquals(1, slack.sharedFiles().size(), "and no other file anywhere");
        FakeSlackApi.FakeFile chart = inThread.get(0);
        assertTrue(chart.name.startsWith("uptime-demo-24h-") && chart.name.endsWith(".png"), chart.name);
        assertTrue(chart.title.startsWith("Uptime chart of demo, last 24h: "), chart.title);
        assertEquals(0x89, chart.bytes[0] & 0xff, "a PNG");
        assertTrue(slack.calls("conversations.replies").stream().anyMatch(c -> rootTs.equals(c.param("ts"))),
                "the send in doubt was looked up in the thread before it was made again");
        assertEquals(List.of(), slack.calls("files.upload"), "the retired method is never called");
        long shares = slack.calls("files.completeUploadExternal").stream().filter(c -> c.answer().contains("\"ok\":true")).count();
        assertEquals(1, shares, "one share Slack took");
    }
}
