package dev.triage.bot.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.triage.adapters.Message;
import dev.triage.bot.RecordingPort;
import dev.triage.bot.approval.Audit;
import dev.triage.bot.approval.TargetActions;
import dev.triage.bot.delivery.Outbox;
import dev.triage.bot.delivery.OutboxDelivery;
import dev.triage.bot.demo.DemoBackend;
import dev.triage.bot.demo.DemoRestartAction;
import dev.triage.bot.diagnose.DiagnoseService;
import dev.triage.bot.ha.LeaderLease;
import dev.triage.bot.ha.Replica;
import dev.triage.bot.ha.StoreHealth;
import dev.triage.bot.ha.Term;
import dev.triage.bot.probe.ProbeEvent;
import dev.triage.bot.probe.ProbeResult;
import dev.triage.bot.status.CheckCatalog;
import dev.triage.bot.store.Database;
import dev.triage.bot.store.FencedException;
import dev.triage.bot.store.Ids;
import dev.triage.bot.store.Store;
import dev.triage.bot.store.TestStores;
import dev.triage.checks.CheckRunner;
import dev.triage.checks.action.ActionCatalog;
import dev.triage.checks.http.HttpHealthCheck;
import dev.triage.checks.http.HttpProber;
import dev.triage.checks.ssh.CommandTemplates;
import dev.triage.checks.ssh.SshExecutor;
import dev.triage.config.Access;
import dev.triage.config.HaSettings;
import dev.triage.config.Remediation;
import dev.triage.config.StoreSettings;
import dev.triage.config.Target;
import dev.triage.config.TriageConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two replicas on one real PostgreSQL, each with its own pool, leader lease and remediator, taking turns to lead: a
 * leader that stops in the middle of a countdown (or of a run) neither makes the next leader run the fix twice nor
 * lets the escalation be skipped — and its own stale writes are refused by the database.
 */
class RemediationFailoverTest {
    private static final HaSettings FAST = new HaSettings(Duration.ofSeconds(2), Duration.ofMillis(500), null);
    private static final Remediation RULE = new Remediation("restart-service", Duration.ofMinutes(2), 2, Duration.ofSeconds(30),
            List.of("slack-group:S0ONCALL"));

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-22T03:12:00Z"));
    private final InstantSource clock = () -> now.get();
    private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();
    private final SshExecutor ssh = SshExecutor.withDefaults();
    private DemoBackend api;
    private TriageConfig config;
    private TargetActions actions;
    private StoreSettings store;

    /** One replica: its pool, its lease (on a monotonic clock the test can pause), its incidents and its remediator. */
    private final class Node {
        final Database db;
        final LeaderLease lease;
        final AtomicLong pausedFor = new AtomicLong();
        final IncidentManager incidents;
        final Remediator remediator;

        Node(String name, Executor workers) {
            db = Database.open(store);
            open.add(db);
            lease = new LeaderLease(db, new Replica(name + "-id", name), FAST, false, () -> System.nanoTime() + pausedFor.get(),
                    new StoreHealth(InstantSource.system(), FAST.leaseTtl()));
            Ids ids = new Ids();
            DiagnoseService diagnose = new DiagnoseService(new CheckCatalog(new HttpProber(), ssh, new CommandTemplates()),
                    new CheckRunner(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor(), clock),
                    dev.triage.bot.runbook.RunbookLibrary.shipped(), clock);
            var inline = new java.util.concurrent.AbstractExecutorService() {
                public void execute(Runnable r) { r.run(); }
                public void shutdown() { }
                public List<Runnable> shutdownNow() { return List.of(); }
                public boolean isShutdown() { return false; }
                public boolean isTerminated() { return false; }
                public boolean awaitTermination(long t, java.util.concurrent.TimeUnit u) { return true; }
            };
            incidents = new IncidentManager(config, new IncidentStore(db, ids), new Outbox(db, ids, clock, name + "-id"), diagnose,
                    (t, a) -> actions.available(t, a), inline, clock);
            Store approvals = new Store(db);
            remediator = new Remediator(incidents, approvals, RemediationRules.resolve(config, actions), actions,
                    new Audit(approvals, ids, clock), ids, workers, clock, name + "-id", FAST.leaseTtl());
        }

        Term term() {
            return lease.term().orElseThrow(() -> new AssertionError(lease.replica() + " does not lead"));
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        api = new DemoBackend(InstantSource.system(), Duration.ofSeconds(3)).start();
        store = TestStores.fresh(TestStores.POSTGRESQL);
        Target t = new Target("api", api.baseUrl(), null, null, null, Duration.ofSeconds(2), null, null, null, null, null, null);
        config = new TriageConfig(List.of(t), new TriageConfig.Channels("C_OPS", "C_INC"), null, 0,
                new Access(Map.of("operator", Set.of("slack:U_LEAD")), Map.of(), Access.DEFAULT_ACTIONS, null), store)
                .withRemediations(Map.of("api", RULE));
        actions = new TargetActions(new ActionCatalog(List.of()),
                Map.of("api", List.of(new DemoRestartAction(api, new HttpHealthCheck(new HttpProber())))));
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        ssh.close();
        api.close();
    }

    private static void waitUntil(String what, java.util.function.BooleanSupplier done) throws InterruptedException {
        Instant end = Instant.now().plusSeconds(15);
        while (!done.getAsBoolean()) {
            if (Instant.now().isAfter(end)) {
                throw new AssertionError("not within 15 s: " + what);
            }
            Thread.sleep(20);
        }
    }

