package dev.triage.bot.ha.bench;

import dev.triage.bot.ha.BotCluster;
import dev.triage.bot.store.TestStores;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failover with real processes: three bot JVMs on one PostgreSQL with the default lease (10 s TTL, renewed every
 * 3 s), one target down with its incident open. Ten times: SIGKILL the leader and mend the target at once, then
 * time kill → the first probe the target's backend sees (the new leader's; the dead one can't), kill → the first
 * message that reaches Slack after it (the new leader's), and kill → the resolution in the incident's thread (that
 * includes the two good probes that resolve it, and the thread's lines before it, paced one a second).
 * Then the probe rate one leader holds over 300 more targets (every second), alone and while the two followers
 * answer 50 slash commands a second. Prints figures; never fails on time. Run alone (2 shared cores):
 *
 * <pre>mvn -B -pl bot -am test -Dtest=FailoverBenchmark -Dtriage.excludedGroups=none -Dsurefire.failIfNoSpecifiedTests=false</pre>
 */
@Tag("benchmark")
class FailoverBenchmark {
    private static final int KILLS = 10;
    private static final int LOAD_TARGETS = 300;

    @TempDir
    Path dir;

    @Test
    void failoverTimesAndTheLeadersProbeRateUnderCommands() throws Exception {
        var store = TestStores.fresh(TestStores.POSTGRESQL);
        try (BotCluster cluster = new BotCluster(dir, store.url(), "{lease_ttl: 10s, renew_every: 3s}", LOAD_TARGETS)) {
            List<BotCluster.Bot> bots = new ArrayList<>(List.of(cluster.start("bot-1"), cluster.start("bot-2"), cluster.start("bot-3")));
            cluster.awaitReady(bots);
            List<Long> toProbe = new ArrayList<>();
            List<Long> toMessage = new ArrayList<>();
            List<Long> toResolution = new ArrayList<>();
            int incidents = 0;
            for (int round = 1; round <= KILLS; round++) {
                cluster.health("api", 503);
                incidents++;
                int open = incidents;
                cluster.await("incident " + open + " opened", () -> cluster.roots("api") >= open);
                BotCluster.Bot leader = cluster.leader().orElseThrow();
                int resolved = cluster.resolutions("api");
                Instant killed = Instant.now();
                BotCluster.kill(leader);
                cluster.health("api", 200);
                cluster.await("the resolution after kill " + open, () -> cluster.resolutions("api") > resolved);
                Instant probe = cluster.firstApiProbeAfter(killed.plusMillis(20));
                toProbe.add(Duration.between(killed, probe).toMillis());
                toMessage.add(Duration.between(killed, cluster.firstMessageAfter(killed)).toMillis());
                toResolution.add(Duration.between(killed, cluster.lastResolutionAt("api")).toMillis());
                System.out.printf(Locale.ROOT, "kill %2d: first probe by the new leader after %5d ms, first message after %5d ms, "
                        + "resolution after %5d ms%n", round, toProbe.get(round - 1), toMessage.get(round - 1), toResolution.get(round - 1));
                bots.remove(leader);
                bots.add(cluster.start(leader.toString().replaceAll("-r\\d+$", "") + "-r" + round));
                cluster.awaitReady(bots);
            }
            System.out.printf(Locale.ROOT, "failover over %d kills (lease TTL 10 s, renewal 3 s): kill → first probe p50 %d ms, max %d ms; "
                    + "kill → first message p50 %d ms, max %d ms; kill → resolution p50 %d ms, max %d ms%n", KILLS, p(toProbe, 0.5),
                    p(toProbe, 1.0), p(toMessage, 0.5), p(toMessage, 1.0), p(toResolution, 0.5), p(toResolution, 1.0));

            BotCluster.Bot leader = cluster.leader().orElseThrow();
            double alone = cluster.probeRate(Duration.ofSeconds(20));
            List<BotCluster.Bot> followers = cluster.followers(leader);
            ExecutorService load = Executors.newFixedThreadPool(8);
            List<Future<Long>> answers = Collections.synchronizedList(new ArrayList<>());
            Instant end = Instant.now().plusSeconds(20);
            Future<Double> busy = Executors.newSingleThreadExecutor().submit(() -> cluster.probeRate(Duration.ofSeconds(20)));
            long sent = 0;
            while (Instant.now().isBefore(end)) {
                BotCluster.Bot to = followers.get((int) (sent % followers.size()));
                String tag = "C_LOAD" + sent;
                answers.add(load.submit(() -> cluster.answerLatency(to, tag)));
                sent++;
                Thread.sleep(20);   // 50 a second
            }
            double underLoad = busy.get();
            List<Long> latencies = new ArrayList<>();
            for (Future<Long> f : answers) {
                latencies.add(f.get(60, TimeUnit.SECONDS));
            }
            load.shutdown();
            System.out.printf(Locale.ROOT, "leader probe rate over %d targets: %.1f probes/s alone, %.1f probes/s while the two followers "
                    + "answer %d commands (%.0f/s): answer in Slack p50 %d ms, p95 %d ms, max %d ms%n", LOAD_TARGETS + 2, alone, underLoad,
                    sent, sent / 20.0, p(latencies, 0.5), p(latencies, 0.95), p(latencies, 1.0));
        }
    }

    private static long p(List<Long> values, double q) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = Math.max(0, (int) Math.ceil(q * sorted.size()) - 1);
        return sorted.get(Math.min(sorted.size() - 1, index));
    }

}
