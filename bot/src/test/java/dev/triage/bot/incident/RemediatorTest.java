package dev.triage.bot.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.triage.adapters.Message;
import dev.triage.adapters.Requester;
import dev.triage.bot.RecordingPort;
import dev.triage.bot.approval.Audit;
import dev.triage.bot.approval.TargetActions;
import dev.triage.bot.command.ButtonRouter;
import dev.triage.bot.command.CommandContext;
import dev.triage.bot.command.UsageException;
import dev.triage.bot.delivery.Outbox;
import dev.triage.bot.delivery.OutboxDelivery;
import dev.triage.bot.demo.DemoBackend;
import dev.triage.bot.demo.DemoRestartAction;
import dev.triage.bot.diagnose.DiagnoseService;
import dev.triage.bot.probe.ProbeEvent;
import dev.triage.bot.probe.ProbeResult;
import dev.triage.bot.status.CheckCatalog;
import dev.triage.bot.store.Database;
import dev.triage.bot.store.Fence;
import dev.triage.bot.store.Ids;
import dev.triage.bot.store.Store;
import dev.triage.bot.store.TestStores;
import dev.triage.checks.CheckRunner;
import dev.triage.checks.action.Action;
import dev.triage.checks.action.ActionCatalog;
import dev.triage.checks.http.HttpHealthCheck;
import dev.triage.checks.http.HttpProber;
import dev.triage.checks.ssh.CommandTemplates;
import dev.triage.checks.ssh.SshExecutor;
import dev.triage.config.Access;
import dev.triage.config.Remediation;
import dev.triage.config.Target;
import dev.triage.config.TriageConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Unattended remediation on SQLite and PostgreSQL, on a clock the test moves: the real incident manager and diagnosis
 * against a real demo backend, whose in-process restart is the action; probe events as the prober sends them; every
 * message through the outbox to a recording chat port, counted.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {TestStores.SQLITE, TestStores.POSTGRESQL})
class RemediatorTest {
    private static final Remediation RULE = new Remediation("restart-service", Duration.ofMinutes(2), 2, Duration.ofSeconds(30),
            List.of("slack-group:S0ONCALL"));
    private static final Requester LEAD = new Requester("slack", "U_LEAD", "lead", Set.of());

    @Parameter
    String store;

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-22T03:12:00Z"));
    private final InstantSource clock = () -> now.get();
    private final RecordingPort port = new RecordingPort();
    private final SshExecutor ssh = SshExecutor.withDefaults();
    private final ButtonRouter buttons = new ButtonRouter();
    private final Executor inline = Runnable::run;
    private DemoBackend api;
    private DemoBackend elsewhere;
    private Database db;
    private IncidentManager manager;
    private Remediator remediator;
    private OutboxDelivery delivery;
    private Store approvals;
    private TriageConfig config;
    private TargetActions actions;

    @BeforeEach
    void setUp() throws Exception {
        api = new DemoBackend(InstantSource.system(), Duration.ofSeconds(3)).start();
        elsewhere = new DemoBackend(InstantSource.system(), Duration.ofSeconds(3)).start();
        // "web" restarts a backend that isn't the one its URL reaches: the restart runs, its verification fails.
        Target apiTarget = new Target("api", api.baseUrl(), null, null, null, Duration.ofSeconds(2), null, null, null, null, null, null);
        Target webTarget = new Target("web", URI.create("http://127.0.0.1:" + closedPort()), null, null, null, Duration.ofSeconds(2),
                null, null, null, null, null, null);
        Map<String, Access.ActionPolicy> policies = new HashMap<>(Access.DEFAULT_ACTIONS);
        policies.put("restart-service", new Access.ActionPolicy("operator", true, Duration.ofMinutes(1), 3));
        config = new TriageConfig(List.of(apiTarget, webTarget), new TriageConfig.Channels("C_OPS", "C_INC"), null, 0,
                new Access(Map.of("operator", Set.of("slack:U_LEAD")), Map.of(), policies, null), TestStores.fresh(store))
                .withRemediations(Map.of("api", RULE, "web", RULE));
        HttpHealthCheck health = new HttpHealthCheck(new HttpProber());
        Map<String, List<Action>> own = Map.of("api", List.of(new DemoRestartAction(api, health)),
                "web", List.of(new DemoRestartAction(elsewhere, health)));
        actions = new TargetActions(new ActionCatalog(List.of()), own);
        db = Database.open(config.store());
        Ids ids = new Ids();
        Outbox outbox = new Outbox(db, ids, clock);
        DiagnoseService diagnose = new DiagnoseService(new CheckCatalog(new HttpProber(), ssh, new CommandTemplates()),
                new CheckRunner(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor(), clock),
                dev.triage.bot.runbook.RunbookLibrary.shipped(), clock);
        var runInline = new java.util.concurrent.AbstractExecutorService() {
            public void execute(Runnable r) { r.run(); }
            public void shutdown() { }
            public List<Runnable> shutdownNow() { return List.of(); }
            public boolean isShutdown() { return false; }
            public boolean isTerminated() { return false; }
            public boolean awaitTermination(long t, java.util.concurrent.TimeUnit u) { return true; }
        };
        manager = new IncidentManager(config, new IncidentStore(db, ids), outbox, diagnose,
                (t, a) -> config.access().policy(a).isPresent() && actions.available(t, a), runInline, clock);
        approvals = new Store(db);
        remediator = remediator(manager, inline, "replica-a");
        remediator.register(buttons);
        delivery = new OutboxDelivery(outbox, port, clock, Duration.ZERO);
    }

