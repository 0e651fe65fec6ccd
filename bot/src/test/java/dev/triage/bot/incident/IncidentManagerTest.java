package dev.triage.bot.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.triage.adapters.Message;
import dev.triage.bot.RecordingPort;
import dev.triage.bot.delivery.Outbox;
import dev.triage.bot.delivery.OutboxDelivery;
import dev.triage.bot.diagnose.DiagnoseService;
import dev.triage.bot.probe.ProbeEvent;
import dev.triage.bot.probe.ProbeResult;
import dev.triage.bot.status.CheckCatalog;
import dev.triage.bot.store.Database;
import dev.triage.bot.store.Ids;
import dev.triage.bot.store.TestStores;
import dev.triage.checks.CheckRunner;
import dev.triage.checks.http.HttpProber;
import dev.triage.checks.ssh.CommandTemplates;
import dev.triage.checks.ssh.SshExecutor;
import dev.triage.config.Target;
import dev.triage.config.TriageConfig;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/** The incident manager on SQLite and PostgreSQL, fed probe events on a clock the test moves. */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {TestStores.SQLITE, TestStores.POSTGRESQL})
class IncidentManagerTest {
    @Parameter
    String store;

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-22T03:12:00Z"));
    private final InstantSource clock = () -> now.get();
    private final RecordingPort port = new RecordingPort();
    private final SshExecutor ssh = SshExecutor.withDefaults();
    private Database db;
    private IncidentManager manager;
    private OutboxDelivery delivery;
    private final List<Target> targets = new ArrayList<>();
    private TriageConfig config;
    private DiagnoseService diagnose;

    @BeforeEach
    void setUp() throws Exception {
        for (String name : List.of("api", "web", "worker", "billing")) {
            targets.add(Target.http(name, URI.create("http://127.0.0.1:9")));
        }
        config = new TriageConfig(targets, new TriageConfig.Channels("C_OPS", "C_INC"), null, 0, null,
                TestStores.fresh(store));
        db = Database.open(config.store());
        Ids ids = new Ids();
        Outbox outbox = new Outbox(db, ids, clock);
        // Diagnoses run inline so the test sees their messages without waiting.
        var runInline = new AbstractExecutorService() {
            public void execute(Runnable r) { r.run(); }
            public void shutdown() { }
            public List<Runnable> shutdownNow() { return List.of(); }
            public boolean isShutdown() { return false; }
            public boolean isTerminated() { return false; }
            public boolean awaitTermination(long t, TimeUnit u) { return true; }
        };
        diagnose = new DiagnoseService(new CheckCatalog(new HttpProber(), ssh, new CommandTemplates()),
                new CheckRunner(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor(), clock), dev.triage.bot.runbook.RunbookLibrary.shipped(), clock);
        manager = new IncidentManager(config, new IncidentStore(db, ids), outbox, diagnose, (t, a) -> false, runInline, clock);
        delivery = new OutboxDelivery(outbox, port, clock, Duration.ZERO);
    }

    @AfterEach
    void tearDown() {
        ssh.close();
        db.close();
    }

    private ProbeEvent.WentDown down(String target) {
        ProbeResult first = ProbeResult.failed(target, now.get().minusSeconds(60), Duration.ofMillis(3), "http-health",
                "GET http://127.0.0.1:9/health → connection refused", List.of());
        return new ProbeEvent.WentDown(target, now.get(), now.get().minusSeconds(60), first, 3, false, false);
    }

    @Test
    void downOpensOneIncidentWithARootAndTheDiagnosisInItsThread() {
        manager.onEvent(down("api"));
        manager.onEvent(down("api"));
        delivery.deliverDue();
        assertEquals(1, port.posts.size(), "one root: " + port.titles());
        assertTrue(port.posts.get(0).title().startsWith("OPEN  api is DOWN since 03:11 UTC (3 failed probes)"), port.titles());
        assertTrue(port.replies.stream().anyMatch(m -> m.title().startsWith("api — likely cause: nothing accepts connections")),
                port.titles());
        assertEquals(1, manager.store().recent(Instant.EPOCH, 10).size());
    }

    @Test
    void manyTargetsDownAtOnceShareOneMessagePerChannelButKeepTheirIncidents() {
        for (Target t : targets) {
            manager.onEvent(down(t.name()));
            now.updateAndGet(i -> i.plusSeconds(5));
        }
        delivery.deliverDue();
        long roots = port.posts.stream().filter(m -> m.title().startsWith("OPEN")).count();
        long groups = port.posts.stream().filter(m -> m.title().contains("targets DOWN at once")).count();
        assertEquals(2, roots, "the first two page one by one: " + port.titles());
        assertEquals(1, groups, "then one grouped message: " + port.titles());
        assertTrue(port.updates.stream().anyMatch(m -> m.title().startsWith("4 of 4 targets DOWN at once")), port.titles());
        assertEquals(4, manager.store().allOpen().size(), "each still has its incident");
    }

