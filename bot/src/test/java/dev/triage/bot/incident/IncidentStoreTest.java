package dev.triage.bot.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.triage.bot.probe.HealthState;
import dev.triage.bot.probe.ProbeResult;
import dev.triage.bot.probe.TargetHealth;
import dev.triage.bot.store.Database;
import dev.triage.bot.store.Ids;
import dev.triage.bot.store.TestStores;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/** Incidents, silences and streaks in the store, on SQLite and PostgreSQL, with writers racing where replicas would. */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {TestStores.SQLITE, TestStores.POSTGRESQL})
class IncidentStoreTest {
    private static final Instant T0 = Instant.parse("2026-11-22T03:12:00Z");

    @Parameter
    String kind;

    private Database db;
    private Database other;
    private IncidentStore store;
    private IncidentStore otherReplica;

    @BeforeEach
    void open() {
        var settings = TestStores.fresh(kind);
        db = Database.open(settings);
        other = Database.open(settings);
        store = new IncidentStore(db, new Ids());
        otherReplica = new IncidentStore(other, new Ids());
    }

    @AfterEach
    void close() {
        other.close();
        db.close();
    }

    @Test
    void twoHundredTargetsGoingDownAtOnceGetTwoHundredIncidentsWithTheirOwnNumbers() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<IncidentStore.Opened>> opens = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String target = "t" + i;
            IncidentStore writer = i % 2 == 0 ? store : otherReplica;
            opens.add(pool.submit(() -> {
                go.await();
                return writer.open(target, "C_INC", T0, T0, "http-health → 503", 3);
            }));
        }
        go.countDown();
        Set<Integer> numbers = new HashSet<>();
        for (Future<IncidentStore.Opened> f : opens) {
            IncidentStore.Opened o = f.get();
            assertTrue(o.created());
            numbers.add(o.incident().number());
        }
        pool.shutdown();
        assertEquals(200, numbers.size(), "every number once");
        assertEquals(200, store.allOpen().size());
    }

    @Test
    void fiftyOpensOfOneTargetAtOnceMakeOneIncident() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<IncidentStore.Opened>> opens = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            IncidentStore writer = i % 2 == 0 ? store : otherReplica;
            opens.add(pool.submit(() -> {
                go.await();
                return writer.open("api", "C_INC", T0, T0, "http-health → 503", 3);
            }));
        }
        go.countDown();
        int created = 0;
        Set<String> ids = new HashSet<>();
        for (Future<IncidentStore.Opened> f : opens) {
            created += f.get().created() ? 1 : 0;
            ids.add(f.get().incident().id());
        }
        pool.shutdown();
        assertEquals(1, created);
        assertEquals(1, ids.size(), "all see the same incident");
    }

    @Test
    void ofSeveralSilencesTheLongestHoldsAndLiftingOneKeepsTheOther() {
        otherReplica.saveSilence("api", IncidentStore.ACTION, T0.plus(Duration.ofMinutes(5)), "restart-service running", "triage", T0);
        store.saveSilence("api", IncidentStore.PERSON, T0.plus(Duration.ofMinutes(30)), "deploy", "lead", T0);
        assertEquals("deploy", store.silence("api", T0).orElseThrow().reason());
        assertEquals(T0.plus(Duration.ofMinutes(30)), store.silences(T0).get("api").until());
        store.deleteSilence("api", IncidentStore.PERSON);
        assertEquals(IncidentStore.ACTION, otherReplica.silence("api", T0).orElseThrow().kind());
        assertTrue(store.silence("api", T0.plus(Duration.ofMinutes(6))).isEmpty(), "the action's silence ran out");
    }

    @Test
    void aStreakWrittenByOneLeaderIsReadBackByTheNext() {
        ProbeResult first = ProbeResult.failed("api", T0, Duration.ofMillis(12), "http-health", "GET /health → 503",
                List.of("HTTP 503", "body: {\"status\":\"error\"}"));
        store.saveStreaks(Map.of("api", new TargetHealth.Streak(HealthState.UP, T0.minusSeconds(600), 2, 0, first, null),
                "web", new TargetHealth.Streak(HealthState.UNKNOWN, null, 0, 1, null, T0)), 3, T0);
        Map<String, TargetHealth.Streak> read = otherReplica.streaks();
        TargetHealth.Streak api = read.get("api");
        assertEquals(HealthState.UP, api.state());
        assertEquals(2, api.failures());
        assertEquals(first, api.firstFailure());
        assertNull(read.get("web").firstFailure());
        assertEquals(T0, read.get("web").firstSuccess());
    }

    @Test
    void theDiagnosisIsRecordedOnceWhoeverPostsIt() {
        Incident i = store.open("api", "C_INC", T0, T0, "http-health → 503", 3).incident();
        store.setRoot(i.id(), "root-item");
        assertEquals(1, store.undiagnosed().size());
        assertTrue(store.recordDiagnosis(i.id(), "the service is down", "restart-service", T0));
        assertTrue(!otherReplica.recordDiagnosis(i.id(), "something else", null, T0), "the second is refused");
        Incident read = otherReplica.byId(i.id()).orElseThrow();
        assertEquals("the service is down", read.cause());
        assertEquals("restart-service", read.fixAction());
        assertTrue(store.undiagnosed().isEmpty());
    }
}