    /** The target goes DOWN, as the leader's prober tells its incident manager, and the rule's 2 min pass. */
    private void downUnder(Node leader) {
        api.breakHealth();
        ProbeResult first = ProbeResult.failed("api", now.get(), Duration.ofMillis(3), "http-health", "GET /health → 503", List.of());
        leader.incidents.handle(new ProbeEvent.WentDown("api", now.get().plusSeconds(60), now.get(), first, 3, false, false),
                leader.term());
        now.updateAndGet(i -> i.plus(RULE.after()));
    }

    private List<Message> delivered(Node via) {
        RecordingPort port = new RecordingPort();
        // As the leader delivers: the leader's own items, and those the replica caused.
        new OutboxDelivery(new Outbox(via.db, new Ids(), clock, via.lease.replica().id()), port, clock, Duration.ZERO).deliverDue();
        List<Message> all = new java.util.ArrayList<>(port.posts);
        all.addAll(port.replies);
        all.addAll(port.updates);
        return all;
    }

    private static long count(List<Message> all, String title) {
        return all.stream().filter(m -> m.title().startsWith(title)).count();
    }

    /** {@code a} loses the lease while paused (SIGSTOP) and {@code b} takes it over after the TTL, by the database's clock. */
    private Term failOver(Node a, Node b) throws InterruptedException {
        a.pausedFor.set(Duration.ofSeconds(5).toNanos());
        waitUntil("b takes over", () -> {
            b.lease.tick();
            return b.lease.leads();
        });
        a.pausedFor.set(-Duration.ofSeconds(5).toNanos());   // SIGCONT: by its own clock it still leads
        return b.term();
    }

    @Test
    void aLeaderThatStopsMidCountdownLeavesTheRunToTheNextOneWhichRunsItOnce() throws Exception {
        Node a = new Node("a", Runnable::run);
        Node b = new Node("b", Runnable::run);
        a.lease.tick();
        b.lease.tick();
        Term old = a.term();
        downUnder(a);
        a.remediator.tick(old);
        assertEquals(RemediationStore.Status.ANNOUNCED, a.remediator.store().unsettled().get(0).status());

        Term next = failOver(a, b);
        now.updateAndGet(i -> i.plus(RULE.hold()));
        assertThrows(FencedException.class, () -> a.remediator.tick(old), "the old leader's start is refused");
        b.remediator.tick(next);
        b.remediator.tick(next);
        a.remediator.tick(old);   // it finds the run started and nothing left for it to do

        assertEquals(1, api.restarts(), "run once, by the new leader");
        List<Message> all = delivered(b);
        assertEquals(1, count(all, "restart-service on api in 30 s unless someone presses Hold"), all.toString());
        assertEquals(1, count(all, "restart-service on api — done without a person"), all.toString());
        assertEquals(0, count(all, "A person is needed"), all.toString());
    }

    @Test
    void aLeaderThatDiesMidRunIsNotRunAgainAndTheNextLeaderEscalatesOnce() throws Exception {
        Node a = new Node("a", r -> { });   // claims the run, then dies before it runs
        Node b = new Node("b", Runnable::run);
        a.lease.tick();
        b.lease.tick();
        Term old = a.term();
        downUnder(a);
        a.remediator.tick(old);
        now.updateAndGet(i -> i.plus(RULE.hold()));
        a.remediator.tick(old);
        assertEquals(RemediationStore.Status.RUNNING, a.remediator.store().unsettled().get(0).status());
        a.db.close();   // SIGKILL: no goodbye, it never says it is alive again

        waitUntil("b takes over", () -> {
            b.lease.tick();
            return b.lease.leads();
        });
        Term next = b.term();
        waitUntil("b sees a's run orphaned and escalates", () -> {
            b.lease.tick();
            b.remediator.tick(next);
            return b.remediator.store().unsettled().isEmpty();
        });
        b.remediator.tick(next);
        assertEquals(0, api.restarts(), "what a did is unknown: never run again");
        List<Message> all = delivered(b);
        assertEquals(1, count(all, "A person is needed: api is still DOWN"), all.toString());
        assertTrue(all.stream().filter(m -> m.title().startsWith("A person is needed")).allMatch(m -> m.mentions().contains("slack-group:S0ONCALL")));
        assertFalse(b.incidents.store().openFor("api").orElseThrow().needsPerson() == null, "the root says a person is needed");
    }

    @Test
    void holdPressedOnTheFollowerHoldsTheLeader() throws Exception {
        Node a = new Node("a", Runnable::run);
        Node b = new Node("b", Runnable::run);
        a.lease.tick();
        b.lease.tick();
        downUnder(a);
        a.remediator.tick(a.term());
        String id = a.remediator.store().unsettled().get(0).id();
        dev.triage.bot.command.ButtonRouter followerButtons = new dev.triage.bot.command.ButtonRouter();
        b.remediator.register(followerButtons);
        followerButtons.dispatch(new dev.triage.bot.command.CommandContext(new dev.triage.adapters.Requester("slack", "U_LEAD", "lead",
                Set.of()), "C_INC", "", null, new RecordingPort()), "hold:" + id);
        now.updateAndGet(i -> i.plus(RULE.hold()));
        a.remediator.tick(a.term());
        assertEquals(0, api.restarts(), "held on the follower: the leader doesn't run it");
        assertEquals(RemediationStore.Status.HELD, a.remediator.store().byId(id).orElseThrow().status());
    }
}
