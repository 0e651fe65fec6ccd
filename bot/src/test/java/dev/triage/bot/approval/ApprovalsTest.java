package dev.triage.bot.approval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.triage.adapters.Message;
import dev.triage.adapters.Requester;
import dev.triage.bot.RecordingPort;
import dev.triage.bot.access.Roles;
import dev.triage.bot.command.CommandContext;
import dev.triage.bot.command.UsageException;
import dev.triage.bot.store.Approval;
import dev.triage.bot.store.Database;
import dev.triage.bot.store.Ids;
import dev.triage.bot.store.TestStores;
import dev.triage.bot.store.Store;
import dev.triage.checks.Status;
import dev.triage.checks.action.Action;
import dev.triage.checks.action.ActionCatalog;
import dev.triage.checks.action.ActionOutcome;
import dev.triage.checks.action.ActionPlan;
import dev.triage.checks.action.ActionStep;
import dev.triage.config.Access;
import dev.triage.config.StoreSettings;
import dev.triage.config.Target;
import dev.triage.config.TriageConfig;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/** The approval rules, on SQLite and on PostgreSQL, with a clock the tests move. */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"sqlite", "postgresql"})
class ApprovalsTest {

    @Parameter
    String store;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T03:12:00Z"));
    private final RecordingPort port = new RecordingPort();
    private final CountingAction action = new CountingAction();
    private final Target prod = Target.http("prod", URI.create("http://127.0.0.1:9"));
    private StoreSettings settings;
    private Database db;
    private Store storeApi;
    private Approvals approvals;
    private TriageConfig config;

    private static final Requester ONCALL = new Requester("slack", "U_ONCALL", "oncall", Set.of("S_OPS"));
    private static final Requester LEAD = new Requester("slack", "U_LEAD", "lead", Set.of("S_OPS"));
    private static final Requester GUEST = new Requester("slack", "U_GUEST", "guest", Set.of());

    @BeforeEach
    void open() throws Exception {
        settings = TestStores.fresh(store);
        Access access = new Access(Map.of("operator", Set.of("slack-group:S_OPS")), Map.of(), Access.DEFAULT_ACTIONS,
                Duration.ofMinutes(15));
        config = new TriageConfig(List.of(prod), null, null, 0, access, settings);
        db = Database.open(settings);
        storeApi = new Store(db);
        approvals = approvals(storeApi);
    }