    @Test
    void upResolvesWithTheOutagesLengthAndRemindersComeWhenTheProberSaysSo() {
        manager.onEvent(down("api"));
        now.updateAndGet(i -> i.plus(Duration.ofMinutes(30)));
        ProbeResult last = ProbeResult.failed("api", now.get(), Duration.ofMillis(3), "http-health", "refused", List.of());
        manager.onEvent(new ProbeEvent.Reminder("api", now.get(), now.get().minus(Duration.ofMinutes(31)), 60, last, 1));
        now.updateAndGet(i -> i.plus(Duration.ofMinutes(2)));
        manager.onEvent(new ProbeEvent.WentUp("api", now.get(), Instant.parse("2026-11-22T03:11:00Z"),
                now.get().minusSeconds(30), 2, false));
        delivery.deliverDue();
        assertTrue(port.replies.stream().anyMatch(m -> m.title().contains("reminder") && m.title().contains("still DOWN after 31 min")),
                port.titles());
        assertTrue(port.replies.stream().anyMatch(m -> m.title().startsWith("RESOLVED  api was down 32 min 30 s (03:11 UTC–03:43 UTC)")),
                port.titles());
        assertTrue(port.updates.stream().anyMatch(m -> m.title().startsWith("RESOLVED  api was down")), port.titles());
        assertTrue(manager.store().allOpen().isEmpty());
        assertEquals(99.0, Math.floor(manager.uptime("api", Duration.ofDays(7)).uptimePercent()), 0.0);
    }

    @Test
    void aSilencedDownPagesNobodyAndOpensNothing() {
        ProbeEvent.WentDown silenced = new ProbeEvent.WentDown("api", now.get(), now.get(), down("api").firstFailure(), 3, true, false);
        manager.onEvent(silenced);
        delivery.deliverDue();
        assertTrue(port.posts.isEmpty(), port.titles());
        assertTrue(manager.store().allOpen().isEmpty());
    }

    @Test
    void aSilenceAnotherReplicaWroteHoldsTheAlertBackAtOnce() {
        manager.store().saveSilence("api", IncidentStore.PERSON, now.get().plusSeconds(600), "deploy", "lead", now.get());
        manager.onEvent(down("api"));
        delivery.deliverDue();
        assertTrue(port.posts.isEmpty(), port.titles());
        assertTrue(manager.store().allOpen().isEmpty());
    }

    @Test
    void theSameDownEventTwiceOpensOneIncidentAndPostsItsLineOnce() {
        ProbeEvent.WentDown d = down("api");
        manager.onEvent(d);
        manager.onEvent(d);   // retried after a commit whose answer was lost
        delivery.deliverDue();
        assertEquals(1, port.posts.size(), port.titles());
        assertEquals(1, port.replies.stream().filter(m -> m.title().contains("FAIL ×3 → DOWN")).count(), port.titles());
    }

    @Test
    void aTargetFlappingThreeTimesIsThreeIncidentsNotAStorm() {
        for (int i = 0; i < 3; i++) {
            manager.onEvent(down("web"));
            now.updateAndGet(t -> t.plusSeconds(20));
            manager.onEvent(new ProbeEvent.WentUp("web", now.get(), now.get().minusSeconds(80), now.get().minusSeconds(5), 2, false));
            now.updateAndGet(t -> t.plusSeconds(20));
        }
        delivery.deliverDue();
        assertEquals(3, port.posts.stream().filter(m -> m.title().startsWith("OPEN  web is DOWN")).count(), port.titles());
        assertTrue(port.posts.stream().noneMatch(m -> m.title().contains("DOWN at once")), port.titles());
    }

    @Test
    void aNewLeaderPostsTheDiagnosisTheOldOneDiedBefore() throws Exception {
        IncidentStore incidents = manager.store();
        Outbox outbox = new Outbox(incidents.db(), new Ids(), clock);
        var dropsDiagnoses = new java.util.concurrent.AbstractExecutorService() {
            public void execute(Runnable r) { }   // the old leader dies before its diagnosis runs
            public void shutdown() { }
            public List<Runnable> shutdownNow() { return List.of(); }
            public boolean isShutdown() { return false; }
            public boolean isTerminated() { return false; }
            public boolean awaitTermination(long t, TimeUnit u) { return true; }
        };
        IncidentManager dying = new IncidentManager(config, incidents, outbox, diagnose, (t, a) -> false, dropsDiagnoses, clock);
        dying.onEvent(down("api"));
        delivery.deliverDue();
        assertTrue(port.replies.stream().noneMatch(m -> m.title().startsWith("api — likely cause")), port.titles());

        manager.diagnoseMissing(dev.triage.bot.store.Fence.NONE);
        manager.diagnoseMissing(dev.triage.bot.store.Fence.NONE);
        delivery.deliverDue();
        assertEquals(1, port.replies.stream().filter(m -> m.title().startsWith("api — likely cause: nothing accepts connections")).count(),
                port.titles());
    }
}
