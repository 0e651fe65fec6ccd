package dev.triage.bot.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.triage.adapters.slack.FakeSlackApi;
import dev.triage.adapters.slack.SignedRequests;
import dev.triage.bot.TestBots;
import dev.triage.bot.demo.DemoBackend;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Slack answering 429 (Retry-After) and 5xx again and again while the whole story happens: a command's answer, a
 * refusal only one person sees, an incident's root, thread lines and edits, an approval card, its steps and its
 * edits. Every kind arrives, each exactly once (by its delivery key, counting only what Slack accepted), and each
 * thread's messages in the order they were queued.
 */
class SlackStormTest {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String RATE_LIMITED = "{\"ok\":false,\"error\":\"ratelimited\"}";
    private final FakeSlackApi slack = new FakeSlackApi();
    private DemoBackend backend;
    private TestBots bot;

    SlackStormTest() throws Exception {
    }

    @AfterEach
    void stop() {
        if (bot != null) {
            bot.close();
        }
        if (backend != null) {
            backend.close();
        }
        slack.close();
    }

    private void storm(String method, int rateLimited, int serverErrors) {
        for (int i = 0; i < rateLimited; i++) {
            slack.answerNext(method, 429, Map.of("Retry-After", "1"), RATE_LIMITED);
        }
        for (int i = 0; i < serverErrors; i++) {
            slack.answerNext(method, 503, Map.of(), "{\"ok\":false,\"error\":\"service_unavailable\"}");
        }
    }

    private static boolean accepted(FakeSlackApi.Call c) {
        return c.answer() != null && c.answer().contains("\"ok\":true");
    }

    private static boolean says(FakeSlackApi.Call c, String text) {
        return c.param("text") != null && c.param("text").contains(text);
    }

    /** A call Slack accepted (not a 429 or 5xx it answered). */
    private FakeSlackApi.Call await(String what, String method, Predicate<FakeSlackApi.Call> match) throws InterruptedException {
        return slack.await(what, method, c -> accepted(c) && match.test(c), WAIT);
    }

    @Test
    void everyKindOfMessageArrivesOnceAndInOrderThroughA429And5xxStorm() throws Exception {
        backend = new DemoBackend(InstantSource.system(), Duration.ofSeconds(3)).start();
        SlackDemoBot started = SlackDemoBot.start(slack, backend, "demo", SlackDemoBot.FAST);
        bot = started.bot();
        SignedRequests signed = started.signed();

        storm("chat.postMessage", 6, 0);   // more than the adapter's own five tries: the outbox tries again later
        storm("chat.postEphemeral", 1, 1);
        assertEquals(200, signed.send(SignedRequests.slashCommand("C_OPS", "U_ONCALL", "oncall", "/backend", "status demo")).statusCode());
        assertEquals(200, signed.send(SignedRequests.slashCommand("C_OPS", "U_ONCALL", "oncall", "/backend", "statsu demo")).statusCode());
        await("the answer to /backend status demo", "chat.postMessage", c -> "C_OPS".equals(c.param("channel")) && says(c, "demo — UP"));
        await("the refusal only the asker sees", "chat.postEphemeral", c -> says(c, "statsu"));

        storm("chat.postMessage", 2, 1);
        storm("chat.update", 2, 1);
        backend.breakHealth();
        FakeSlackApi.Call root = await("the incident's root", "chat.postMessage",
                c -> "C_INCIDENTS".equals(c.param("channel")) && c.param("thread_ts") == null && says(c, "OPEN  demo is DOWN"));
        String rootTs = root.answeredTs();
        await("the diagnosis in its thread", "chat.postMessage", c -> rootTs.equals(c.param("thread_ts")) && says(c, "likely cause"));

        storm("chat.postMessage", 2, 1);
        assertEquals(200, signed.send(SignedRequests.slashCommand("C_OPS", "U_ONCALL", "oncall", "/backend", "restart demo")).statusCode());
        FakeSlackApi.Call card = await("the approval card", "chat.postMessage", c -> says(c, "restart-service on demo"));
        String approve = card.param("blocks").replaceAll("(?s).*\"(approve:[0-9a-z]+)\".*", "$1");
        storm("chat.update", 2, 1);
        storm("chat.postMessage", 1, 1);
        assertEquals(200, signed.send(SignedRequests.buttonClick("C_OPS", "U_LEAD", "lead", approve, card.answeredTs(), null))
                .statusCode());
        await("the card edited with the outcome", "chat.update", c -> card.answeredTs().equals(c.param("ts")) && says(c, "· done"));
        await("the resolution in the incident's thread", "chat.postMessage",
                c -> rootTs.equals(c.param("thread_ts")) && says(c, "RESOLVED  demo was down"));
        await("the root edited to RESOLVED", "chat.update", c -> rootTs.equals(c.param("ts")) && says(c, "RESOLVED"));
        Thread.sleep(2000);

        List<FakeSlackApi.Call> posts = slack.calls("chat.postMessage").stream().filter(SlackStormTest::accepted).toList();
        Map<String, Integer> byKey = new HashMap<>();
        posts.forEach(c -> byKey.merge(c.deliveryKey(), 1, Integer::sum));
        byKey.values().removeIf(n -> n == 1);
        assertTrue(byKey.isEmpty(), "accepted twice: " + byKey);
        assertTrue(posts.stream().allMatch(c -> c.deliveryKey() != null), "every post is an outbox item");
        assertEquals(1, posts.stream().filter(c -> says(c, "demo — UP")).count(), "the answer, once");
        assertEquals(1, posts.stream().filter(c -> says(c, "OPEN  demo is DOWN")).count(), "the root, once");
        assertEquals(3, posts.stream().filter(c -> card.answeredTs().equals(c.param("thread_ts"))).count(),
                "the three steps under the card, once each");
        for (String thread : List.of(rootTs, card.answeredTs())) {
            List<String> keys = new ArrayList<>(posts.stream().filter(c -> thread.equals(c.param("thread_ts")))
                    .map(FakeSlackApi.Call::deliveryKey).toList());
            List<String> queued = new ArrayList<>(keys);
            queued.sort(String::compareTo);
            assertEquals(queued, keys, "the thread " + thread + " in the order its messages were queued");
        }
    }
}
