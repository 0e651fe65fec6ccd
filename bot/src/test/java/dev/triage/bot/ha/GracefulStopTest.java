package dev.triage.bot.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.triage.adapters.slack.FakeSlackApi;
import dev.triage.adapters.slack.SignedRequests;
import dev.triage.bot.store.TestStores;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to a real bot process (its own JVM, on PostgreSQL beside a second replica, answering a local fake of Slack in
 * HTTP mode): it stops taking commands at once, lets a running action finish — or, when the action would outlast the
 * stop, interrupts it and says so on its card — delivers what its outbox holds within a bounded time (leaving to the
 * other replica what Slack won't take yet), gives the lease up and exits 0 saying it stopped cleanly.
 */
class GracefulStopTest {
    /** The whole stop must fit Kubernetes' terminationGracePeriodSeconds (30 s in deploy/kubernetes) with room to spare. */
    private static final Duration STOP_WITHIN = Duration.ofSeconds(25);

    @TempDir
    Path dir;

    private BotCluster cluster;

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private BotCluster.Bot[] leaderAndOther(String suspendFor) throws Exception {
        cluster = new BotCluster(dir, TestStores.fresh(TestStores.POSTGRESQL).url());
        cluster.env.put("RENDER_SUSPEND_FOR", suspendFor);
        BotCluster.Bot a = cluster.start("bot-1");
        BotCluster.Bot b = cluster.start("bot-2");
        BotCluster.Bot leader = cluster.awaitReady(List.of(a, b));
        return new BotCluster.Bot[] {leader, leader == a ? b : a};
    }

    private static boolean says(FakeSlackApi.Call c, String text) {
        return c.param("text") != null && c.param("text").contains(text);
    }

    private List<FakeSlackApi.Call> calls(String method, Predicate<FakeSlackApi.Call> match) {
        return cluster.slack.calls(method).stream().filter(match).toList();
    }

    /** Asks {@code bot} for render-restart on api, approves it there and waits until the service is suspended: the action runs. */
    private FakeSlackApi.Call actionRunningOn(BotCluster.Bot bot) throws Exception {
        assertEquals(200, bot.slack().send(SignedRequests.slashCommand("C_OPS", "U_ONCALL", "oncall", "/backend", "bounce api"))
                .statusCode());
        cluster.await("the approval card", () -> !calls("chat.postMessage", c -> "C_OPS".equals(c.param("channel"))
                && says(c, "render-restart on api")).isEmpty());
        FakeSlackApi.Call card = calls("chat.postMessage", c -> "C_OPS".equals(c.param("channel")) && says(c, "render-restart on api")).get(0);
        String approve = card.param("blocks").replaceAll("(?s).*\"(approve:[0-9a-z]+)\".*", "$1");
        assertEquals(200, bot.slack().send(SignedRequests.buttonClick("C_OPS", "U_OP1", "op1", approve, card.answeredTs(), null))
                .statusCode());
        cluster.await("the service suspended by the action", () -> cluster.suspends.get() == 1);
        return card;
    }

    /** SIGTERM, then the exit: its code, and how long it took. */
    private Duration stopWithSigterm(BotCluster.Bot bot) throws Exception {
        Instant asked = Instant.now();
        BotCluster.signal(bot, "TERM");
        assertTrue(bot.process.waitFor(STOP_WITHIN.toSeconds() + 10, TimeUnit.SECONDS), "it never exited\n" + bot.log());
        Duration took = Duration.between(asked, Instant.now());
        assertEquals(0, bot.process.exitValue(), "exit code after SIGTERM\n" + bot.log());
        assertTrue(took.compareTo(STOP_WITHIN) < 0, "stopped in " + took + ", over " + STOP_WITHIN + "\n" + bot.log());
        assertTrue(bot.log().contains("Triage stopped cleanly"), bot.log());
        assertTrue(bot.log().contains("gave up the lease"), bot.log());
        assertFalse(bot.log().contains("] ERROR "), "a clean stop logs no error\n" + bot.log());
        return took;
    }

    /** Whether the card's last edit says {@code state}. */
    private boolean cardSays(FakeSlackApi.Call card, String state) {
        return calls("chat.update", c -> card.answeredTs().equals(c.param("ts")) && says(c, state)).size() == 1;
    }

    private static int statusOrRefused(BotCluster.Bot bot, String body) throws InterruptedException {
        try {
            return bot.slack().send(body).statusCode();
        } catch (IOException refused) {
            return -1;
        }
    }

    private static int readyz(BotCluster.Bot bot) throws InterruptedException {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bot.healthPort + "/readyz"))
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException refused) {
            return -1;
        }
    }

    private void assertNothingTwice() {
        Map<String, Integer> seen = new HashMap<>();
        for (FakeSlackApi.Call c : cluster.slack.calls("chat.postMessage")) {
            if (c.deliveryKey() != null && c.answer().contains("\"ok\":true")) {
                seen.merge(c.deliveryKey(), 1, Integer::sum);
            }
        }
        seen.values().removeIf(n -> n == 1);
        assertTrue(seen.isEmpty(), "posted twice: " + seen + "\n" + cluster.story());
    }

    @Test
    void aSigtermedLeaderTakesNoNewCommandsLetsItsRunningActionFinishDeliversItsOutcomeAndExitsZero() throws Exception {
        BotCluster.Bot[] bots = leaderAndOther("3s");
        BotCluster.Bot leader = bots[0];
        BotCluster.Bot other = bots[1];
        FakeSlackApi.Call card = actionRunningOn(leader);

        BotCluster.signal(leader, "TERM");
        cluster.await("the stopping bot to say it takes no more commands", () -> leader.log().contains("takes no new commands"));
        int late = statusOrRefused(leader, SignedRequests.slashCommand("C_LATE", "U_ONCALL", "oncall", "/backend", "incidents"));
        assertNotEquals(200, late, "a command sent to a stopping bot was taken");
        assertNotEquals(200, readyz(leader), "a stopping bot still says it is ready, so a load balancer keeps sending to it");
        assertTrue(leader.process.waitFor(STOP_WITHIN.toSeconds() + 10, TimeUnit.SECONDS), leader.log());
        assertEquals(0, leader.process.exitValue(), leader.log());
        assertTrue(leader.log().contains("Triage stopped cleanly"), leader.log());
        assertTrue(leader.log().contains("gave up the lease"), leader.log());
        assertFalse(leader.log().contains("] ERROR "), "a clean stop logs no error\n" + leader.log());

        // The action ran to its end on the stopping bot, and the outcome reached Slack before it exited.
        assertEquals(1, cluster.resumes.get(), "resumed once");
        assertTrue(cardSays(card, "· done"), "the card says done\n" + cluster.story());
        assertEquals(1, cluster.count("SELECT COUNT(*) FROM audit WHERE kind = 'outcome' AND result = 'DONE'"), cluster.story());
        assertEquals(0, cluster.count("SELECT COUNT(*) FROM action_runs WHERE outcome IS NULL"), "no run left open");
        assertTrue(calls("chat.postMessage", c -> "C_LATE".equals(c.param("channel"))).isEmpty(), "the refused command was not answered");
        cluster.awaitLeader(leader);
        assertTrue(cluster.answerLatency(other, "C_AFTER") > 0, "the other replica answers");
        assertNothingTwice();
    }

    @Test
    void anActionThatWouldOutlastTheStopIsInterruptedAndItsCardSaysSoBeforeTheBotExitsZero() throws Exception {
        BotCluster.Bot[] bots = leaderAndOther("120s");
        BotCluster.Bot leader = bots[0];
        FakeSlackApi.Call card = actionRunningOn(leader);

        stopWithSigterm(leader);

        assertEquals(1, cluster.resumes.get(), "the interrupted wait resumed the service at once");
        assertTrue(cardSays(card, "· interrupted"), "the card says interrupted\n" + cluster.story());
        assertEquals(1, cluster.count("SELECT COUNT(*) FROM audit WHERE kind = 'outcome' AND result = 'INTERRUPTED'"), cluster.story());
        assertEquals(1, cluster.count("SELECT COUNT(*) FROM action_runs WHERE outcome = 'INTERRUPTED'"));
        assertTrue(leader.log().contains("interrupted"), leader.log());
        cluster.awaitLeader(leader);
        Thread.sleep(4000);   // the new leader's start, which ends the runs of stopped replicas: none is left to it
        assertEquals(1, calls("chat.update", c -> card.answeredTs().equals(c.param("ts")) && says(c, "interrupted")).size(),
                "one interrupted edit, not a second from the next leader\n" + cluster.story());
        assertNothingTwice();
    }

    @Test
    void whatSlackWontTakeBeforeTheStopCanWaitNoLongerIsLeftQueuedForTheOtherReplicaAndSentOnce() throws Exception {
        BotCluster.Bot[] bots = leaderAndOther("30s");
        BotCluster.Bot leader = bots[0];
        cluster.slack.answerNext("chat.postMessage", 429, Map.of("Retry-After", "40"), "{\"ok\":false,\"error\":\"ratelimited\"}");
        assertEquals(200, leader.slack().send(SignedRequests.slashCommand("C_SLOW", "U_ONCALL", "oncall", "/backend", "incidents"))
                .statusCode());
        cluster.await("the answer tried once and rate limited", () -> !calls("chat.postMessage",
                c -> "C_SLOW".equals(c.param("channel"))).isEmpty());

        Duration took = stopWithSigterm(leader);
        assertTrue(leader.log().contains("left in the outbox"), leader.log());

        cluster.awaitLeader(leader);
        cluster.await("the other replica to deliver the answer", () -> calls("chat.postMessage",
                c -> "C_SLOW".equals(c.param("channel")) && c.answer().contains("\"ok\":true")).size() == 1);
        Thread.sleep(2000);
        assertEquals(1, calls("chat.postMessage", c -> "C_SLOW".equals(c.param("channel")) && c.answer().contains("\"ok\":true")).size(),
                "delivered once (stopped in " + took + ")\n" + cluster.story());
        assertNothingTwice();
    }
}
