package dev.triage.bot.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.triage.adapters.slack.FakeSlackApi;
import dev.triage.bot.store.LocalPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL stops for 30 s under two running replicas (a managed database failing over does the same): one
 * target goes down during the outage and another after it. Both incidents are recorded and posted once, each in
 * its own thread, once the store is back; the replica that led says once that the store is unreachable and once
 * that it is back; {@code /readyz} says so meanwhile.
 */
class StoreOutageTest {
    @TempDir
    Path dir;

    private LocalPostgres postgres;
    private BotCluster cluster;

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    private List<FakeSlackApi.Call> posts(Predicate<FakeSlackApi.Call> match) {
        return cluster.slack.calls("chat.postMessage").stream().filter(match).toList();
    }

    private static Predicate<FakeSlackApi.Call> says(String text) {
        return c -> c.param("text") != null && c.param("text").contains(text);
    }

    private static Predicate<FakeSlackApi.Call> rootOf(String target) {
        return c -> c.param("thread_ts") == null && says("OPEN  " + target + " is DOWN").test(c);
    }

    private static HttpResponse<String> readyz(BotCluster.Bot b) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + b.healthPort + "/readyz")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void twoOutagesAroundAStoreOutageAreEachRecordedAndPostedOnce() throws Exception {
        postgres = LocalPostgres.start();
        postgres.newDatabase("outage");
        cluster = new BotCluster(dir, postgres.jdbcUrl("outage"));
        List<BotCluster.Bot> bots = List.of(cluster.start("bot-1"), cluster.start("bot-2"));
        BotCluster.Bot leader = cluster.awaitReady(bots);
        cluster.await("ready", () -> {
            try {
                return readyz(leader).statusCode() == 200;
            } catch (Exception e) {
                return false;
            }
        });

        postgres.stop();
        Thread.sleep(5000);
        cluster.health("api", 503);   // goes down while nobody can record it
        cluster.await("the store's outage said once", () -> !posts(says("Triage can't reach its store")).isEmpty());
        HttpResponse<String> notReady = readyz(bots.get(0));
        assertEquals(503, notReady.statusCode(), notReady.body());
        assertTrue(notReady.body().contains("\"store\":{\"ok\":false") || notReady.body().contains("unreachable"), notReady.body());
        Thread.sleep(25_000);
        postgres.restart();

        cluster.await("the store's return said", () -> !posts(says("Triage's store answers again")).isEmpty());
        cluster.await("api's incident, recorded after the outage", () -> !posts(rootOf("api")).isEmpty());
        String apiTs = posts(rootOf("api")).get(0).answeredTs();
        cluster.await("api's diagnosis in its thread", () -> !posts(c -> apiTs.equals(c.param("thread_ts"))
                && says("likely cause").test(c)).isEmpty());

        cluster.health("web", 503);   // goes down after the outage
        cluster.await("web's incident", () -> !posts(rootOf("web")).isEmpty());
        String webTs = posts(rootOf("web")).get(0).answeredTs();
        cluster.await("web's diagnosis in its own thread", () -> !posts(c -> webTs.equals(c.param("thread_ts"))
                && says("likely cause").test(c)).isEmpty());
        cluster.health("api", 200);
        cluster.health("web", 200);
        cluster.await("both resolved in their threads", () -> !posts(c -> apiTs.equals(c.param("thread_ts"))
                && says("RESOLVED  api").test(c)).isEmpty() && !posts(c -> webTs.equals(c.param("thread_ts"))
                && says("RESOLVED  web").test(c)).isEmpty());
        Thread.sleep(1500);

        assertEquals(1, posts(rootOf("api")).size(), cluster.story());
        assertEquals(1, posts(rootOf("web")).size(), cluster.story());
        assertEquals(1, posts(says("Triage can't reach its store")).size(), "one alert from the replica that led");
        assertEquals(1, posts(says("Triage's store answers again")).size());
        assertEquals(2, cluster.count("SELECT COUNT(*) FROM incidents"));
        Map<String, Integer> keys = new HashMap<>();
        cluster.slack.calls("chat.postMessage").forEach(c -> {
            if (c.deliveryKey() != null) {
                keys.merge(c.deliveryKey(), 1, Integer::sum);
            }
        });
        keys.values().removeIf(n -> n == 1);
        assertTrue(keys.isEmpty(), "posted twice: " + keys);
        assertEquals(200, readyz(bots.get(1)).statusCode());
    }
}
