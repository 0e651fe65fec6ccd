package dev.triage.bot.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.triage.adapters.slack.FakeSlackApi;
import dev.triage.adapters.slack.SignedRequests;
import dev.triage.bot.store.TestStores;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real bot processes on one PostgreSQL act as one bot: Slack (a local fake in its wire format) sees one
 * root, one diagnosis, reminders once and one resolution per incident, in one thread — through SIGKILL of the
 * leader before and after the root reached Slack, a leader paused past its lease, silences set on a follower,
 * and a hundred approval clicks spread over the replicas. Every message carries its outbox item as a delivery
 * key; no key may reach Slack twice.
 */
class HaClusterTest {
    @TempDir
    Path dir;

    private BotCluster cluster;

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private BotCluster cluster() throws Exception {
        var store = TestStores.fresh(TestStores.POSTGRESQL);
        cluster = new BotCluster(dir, store.url());
        return cluster;
    }

    private List<BotCluster.Bot> startThree() throws Exception {
        List<BotCluster.Bot> bots = List.of(cluster.start("bot-1"), cluster.start("bot-2"), cluster.start("bot-3"));
        cluster.awaitReady(bots);
        return bots;
    }

    private static boolean says(FakeSlackApi.Call c, String text) {
        return c.param("text") != null && c.param("text").contains(text);
    }

    private List<FakeSlackApi.Call> posts() {
        return cluster.slack.calls("chat.postMessage");
    }

    private List<FakeSlackApi.Call> posts(Predicate<FakeSlackApi.Call> match) {
        return posts().stream().filter(match).toList();
    }

    private static Predicate<FakeSlackApi.Call> rootOf(String target) {
        return c -> "C_INCIDENTS".equals(c.param("channel")) && c.param("thread_ts") == null && says(c, "OPEN  " + target + " is DOWN");
    }

    private static Predicate<FakeSlackApi.Call> inThread(String rootTs, String text) {
        return c -> rootTs.equals(c.param("thread_ts")) && says(c, text);
    }

    private FakeSlackApi.Call awaitOne(String what, Predicate<FakeSlackApi.Call> match) throws Exception {
        cluster.await(what, () -> !posts(match).isEmpty());
        return posts(match).get(0);
    }

    /** Nothing reached Slack twice: no delivery key appears on two posts. */
    private void assertNothingTwice() {
        Map<String, Integer> seen = new HashMap<>();
        for (FakeSlackApi.Call c : posts()) {
            if (c.deliveryKey() != null) {
                seen.merge(c.deliveryKey(), 1, Integer::sum);
            }
        }
        seen.values().removeIf(n -> n == 1);
        assertTrue(seen.isEmpty(), "posted twice: " + seen + "\n" + cluster.story());
    }

    @Test
    void oneTargetDownIsOneStoryInOneThreadAndAKilledLeadersSuccessorFinishesIt() throws Exception {
        cluster();
        List<BotCluster.Bot> bots = startThree();
        Instant broke = Instant.now();
        cluster.health("api", 503);
        FakeSlackApi.Call root = awaitOne("the root", rootOf("api"));
        String ts = root.answeredTs();
        awaitOne("the diagnosis", inThread(ts, "api — likely cause: the service answers but reports itself unavailable"));
        cluster.await("two reminders", () -> posts(inThread(ts, "reminder")).size() >= 2);

        BotCluster.Bot leader = cluster.leader().orElseThrow();
        Instant killed = Instant.now();
        BotCluster.kill(leader);
        BotCluster.Bot next = cluster.awaitLeader(leader);
        Duration failover = Duration.between(killed, Instant.now());
        assertTrue(failover.compareTo(Duration.ofSeconds(8)) < 0, "a new leader within the 3 s TTL and a round: " + failover);
        int reminders = posts(inThread(ts, "reminder")).size();
        cluster.await("a reminder from the new leader", () -> posts(inThread(ts, "reminder")).size() > reminders);

        cluster.health("api", 200);
        Duration down = Duration.between(broke, Instant.now());
        awaitOne("the resolution in the same thread", inThread(ts, "RESOLVED  api was down"));
        cluster.await("the root edited to RESOLVED", () -> cluster.slack.calls("chat.update").stream()
                .anyMatch(c -> ts.equals(c.param("ts")) && says(c, "RESOLVED")));
        Thread.sleep(1500);   // anything late would show now

        assertEquals(1, posts(rootOf("api")).size(), "one root");
        assertEquals(1, posts(inThread(ts, "likely cause")).size(), "one diagnosis");
        assertEquals(1, posts(inThread(ts, "RESOLVED  api was down")).size(), "one resolution");
        assertEquals(1, posts(inThread(ts, "FAIL ×2 → DOWN")).size(), "one DOWN line");
        assertNothingTwice();
        int sent = posts(inThread(ts, "reminder")).size();
        assertTrue(sent <= down.toSeconds() / 3 + 1, "reminders every 3 s once, not once per replica: " + sent + " in "
                + down.toSeconds() + " s");
        assertTrue(bots.contains(next));
    }

