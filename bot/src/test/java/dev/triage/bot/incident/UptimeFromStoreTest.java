package dev.triage.bot.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.triage.adapters.Message;
import dev.triage.bot.RecordingPort;
import dev.triage.bot.command.UsageException;
import dev.triage.bot.delivery.Outbox;
import dev.triage.bot.delivery.OutboxDelivery;
import dev.triage.bot.probe.HealthState;
import dev.triage.bot.probe.ProbeEvent;
import dev.triage.bot.probe.ProbeResult;
import dev.triage.bot.probe.ProbeStats;
import dev.triage.bot.probe.SchedulingLag;
import dev.triage.bot.probe.TargetProbeStats;
import dev.triage.bot.probe.UptimeGoals;
import dev.triage.bot.probe.UptimeReport;
import dev.triage.bot.store.Database;
import dev.triage.bot.store.Ids;
import dev.triage.bot.store.TestStores;
import dev.triage.config.Target;
import dev.triage.config.TriageConfig;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code /backend uptime} from the store on SQLite and PostgreSQL: the probe aggregates the leader writes each minute are
 * kept per minute and become the response times of the report; the incidents give uptime, time to recover and the share
 * of recoveries without a person; a resolution reply is followed by its chart in the thread.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {TestStores.SQLITE, TestStores.POSTGRESQL})
class UptimeFromStoreTest {
    @Parameter
    String store;

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-22T03:00:00Z"));
    private final InstantSource clock = () -> now.get();
    private final RecordingPort port = new RecordingPort();
    private Database db;
    private IncidentManager manager;
    private OutboxDelivery delivery;