    private Approvals approvals(Store s) {
        Ids ids = new Ids();
        TargetActions actions = new TargetActions(new ActionCatalog(List.of()), Map.of("prod", List.of(action)));
        return new Approvals(config, actions, new Roles(config.access()), s, new Audit(s, ids, clock), new ApprovalCard(), ids, clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private CommandContext as(Requester who) {
        return new CommandContext(who, "C_OPS", "", null, port);
    }

    private Approval requestRestart() {
        return approvals.request(as(ONCALL), prod, "restart-service", false).orElseThrow();
    }

    @Test
    void aRequestPostsACardWithApproveAndDenyAndIsStoredPending() {
        Approval a = requestRestart();
        Message card = port.posts.get(0);
        assertTrue(card.title().startsWith("restart-service on prod"), card.title());
        assertEquals(List.of("approve:" + a.id(), "deny:" + a.id()), card.buttons().stream().map(Message.Button::id).toList());
        assertTrue(card.fields().stream().anyMatch(f -> f.name().equals("Runs") && f.value().equals("systemctl restart demo")));
        assertTrue(card.fields().stream().anyMatch(f -> f.name().equals("Expires") && f.value().startsWith("in 15 min")));
        assertEquals(Approval.Status.PENDING, storeApi.approval(a.id()).orElseThrow().status());
        assertEquals(0, action.runs.get());
    }

    @Test
    void theRequesterCannotApproveTheirOwnRequest() {
        Approval a = requestRestart();
        UsageException e = assertThrows(UsageException.class, () -> approvals.approve(as(ONCALL), a.id()));
        assertEquals("You asked for this restart-service, so someone else with role operator has to approve it.", e.getMessage());
        assertEquals(0, action.runs.get());
        assertEquals(Approval.Status.PENDING, storeApi.approval(a.id()).orElseThrow().status());
    }

    @Test
    void anotherOperatorApprovesItRunsOnceAndTheCardShowsTheOutcome() {
        Approval a = requestRestart();
        clock.advance(Duration.ofMinutes(3));
        approvals.approve(as(LEAD), a.id());
        assertEquals(1, action.runs.get());
        Approval done = storeApi.approval(a.id()).orElseThrow();
        assertEquals(Approval.Status.APPROVED, done.status());
        assertEquals("lead", done.decidedByName());
        assertEquals("DONE", done.outcome());
        assertEquals("a1b2", done.outputDigest());
        Message last = port.updates.get(port.updates.size() - 1);
        assertTrue(last.title().contains("approved by @lead 03:15 UTC · done"), last.title());
        assertEquals(2, port.replies.size(), "each step in the card's thread");
        var kinds = storeApi.audit(null, Instant.EPOCH, 50).stream().map(e -> e.kind()).toList();
        assertTrue(kinds.containsAll(List.of("request", "approve", "step", "outcome")), kinds::toString);
    }

    @Test
    void anExpiredRequestRefusesClicksAndNeverRuns() {
        Approval a = requestRestart();
        clock.advance(Duration.ofMinutes(16));
        UsageException e = assertThrows(UsageException.class, () -> approvals.approve(as(LEAD), a.id()));
        assertTrue(e.getMessage().startsWith("This request expired at 03:27:00 UTC"), e.getMessage());
        assertEquals(Approval.Status.EXPIRED, storeApi.approval(a.id()).orElseThrow().status());
        assertEquals(0, action.runs.get());
    }

    @Test
    void aRoleTakenAwayBetweenRequestAndClickRefusesTheClick() {
        Approval a = requestRestart();
        Requester leadWithoutGroup = new Requester("slack", "U_LEAD", "lead", Set.of());
        UsageException e = assertThrows(UsageException.class, () -> approvals.approve(as(leadWithoutGroup), a.id()));
        assertTrue(e.getMessage().contains("needs the role operator"), e.getMessage());
        assertEquals(0, action.runs.get());
    }

    @Test
    void someoneWithoutTheRoleCannotApprove() {
        Approval a = requestRestart();
        assertThrows(UsageException.class, () -> approvals.approve(as(GUEST), a.id()));
        assertEquals(0, action.runs.get());
    }

    @Test
    void aHundredConcurrentApproveClicksRunTheActionExactlyOnce() throws Exception {
        Approval a = requestRestart();
        ExecutorService pool = Executors.newFixedThreadPool(32);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> clicks = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Requester clicker = new Requester("slack", "U_OP" + i, "op" + i, Set.of("S_OPS"));
            clicks.add(pool.submit(() -> {
                go.await();
                try {
                    approvals.approve(as(clicker), a.id());
                    return "ran";
                } catch (UsageException refused) {
                    return refused.getMessage();
                }
            }));
        }
        go.countDown();
        int ran = 0;
        for (Future<String> f : clicks) {
            String r = f.get();
            if (r.equals("ran")) {
                ran++;
            } else {
                assertTrue(r.startsWith("Already approved by @op"), r);
            }
        }
        pool.shutdown();
        assertEquals(1, ran);
        assertEquals(1, action.runs.get());
    }

    @Test
    void aSecondRequestForTheSameActionPointsAtTheFirstCardInsteadOfPostingAnother() {
        Approval first = requestRestart();
        UsageException e = assertThrows(UsageException.class, () -> approvals.request(as(LEAD), prod, "restart-service", false));
        assertTrue(e.getMessage().startsWith("restart-service on prod was already asked for by @oncall at 03:12:00 UTC and waits "
                + "for approval on its card in C_OPS until 03:27:00 UTC"), e.getMessage());
        assertEquals(1, port.posts.size(), "one card");
        assertEquals(List.of(first.id()), storeApi.pending("prod").stream().map(Approval::id).toList());
    }

    @Test
    void anExpiredRequestNoLongerBlocksANewOne() {
        Approval old = requestRestart();
        clock.advance(Duration.ofMinutes(16));
        Approval fresh = requestRestart();
        assertEquals(Approval.Status.EXPIRED, storeApi.approval(old.id()).orElseThrow().status());
        assertEquals(List.of(fresh.id()), storeApi.pending("prod").stream().map(Approval::id).toList());
    }

    @Test
    void requestsAtOnceOnTwoReplicasMakeOneCardAndClicksSpreadOverThemRunItOnce() throws Exception {
        try (Database second = Database.open(settings)) {
            Approvals[] replicas = {approvals, approvals(new Store(second))};
            ExecutorService pool = Executors.newFixedThreadPool(16);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> requests = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                Approvals replica = replicas[i % 2];
                Requester asker = new Requester("slack", "U_ASK" + i, "ask" + i, Set.of("S_OPS"));
                requests.add(pool.submit(() -> {
                    go.await();
                    try {
                        return replica.request(as(asker), prod, "restart-service", false).orElseThrow().id();
                    } catch (UsageException pointed) {
                        return pointed.getMessage();
                    }
                }));
            }
            go.countDown();
            List<String> ids = new ArrayList<>();
            for (Future<String> f : requests) {
                String r = f.get();
                if (r.matches("[0-9a-z]{17}")) {
                    ids.add(r);
                } else {
                    assertTrue(r.contains("was already asked for by @ask"), r);
                }
            }
            assertEquals(1, ids.size(), "one request stored: " + ids);
            assertEquals(1, port.posts.size(), "one card");

            CountDownLatch click = new CountDownLatch(1);
            List<Future<Boolean>> clicks = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                Approvals replica = replicas[i % 2];
                Requester clicker = new Requester("slack", "U_OP" + i, "op" + i, Set.of("S_OPS"));
                clicks.add(pool.submit(() -> {
                    click.await();
                    try {
                        replica.approve(as(clicker), ids.get(0));
                        return true;
                    } catch (UsageException refused) {
                        assertTrue(refused.getMessage().startsWith("Already approved by @op"), refused.getMessage());
                        return false;
                    }
                }));
            }
            click.countDown();
            int ran = 0;
            for (Future<Boolean> f : clicks) {
                ran += f.get() ? 1 : 0;
            }
            pool.shutdown();
            assertEquals(1, ran);
            assertEquals(1, action.runs.get());
            assertEquals(1, storeApi.runsSince("prod", "restart-service", Instant.EPOCH).size(), "one run recorded");
            assertEquals(1, storeApi.audit(null, Instant.EPOCH, 1000).stream().filter(e -> e.kind().equals("outcome")).count(),
                    "one outcome in the audit");
        }
    }

    @Test
    void aRunWhoseCardCantBeEditedOrWhoseObserverFailsStillRunsAndEndsWithItsOutcome() {
        Approval a = requestRestart();
        approvals.observe(new Approvals.ActionObserver() {
            @Override
            public void started(Approval x, ActionPlan plan) {
                throw new IllegalArgumentException("no probed target named prod");   // what an unprobed target used to do
            }
        });
        RecordingPort refusesEdits = new RecordingPort() {
            @Override
            public void update(dev.triage.adapters.MessageRef ref, Message message) {
                throw new IllegalStateException("chat.update answered 503 five times");
            }
        };
        approvals.approve(new CommandContext(LEAD, "C_OPS", "", null, refusesEdits), a.id());
        assertEquals(1, action.runs.get(), "it ran");
        Approval done = storeApi.approval(a.id()).orElseThrow();
        assertEquals("DONE", done.outcome(), "and its outcome is recorded");
        assertEquals(1, storeApi.audit(null, Instant.EPOCH, 100).stream().filter(e -> e.kind().equals("outcome")).count());
    }

    @Test
    void aRunWhoseReplicaDiedIsMarkedInterruptedOnceOnItsCardAndInTheAudit() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        Action hangs = new CountingAction() {
            @Override
            public ActionOutcome run(Target target, Consumer<ActionStep> progress) {
                running.countDown();
                try {
                    never.await(30, java.util.concurrent.TimeUnit.SECONDS);   // the replica dies in here
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.run(target, progress);
            }
        };
        Ids ids = new Ids();
        Approvals dying = new Approvals(config, new TargetActions(new ActionCatalog(List.of()), Map.of("prod", List.of(hangs))),
                new Roles(config.access()), storeApi, new Audit(storeApi, ids, clock), new ApprovalCard(), ids, clock, "replica-that-dies");
        Approval a = dying.request(as(ONCALL), prod, "restart-service", false).orElseThrow();
        Thread click = new Thread(() -> dying.approve(as(LEAD), a.id()));
        click.start();
        assertTrue(running.await(10, java.util.concurrent.TimeUnit.SECONDS));
        dying.stopSayingRunsAlive();   // the replica dies: neither it nor its run says it is alive any more
        Thread.sleep(1_700);

        List<String> told = new CopyOnWriteArrayList<>();
        approvals.observe(new Approvals.ActionObserver() {
            @Override
            public void finished(Approval x, ActionOutcome outcome) {
                told.add(x.id() + " " + outcome.result());
            }
        });
        RecordingPort leaderPort = new RecordingPort();
        assertEquals(1, approvals.endInterruptedRuns(dev.triage.bot.delivery.Answers.direct(leaderPort), Duration.ofMillis(1_500)));
        assertEquals(0, approvals.endInterruptedRuns(dev.triage.bot.delivery.Answers.direct(leaderPort), Duration.ofMillis(1_500)), "once");
        assertEquals("INTERRUPTED", storeApi.approval(a.id()).orElseThrow().outcome());
        assertTrue(leaderPort.updates.stream().anyMatch(m -> m.title().startsWith("restart-service on prod (127.0.0.1)")
                && m.title().endsWith("· interrupted")), leaderPort.titles());
        assertEquals(List.of(a.id() + " INTERRUPTED"), told, "the incident thread is told");
        assertTrue(storeApi.audit(null, Instant.EPOCH, 100).stream().anyMatch(e -> e.kind().equals("outcome")
                && "INTERRUPTED".equals(e.result()) && e.actor().equals("triage:triage")));
        never.countDown();
        click.join(10_000);
    }

    @Test
    void aRunThatIsStillGoingIsNeverTakenForInterruptedThoughItsRunnerIsNoReplica() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Action slow = new CountingAction() {
            @Override
            public ActionOutcome run(Target target, Consumer<ActionStep> progress) {
                running.countDown();
                try {
                    release.await(30, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.run(target, progress);
            }
        };
        Ids ids = new Ids();
        // ./triage action runs under a runner id that no replica heartbeats for: only the run itself says it is alive.
        Approvals terminal = new Approvals(config, new TargetActions(new ActionCatalog(List.of()), Map.of("prod", List.of(slow))),
                new Roles(config.access()), storeApi, new Audit(storeApi, ids, clock), new ApprovalCard(), ids, clock, "cli:root@host");
        Approval a = terminal.request(as(ONCALL), prod, "restart-service", false).orElseThrow();
        Thread click = new Thread(() -> terminal.approve(as(LEAD), a.id()));
        click.start();
        assertTrue(running.await(10, java.util.concurrent.TimeUnit.SECONDS));
        RecordingPort leaderPort = new RecordingPort();
        for (int i = 0; i < 4; i++) {   // a new leader's start, four times over three lease lengths of 1.5 s (3 beats each)
            assertEquals(0, approvals.endInterruptedRuns(dev.triage.bot.delivery.Answers.direct(leaderPort), Duration.ofMillis(1_500)),
                    "a run still going is not interrupted");
            Thread.sleep(1_500);
        }
        release.countDown();
        click.join(10_000);
        assertEquals("DONE", storeApi.approval(a.id()).orElseThrow().outcome());
        assertTrue(storeApi.audit(null, Instant.EPOCH, 100).stream().noneMatch(e -> "INTERRUPTED".equals(e.result())));
    }

    @Test
    void aNewBotProcessOnTheSameDatabaseCanStillApproveAndStillRefusesDecidedOnes() {
        Approval denied = requestRestart();
        approvals.deny(as(LEAD), denied.id());
        Approval open = requestRestart();
        db.close();

        db = Database.open(settings);
        Approvals restarted = approvals(new Store(db));
        restarted.approve(as(LEAD), open.id());
        assertEquals(1, action.runs.get());
        UsageException e = assertThrows(UsageException.class, () -> restarted.approve(as(LEAD), denied.id()));
        assertTrue(e.getMessage().startsWith("Already denied by @lead"), e.getMessage());
    }

    @Test
    void theRestartStormGuardSaysWhenItWillBeAllowedAgain() {
        approvals.approve(as(LEAD), requestRestart().id());
        clock.advance(Duration.ofSeconds(30));
        UsageException cooldown = assertThrows(UsageException.class, this::requestRestart);
        assertTrue(cooldown.getMessage().contains("the cooldown of 2 min allows it again at 03:14:00 UTC (in 1 min 30 s)"),
                cooldown.getMessage());
        clock.advance(Duration.ofMinutes(3));
        approvals.approve(as(LEAD), requestRestart().id());
        clock.advance(Duration.ofMinutes(3));
        approvals.approve(as(LEAD), requestRestart().id());
        clock.advance(Duration.ofMinutes(3));
        UsageException cap = assertThrows(UsageException.class, this::requestRestart);
        assertTrue(cap.getMessage().contains("already ran 3 times on prod in the last hour (the cap is 3)"), cap.getMessage());
        assertTrue(cap.getMessage().contains("allowed again at 04:12:00 UTC"), cap.getMessage());
        assertEquals(3, action.runs.get());
    }

    @Test
    void anActionWithoutAPolicyIsDeniedByDefault() {
        TriageConfig noPolicy = config.withAccess(new Access(config.access().roles(), Map.of(), Map.of(), null));
        Ids ids = new Ids();
        Approvals strict = new Approvals(noPolicy, new TargetActions(new ActionCatalog(List.of()), Map.of("prod", List.of(action))),
                new Roles(noPolicy.access()), storeApi, new Audit(storeApi, ids, clock), new ApprovalCard(), ids, clock);
        UsageException e = assertThrows(UsageException.class, () -> strict.request(as(ONCALL), prod, "restart-service", false));
        assertTrue(e.getMessage().startsWith("restart-service has no approval policy, so it can't run (deny by default)"), e.getMessage());
    }

    @Test
    void aDryRunShowsThePlanAndRecordsNoRequest() {
        assertTrue(approvals.request(as(ONCALL), prod, "restart-service", true).isEmpty());
        assertTrue(port.posts.get(0).title().startsWith("Dry run: restart-service on prod"));
        assertTrue(port.posts.get(0).buttons().isEmpty());
        assertTrue(storeApi.pending("prod").isEmpty());
    }

    @Test
    void theRequesterMayWithdrawAndThenNobodyCanApprove() {
        Approval a = requestRestart();
        approvals.deny(as(ONCALL), a.id());
        assertThrows(UsageException.class, () -> approvals.approve(as(LEAD), a.id()));
        assertEquals(0, action.runs.get());
        assertEquals("withdrawn", storeApi.audit("prod", Instant.EPOCH, 10).get(0).result());
    }

    // ---- fakes ------------------------------------------------------------------------------------

    static final class MutableClock implements InstantSource {
        private final AtomicReference<Instant> now;

        MutableClock(Instant start) {
            now = new AtomicReference<>(start);
        }

        void advance(Duration d) {
            now.updateAndGet(t -> t.plus(d));
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }

    /** An action that counts its runs and reports a command and a verify step. */
    static class CountingAction implements Action {
        final AtomicInteger runs = new AtomicInteger();

        @Override
        public String id() {
            return "restart-service";
        }

        @Override
        public ActionPlan plan(Target target) {
            return new ActionPlan(id(), target.name(), "127.0.0.1", "systemctl restart demo", List.of(), List.of("health 200"), null);
        }

        @Override
        public ActionOutcome run(Target target, Consumer<ActionStep> progress) {
            runs.incrementAndGet();
            List<ActionStep> steps = List.of(
                    new ActionStep(ActionStep.Phase.COMMAND, "restart", Status.OK, "exit 0", Duration.ofMillis(5)),
                    new ActionStep(ActionStep.Phase.VERIFY, "health", Status.OK, "200", Duration.ofMillis(3)));
            steps.forEach(progress);
            return new ActionOutcome(id(), target.name(), ActionOutcome.Result.DONE, "Done in 8 ms", steps, Duration.ofMillis(8), "a1b2");
        }
    }
}