    /** The leader dies while its root post is on the way; Slack {@code kept} it, or never saw it. */
    private void leaderKilledWhileTheRootIsOnItsWay(boolean kept) throws Exception {
        cluster();
        startThree();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch arrived = new CountDownLatch(1);
        cluster.slack.holdNext("chat.postMessage", p -> p.getOrDefault("text", "").contains("OPEN  api is DOWN"), kept, release, arrived);
        cluster.health("api", 503);
        assertTrue(arrived.await(60, TimeUnit.SECONDS), "the root was sent");
        BotCluster.Bot leader = cluster.leader().orElseThrow();
        BotCluster.kill(leader);
        release.countDown();
        cluster.awaitLeader(leader);

        FakeSlackApi.Call root = awaitOne("the root", rootOf("api"));
        String ts = root.answeredTs();
        awaitOne("the diagnosis in its thread", inThread(ts, "likely cause"));
        cluster.health("api", 200);
        awaitOne("the resolution in the same thread", inThread(ts, "RESOLVED  api was down"));
        Thread.sleep(1500);
        assertEquals(1, posts(rootOf("api")).size(), "one root" + (kept ? ", found by its key, not sent again" : ""));
        assertEquals(1, posts(inThread(ts, "likely cause")).size(), "one diagnosis");
        assertNothingTwice();
    }

    @Test
    void aLeaderKilledAfterSlackGotTheRootButBeforeItKnewIsSucceededWithoutASecondRoot() throws Exception {
        leaderKilledWhileTheRootIsOnItsWay(true);
    }

    @Test
    void aLeaderKilledBeforeTheRootReachedSlackIsSucceededByOneThatPostsIt() throws Exception {
        leaderKilledWhileTheRootIsOnItsWay(false);
    }

    @Test
    void aSilenceSetThroughAFollowerHoldsOnTheLeaderAtOnceAndAfterALeaderChange() throws Exception {
        cluster();
        startThree();
        BotCluster.Bot leader = cluster.leader().orElseThrow();
        BotCluster.Bot follower = cluster.followers(leader).get(0);
        assertEquals(200, follower.slack().send(SignedRequests.slashCommand("C_OPS", "U_ONCALL", "oncall", "/backend",
                "silence api 10m deploy")).statusCode());
        cluster.await("the silence answered", () -> posts().stream().anyMatch(c -> says(c, "api silenced for 10 min")));
        assertEquals(200, follower.slack().send(SignedRequests.slashCommand("C_WHO", "U_ONCALL", "oncall", "/backend", "probes"))
                .statusCode());
        FakeSlackApi.Call probes = awaitOne("/backend probes from a follower", c -> "C_WHO".equals(c.param("channel")));
        assertTrue(probes.param("blocks").contains("replica " + leader.name + "-") && probes.param("blocks").contains("lease epoch 1")
                && probes.param("blocks").contains("this replica (" + follower.name + "-"), probes.param("blocks"));
        assertTrue(probes.param("blocks").contains("follows") && probes.param("blocks").contains("3 replicas alive"), probes.param("blocks"));
        cluster.health("api", 503);
        Thread.sleep(3000);   // ten probes: DOWN after two
        assertTrue(posts(rootOf("api")).isEmpty(), "nobody paged during the silence\n" + cluster.story());

        BotCluster.kill(leader);
        BotCluster.Bot next = cluster.awaitLeader(leader);
        Thread.sleep(3000);
        assertTrue(posts(rootOf("api")).isEmpty(), "the new leader holds the silence too\n" + cluster.story());

        BotCluster.Bot other = cluster.followers(next).get(0);
        assertEquals(200, other.slack().send(SignedRequests.slashCommand("C_OPS", "U_ONCALL", "oncall", "/backend",
                "unsilence api")).statusCode());
        FakeSlackApi.Call root = awaitOne("the alert held back, now that the silence is lifted", rootOf("api"));
        awaitOne("its DOWN line says why it is late", inThread(root.answeredTs(), "still down after a silence ended"));
        Thread.sleep(1500);
        assertEquals(1, posts(rootOf("api")).size());
        assertNothingTwice();
    }