    @BeforeEach
    void setUp() {
        TriageConfig config = new TriageConfig(List.of(Target.http("api", URI.create("http://127.0.0.1:9")),
                Target.http("web", URI.create("http://127.0.0.1:9"))), new TriageConfig.Channels("C_OPS", "C_INC"), null, 0, null,
                TestStores.fresh(store));
        db = Database.open(config.store());
        Ids ids = new Ids();
        Outbox outbox = new Outbox(db, ids, clock);
        var inline = new AbstractExecutorService() {
            public void execute(Runnable r) { }   // no automatic diagnosis: this test is about figures
            public void shutdown() { }
            public List<Runnable> shutdownNow() { return List.of(); }
            public boolean isShutdown() { return false; }
            public boolean isTerminated() { return false; }
            public boolean awaitTermination(long t, TimeUnit u) { return true; }
        };
        manager = new IncidentManager(config, new IncidentStore(db, ids), outbox, null, (t, a) -> false, inline, clock);
        delivery = new OutboxDelivery(outbox, port, clock, Duration.ZERO);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    /** One stats period: the prober's running counts and its latency percentiles then. */
    private void minute(String target, HealthState state, long probes, long failures, long p50, long p95) {
        TargetProbeStats t = new TargetProbeStats(target, state, now.get(), null, null, Duration.ofMillis(p50), Duration.ofMillis(p50),
                Duration.ofMillis(p95), probes, failures, 0, 0, Duration.ofSeconds(30));
        manager.onStats(new ProbeStats(now.get(), List.of(t), SchedulingLag.NONE, probes, 0, 0, 0, 0, 8, false));
    }

    private void down(String target, Instant since) {
        ProbeResult first = ProbeResult.failed(target, since, Duration.ofMillis(3), "http-health",
                "GET http://127.0.0.1:9/health → connection refused", List.of());
        manager.onEvent(new ProbeEvent.WentDown(target, now.get(), since, first, 3, false, false));
    }

    private void up(String target, Instant since) {
        manager.onEvent(new ProbeEvent.WentUp(target, now.get(), Instant.parse("2026-11-22T03:00:00Z"), since, 2, false));
    }

    @Test
    void responseTimesComeFromTheStoredMinutesWeightedByTheProbesRunInEach() {
        // Minute 1 is the baseline (its counts reach back before the window); then 2, 2 and 6 probes with p50 100, 120, 300.
        minute("api", HealthState.UP, 10, 0, 90, 200);
        now.updateAndGet(t -> t.plusSeconds(60));
        minute("api", HealthState.UP, 12, 0, 100, 210);
        now.updateAndGet(t -> t.plusSeconds(60));
        minute("api", HealthState.UP, 14, 0, 120, 260);
        now.updateAndGet(t -> t.plusSeconds(60));
        minute("api", HealthState.UP, 20, 1, 300, 700);

        UptimeReport r = manager.uptime("api", Duration.ofDays(7));

        var rt = r.response().orElseThrow();
        // Weights 1, 2, 2, 6 (of 11): half lies at or below 300 ms for p50 and 700 ms for p95.
        assertEquals(Duration.ofMillis(300), rt.p50());
        assertEquals(Duration.ofMillis(700), rt.p95());
        assertEquals(4, rt.periods());
        assertEquals(10, rt.probes());
        assertEquals(1, rt.failed());
        assertEquals(List.of("response time p95 700 ms is over the goal of 500 ms"), UptimeGoals.DOCUMENT_003.missed(r));
        assertEquals(Optional.empty(), manager.uptime("web", Duration.ofDays(7)).response(), "web has no stored minutes");
    }

    @Test
    void aNewLeadersProberCountingFromZeroAgainIsNotReadAsNegativeProbes() {
        minute("api", HealthState.UP, 500, 4, 80, 120);
        now.updateAndGet(t -> t.plusSeconds(60));
        minute("api", HealthState.UP, 3, 0, 40, 60);   // another leader since: its prober started at 0

        var rt = manager.uptime("api", Duration.ofDays(7)).response().orElseThrow();

        assertEquals(3, rt.probes());
        assertEquals(0, rt.failed());
        assertEquals(Duration.ofMillis(40), rt.p50(), "the new prober's 3 probes outweigh the baseline minute");
    }

    @Test
    void everyMinuteIsKeptForUptimeButProbesShowsTheLatestAndMinutesOlderThan31DaysGo() {
        minute("api", HealthState.UP, 1, 0, 50, 60);
        Instant first = now.get();
        now.updateAndGet(t -> t.plus(Duration.ofDays(20)));
        minute("api", HealthState.UP, 2, 0, 70, 80);
        minute("web", HealthState.DOWN, 2, 2, 9, 9);
        assertEquals(2, manager.store().periods("api", first, now.get()).size());
        assertEquals(Map.of("api", 70L, "web", 9L), manager.store().aggregates().stream()
                .collect(Collectors.toMap(IncidentStore.Aggregate::target, IncidentStore.Aggregate::p50Millis)));

        now.updateAndGet(t -> t.plus(Duration.ofDays(12)));
        minute("api", HealthState.UP, 3, 0, 75, 85);

        assertEquals(List.of(Instant.parse("2026-12-12T03:00:00Z"), now.get()),
                manager.store().periods("api", first, now.get()).stream().map(dev.triage.bot.probe.ProbePeriod::at).toList(),
                "the minute 32 days old is gone, the one 12 days old is kept");
    }

    @Test
    void incidentsGiveUptimeTimeToRecoverAndRecoveriesWithoutAPersonEachBesideItsGoal() {
        minute("api", HealthState.UP, 10, 0, 90, 140);
        Instant wentDown = now.get();
        now.updateAndGet(t -> t.plusSeconds(60));
        down("api", wentDown);
        now.updateAndGet(t -> t.plus(Duration.ofMinutes(3)));
        up("api", wentDown.plus(Duration.ofMinutes(4)));
        now.updateAndGet(t -> t.plus(Duration.ofDays(1)));
        minute("api", HealthState.UP, 2000, 9, 95, 150);

        UptimeReport r = manager.uptime("api", Duration.ofDays(7));
        List<UptimeGoals.Judged> judged = UptimeGoals.DOCUMENT_003.judge(r);

        assertEquals(1, r.incidents());
        assertEquals(Optional.of(Duration.ofMinutes(4)), r.medianTimeToRecover());
        assertEquals(Optional.of(1.0), r.shareWithoutPerson());
        assertEquals(List.of("uptime: 99.960 % · goal 99.9 % · met",
                        "response_time_p50: 95 ms · goal — (the goal is p95's) · no data",
                        "response_time_p95: 150 ms · goal under 500 ms · met",
                        "incidents: 1 · goal — · no data",
                        "time_to_recover_median: 4 min · goal 5 min · met",
                        "recovered_without_person: 100 % of 1 · goal 90 % · met"),
                judged.stream().map(j -> j.key() + ": " + j.value() + " · goal " + j.goal() + " · " + j.verdict()).toList());
        Message m = new IncidentRenderer().uptime("api", "7d", r);
        assertTrue(m.title().startsWith("api — last 7d: 99.960 % up · 1 incident · time to recover 4 min median · goals met"),
                m.title());
    }

    @Test
    void theResolutionReplyIsFollowedByItsChartInTheIncidentThreadOnce() throws Exception {
        minute("api", HealthState.UP, 10, 0, 90, 140);
        Instant wentDown = now.get();
        now.updateAndGet(t -> t.plusSeconds(60));
        down("api", wentDown);
        now.updateAndGet(t -> t.plus(Duration.ofMinutes(3)));
        up("api", now.get().minusSeconds(20));
        up("api", now.get().minusSeconds(20));   // the same event again (a retry after a lost commit): nothing more
        delivery.deliverDue();

        List<Message> charts = port.replies.stream().filter(m -> m.image() != null).toList();
        assertEquals(1, charts.size(), port.titles());
        int resolution = indexOf(port.replies, "RESOLVED  api");
        assertEquals(resolution + 1, port.replies.indexOf(charts.get(0)), "the chart follows the resolution: " + port.titles());
        Message.Image image = charts.get(0).image();
        assertTrue(image.name().startsWith("uptime-api-24h-"), image.name());
        assertTrue(image.alt().startsWith("Uptime chart of api, last 24h: "), image.alt());
        var png = ImageIO.read(new ByteArrayInputStream(image.png()));
        assertNotNull(png, "a PNG");
        assertEquals(900, png.getWidth());
    }

    @Test
    void badWindowsAndTargetsGetAClearAnswer() {
        var targets = (java.util.function.Function<String, Target>) name -> {
            if (!name.equals("api")) {
                throw new UsageException("No target named \"" + name + "\"");
            }
            return Target.http("api", URI.create("http://127.0.0.1:9"));
        };
        assertEquals(new IncidentCommands.Window("api", Duration.ofDays(30), "30d"), IncidentCommands.uptimeArgs(List.of("30d", "api"), targets));
        assertEquals(new IncidentCommands.Window(null, Duration.ofDays(7), "7d"), IncidentCommands.uptimeArgs(List.of(), targets));
        assertEquals("\"90d\" isn't a window Triage can show: write 7d or 30d (anything from 1h to 30d; the store keeps 31 days "
                + "of probe figures).", assertThrows(UsageException.class, () -> IncidentCommands.uptimeArgs(List.of("api", "90d"), targets))
                .getMessage());
        assertTrue(assertThrows(UsageException.class, () -> IncidentCommands.uptimeArgs(List.of("7x"), targets)).getMessage()
                .startsWith("\"7x\" isn't a window"));
        assertTrue(assertThrows(UsageException.class, () -> IncidentCommands.uptimeArgs(List.of("10m"), targets)).getMessage()
                .startsWith("\"10m\" isn't a window"));
        assertTrue(assertThrows(UsageException.class, () -> IncidentCommands.uptimeArgs(List.of("7d", "30d"), targets)).getMessage()
                .startsWith("One window at a time"));
        assertTrue(assertThrows(UsageException.class, () -> IncidentCommands.uptimeArgs(List.of("api", "api"), targets)).getMessage()
                .startsWith("One target at a time"));
        assertEquals("No target named \"nope\"", assertThrows(UsageException.class,
                () -> IncidentCommands.uptimeArgs(List.of("nope"), targets)).getMessage());
    }

    private static int indexOf(List<Message> messages, String titleStart) {
        for (int i = 0; i < messages.size(); i++) {
            if (messages.get(i).title().startsWith(titleStart)) {
                return i;
            }
        }
        throw new AssertionError("no message starting " + titleStart);
    }
}