    private Remediator remediator(IncidentManager m, Executor workers, String replica) {
        return new Remediator(m, approvals, RemediationRules.resolve(config, actions), actions, new Audit(approvals, new Ids(), clock),
                new Ids(), workers, clock, replica, Duration.ofSeconds(10));
    }

    @AfterEach
    void tearDown() {
        ssh.close();
        db.close();
        api.close();
        elsewhere.close();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void down(String target) {
        ProbeResult first = ProbeResult.failed(target, now.get(), Duration.ofMillis(3), "http-health", "GET /health → 503", List.of());
        manager.onEvent(new ProbeEvent.WentDown(target, now.get().plusSeconds(60), now.get(), first, 3, false, false));
        now.updateAndGet(t -> t.plusSeconds(60));
    }

    private void up(String target) {
        Incident i = manager.store().openFor(target).orElseThrow();
        manager.onEvent(new ProbeEvent.WentUp(target, now.get(), i.downSince(), now.get().minusSeconds(2), 2, false));
    }

    private void advance(Duration d) {
        now.updateAndGet(t -> t.plus(d));
    }

    private long said(String text) {
        delivery.deliverDue();
        List<Message> all = new java.util.ArrayList<>();
        all.addAll(port.posts);
        all.addAll(port.replies);
        all.addAll(port.updates);
        return all.stream().filter(m -> m.title().contains(text)).count();
    }

    private String holdButton() {
        delivery.deliverDue();
        return port.replies.stream().flatMap(m -> m.buttons().stream()).map(Message.Button::id).filter(id -> id.startsWith("hold:"))
                .findFirst().orElseThrow(() -> new AssertionError("no Hold button: " + port.titles()));
    }

    private void click(Requester who, String button) {
        buttons.dispatch(new CommandContext(who, "C_INC", "", null, port), button);
    }

    @Test
    void aTargetDownForTheRuleIsAnnouncedWithHoldThenRestartedAndItsRecoveryIsOneWithoutAPerson() {
        api.breakHealth();
        down("api");
        remediator.tick(Fence.NONE);
        assertEquals(0, said("unless someone presses Hold"), "not before it has been DOWN for 2 min: " + port.titles());

        advance(Duration.ofMinutes(1));
        remediator.tick(Fence.NONE);
        remediator.tick(Fence.NONE);
        assertEquals(1, said("restart-service on api in 30 s unless someone presses Hold"), port.titles());
        holdButton();
        assertEquals(0, api.restarts(), "nothing runs during the hold");

        advance(Duration.ofSeconds(30));
        remediator.tick(Fence.NONE);
        remediator.tick(Fence.NONE);
        assertEquals(1, api.restarts(), "run once, after the hold");
        assertEquals(1, said("restart-service on api — done without a person"), port.titles());
        assertEquals(0, said("A person is needed"), port.titles());

        up("api");
        delivery.deliverDue();
        Message resolution = port.replies.stream().filter(m -> m.title().startsWith("RESOLVED  api")).findFirst().orElseThrow();
        assertTrue(resolution.fields().stream().anyMatch(f -> f.name().equals("Fixed by")
                && f.value().startsWith("restart-service (run by Triage without a person, under api's remediate: rule")), resolution.toString());
        var uptime = manager.uptime("api", Duration.ofDays(7));
        assertEquals(1, uptime.recovered());
        assertEquals(1.0, uptime.shareWithoutPerson().orElseThrow(), "an unattended recovery is one without a person");
        var audit = approvals.audit("api", Instant.EPOCH, 100);
        assertTrue(audit.stream().anyMatch(e -> e.actor().equals("triage:triage") && e.kind().equals("remediate") && "started".equals(e.result())
                && e.detail().contains("by Triage without a person, under api's remediate: rule")), audit.toString());
        assertTrue(audit.stream().anyMatch(e -> e.actor().equals("triage:triage") && e.kind().equals("outcome")
                && "DONE".equals(e.result())), audit.toString());
        assertEquals(1, approvals.runsSince("api", "restart-service", Instant.EPOCH).size(), "the storm guard counts it");
    }

    @Test
    void holdPressedDuringTheCountdownStopsTheRunForGood() throws Exception {
        api.breakHealth();
        down("api");
        advance(Duration.ofMinutes(1));
        remediator.tick(Fence.NONE);
        String hold = holdButton();
        click(LEAD, hold);
        UsageException again = assertThrows(UsageException.class, () -> click(LEAD, hold));
        assertTrue(again.getMessage().startsWith("Already held by @lead"), again.getMessage());

        advance(Duration.ofMinutes(10));
        remediator.tick(Fence.NONE);
        remediator.tick(Fence.NONE);
        assertEquals(0, api.restarts(), "held: never run");
        assertEquals(1, said("held by @lead"), port.titles());
        api.restart();   // a person's fix
        up("api");
        assertEquals(0.0, manager.uptime("api", Duration.ofDays(7)).shareWithoutPerson().orElseThrow(),
                "someone pressed Hold: not a recovery without a person");
    }

    @Test
    void anAcknowledgedIncidentIsNeverRemediatedNorOneAcknowledgedDuringTheCountdown() {
        api.breakHealth();
        down("api");
        manager.acknowledge(LEAD, "api");
        advance(Duration.ofMinutes(5));
        remediator.tick(Fence.NONE);
        assertEquals(0, said("unless someone presses Hold"), port.titles());

        up("api");
        api.breakHealth();
        down("api");
        advance(Duration.ofMinutes(1));
        remediator.tick(Fence.NONE);
        assertEquals(1, said("restart-service on api in 30 s unless someone presses Hold"), port.titles());
        manager.acknowledge(LEAD, "api");
        advance(Duration.ofSeconds(30));
        remediator.tick(Fence.NONE);
        assertEquals(0, api.restarts());
        assertEquals(1, said("restart-service on api — not run: @lead acknowledged the incident"), port.titles());
        assertEquals(0, said("A person is needed"), "a person has it already: " + port.titles());
    }

    @Test
    void anIncidentWhoseFixAPersonAskedForIsLeftToThem() {
        api.breakHealth();
        down("api");
        manager.requested(dev.triage.bot.store.Approval.pending("a0000000000000001", "api", "restart-service", "restart", "slack:U_LEAD",
                "lead", "C_OPS", "operator", true, now.get(), now.get().plusSeconds(900)));
        advance(Duration.ofMinutes(5));
        remediator.tick(Fence.NONE);
        assertEquals(0, said("unless someone presses Hold"), port.titles());
        assertEquals(0, api.restarts());
    }

    @Test
    void aSilencedTargetIsNeverRemediated() {
        api.breakHealth();
        down("api");
        manager.silence(LEAD, "api", Duration.ofHours(1), "maintenance");
        advance(Duration.ofMinutes(5));
        remediator.tick(Fence.NONE);
        assertEquals(0, said("unless someone presses Hold"), port.titles());
        assertEquals(0, api.restarts());
    }

    @Test
    void theHourlyCapHoldsAndItsEscalationIsPostedOnce() {
        Map<String, Remediation> one = Map.of("api", new Remediation("restart-service", Duration.ofMinutes(2), 1, Duration.ofSeconds(30),
                List.of("slack-group:S0ONCALL")));
        config = config.withRemediations(one);
        remediator = remediator(manager, inline, "replica-a");
        for (int round = 0; round < 2; round++) {
            api.breakHealth();
            down("api");
            advance(Duration.ofMinutes(1));
            remediator.tick(Fence.NONE);
            advance(Duration.ofSeconds(30));
            remediator.tick(Fence.NONE);
            remediator.tick(Fence.NONE);
            advance(Duration.ofMinutes(1));
            remediator.tick(Fence.NONE);
            if (round == 0) {
                up("api");
            }
        }
        assertEquals(1, api.restarts(), "the second incident within the hour is not restarted: " + port.titles());
        assertEquals(1, said("A person is needed: api is still DOWN"), port.titles());
        assertTrue(port.replies.stream().filter(m -> m.title().startsWith("A person is needed"))
                .allMatch(m -> m.mentions().equals(List.of("slack-group:S0ONCALL"))), "it pages the rule's on-call group");
        assertTrue(port.updates.stream().anyMatch(m -> m.title().contains("· a person is needed")), "the root says so: " + port.titles());
        assertTrue(manager.store().events(manager.store().openFor("api").orElseThrow().id()).stream()
                .anyMatch(e -> e.text().contains("already ran without a person 1 times")), "the timeline says why");
    }

    @Test
    void aFailedVerificationEscalatesOnceAndIsNeverRetried() {
        down("web");
        advance(Duration.ofMinutes(1));
        remediator.tick(Fence.NONE);
        advance(Duration.ofSeconds(30));
        for (int i = 0; i < 5; i++) {
            remediator.tick(Fence.NONE);
            advance(Duration.ofMinutes(3));
        }
        assertEquals(1, elsewhere.restarts(), "run once: " + port.titles());
        assertEquals(1, said("restart-service on web — failed without a person"), port.titles());
        assertEquals(1, said("A person is needed: web is still DOWN"), port.titles());
        String why = manager.store().openFor("web").orElseThrow().needsPerson();
        assertTrue(why.startsWith("restart-service ran without a person and failed: failed at verify"), why);
    }

    @Test
    void aTargetStillDownAfterAVerifiedRunEscalatesOnce() {
        api.breakHealth();
        down("api");
        advance(Duration.ofMinutes(1));
        remediator.tick(Fence.NONE);
        advance(Duration.ofSeconds(30));
        remediator.tick(Fence.NONE);
        assertEquals(1, api.restarts());
        advance(Duration.ofMinutes(1));
        remediator.tick(Fence.NONE);
        assertEquals(0, said("A person is needed"), "the probes get the rule's 2 min to see it UP: " + port.titles());
        advance(Duration.ofMinutes(1));
        remediator.tick(Fence.NONE);
        remediator.tick(Fence.NONE);
        assertEquals(1, said("A person is needed: api is still DOWN"), port.titles());
        assertEquals(1, api.restarts(), "never a second run");
    }

    @Test
    void aRunWhoseReplicaDiedIsEscalatedAsInterruptedAndNotRunAgain() {
        api.breakHealth();
        down("api");
        advance(Duration.ofMinutes(1));
        Remediator dying = remediator(manager, r -> { }, "replica-gone");   // claims the run, then dies before it runs
        dying.tick(Fence.NONE);
        advance(Duration.ofSeconds(30));
        dying.tick(Fence.NONE);
        assertEquals(RemediationStore.Status.RUNNING, remediator.store().forIncident(manager.store().openFor("api").orElseThrow().id())
                .orElseThrow().status());

        remediator.tick(Fence.NONE);   // the next leader: replica-gone never said it was alive
        remediator.tick(Fence.NONE);
        assertEquals(0, api.restarts(), "what it did is unknown: not run again");
        assertEquals(1, said("A person is needed: api is still DOWN"), port.titles());
        assertEquals(1, said("restart-service on api — interrupted:"), port.titles());
    }

    @Test
    void holdOnARunThatStartedSaysItIsTooLate() {
        Remediator slow = remediator(manager, r -> { }, "replica-a");
        api.breakHealth();
        down("api");
        advance(Duration.ofMinutes(1));
        slow.tick(Fence.NONE);
        String hold = holdButton();
        advance(Duration.ofSeconds(30));
        slow.tick(Fence.NONE);
        UsageException late = assertThrows(UsageException.class, () -> click(LEAD, hold));
        assertTrue(late.getMessage().startsWith("Too late to hold: restart-service started at"), late.getMessage());
    }
}