    @Test
    void aHundredApprovalClicksSpreadOverThreeReplicasRunTheActionOnce() throws Exception {
        cluster();
        List<BotCluster.Bot> bots = startThree();
        assertEquals(200, bots.get(0).slack().send(SignedRequests.slashCommand("C_OPS", "U_ONCALL", "oncall", "/backend",
                "bounce api")).statusCode());
        FakeSlackApi.Call card = awaitOne("the approval card", c -> "C_OPS".equals(c.param("channel"))
                && says(c, "render-restart on api"));
        String approve = card.param("blocks").replaceAll("(?s).*\"(approve:[0-9a-z]+)\".*", "$1");
        assertTrue(approve.startsWith("approve:"), card.param("blocks"));

        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> clicks = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            BotCluster.Bot replica = bots.get(i % 3);
            String user = "U_OP" + i;
            clicks.add(pool.submit(() -> {
                go.await();
                return replica.slack().send(SignedRequests.buttonClick("C_OPS", user, "op", approve, card.answeredTs(), null))
                        .statusCode();
            }));
        }
        go.countDown();
        for (Future<Integer> f : clicks) {
            assertEquals(200, f.get(), "every click acknowledged");
        }
        pool.shutdown();
        cluster.await("the card edited with the outcome", () -> cluster.slack.calls("chat.update").stream()
                .anyMatch(c -> card.answeredTs().equals(c.param("ts")) && says(c, "· done")));
        Thread.sleep(2000);
        assertEquals(1, cluster.suspends.get(), "suspended once");
        assertEquals(1, cluster.resumes.get(), "resumed once");
        assertEquals(1, cluster.count("SELECT COUNT(*) FROM audit WHERE kind = 'outcome'"), "one outcome in the audit");
        assertEquals(1, cluster.count("SELECT COUNT(*) FROM audit WHERE kind = 'approve'"), "one approval in the audit");
        assertEquals(1, cluster.count("SELECT COUNT(*) FROM action_runs"), "one run");
    }

    @Test
    void aLeaderPausedPastItsLeaseWritesAndPostsNothingWhenItResumes() throws Exception {
        cluster();
        startThree();
        BotCluster.Bot leader = cluster.leader().orElseThrow();
        cluster.health("web", 503);
        BotCluster.signal(leader, "STOP");   // mid-probe: its streak of failures is in its memory
        BotCluster.Bot next = cluster.awaitLeader(leader);
        FakeSlackApi.Call root = awaitOne("the new leader's root", rootOf("web"));
        String ts = root.answeredTs();
        awaitOne("its diagnosis", inThread(ts, "likely cause"));
        BotCluster.signal(leader, "CONT");
        cluster.await("the paused one noticed", () -> leader.log().contains("stops leading"));
        Thread.sleep(3000);   // its probes, its queued events, its outbox: all would show by now
        cluster.health("web", 200);
        awaitOne("the resolution", inThread(ts, "RESOLVED  web was down"));
        Thread.sleep(1500);
        assertEquals(1, posts(rootOf("web")).size(), "one root");
        assertEquals(1, posts(inThread(ts, "FAIL ×")).size(), "one DOWN line: the stale leader's was refused");
        assertEquals(1, posts(inThread(ts, "likely cause")).size());
        assertNothingTwice();
        assertTrue(cluster.leader().orElseThrow() != leader || next == leader, "it did not take the lead back by force");
    }

    @Test
    void aLeaderStoppedWithSigtermGivesItsLeaseUpSoAnotherLeadsAtOnce() throws Exception {
        cluster();
        BotCluster.Bot a = cluster.start("bot-1");
        BotCluster.Bot b = cluster.start("bot-2");
        BotCluster.Bot leader = cluster.awaitReady(List.of(a, b));
        Instant asked = Instant.now();
        BotCluster.signal(leader, "TERM");
        assertTrue(leader.process.waitFor(30, TimeUnit.SECONDS), "it stopped");
        assertEquals(0, leader.process.exitValue(), leader.log());
        BotCluster.Bot next = cluster.awaitLeader(leader);
        Duration took = Duration.between(asked, Instant.now());
        assertTrue(leader.log().contains("gave up the lease"), leader.log());
        assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0 || next != leader, "no wait for the 3 s TTL: " + took);
        assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0, "taken over in " + took + ", before the TTL ran out");
    }
}
