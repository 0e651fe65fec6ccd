package dev.triage.bot.approval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.triage.adapters.ButtonEvent;
import dev.triage.adapters.CommandEvent;
import dev.triage.adapters.Message;
import dev.triage.adapters.MessageRef;
import dev.triage.adapters.Requester;
import dev.triage.bot.RecordingPort;
import dev.triage.bot.access.Roles;
import dev.triage.bot.command.Bot;
import dev.triage.bot.command.ButtonRouter;
import dev.triage.bot.command.CommandContext;
import dev.triage.bot.store.Approval;
import dev.triage.bot.store.Database;
import dev.triage.bot.store.Ids;
import dev.triage.bot.store.LocalPostgres;
import dev.triage.bot.store.Store;
import dev.triage.checks.action.ActionCatalog;
import dev.triage.config.Access;
import dev.triage.config.Target;
import dev.triage.config.TriageConfig;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL goes away between the approval card and the click: the click is told it waits, is decided once the
 * store is back (HikariCP reconnects), the action runs once and its outcome is recorded; a command meanwhile gets one
 * clear line instead of a stack trace.
 */
class ClickDuringStoreOutageTest {
    private static final Requester ONCALL = new Requester("slack", "U_ONCALL", "oncall", Set.of("S_OPS"));
    private static final Requester LEAD = new Requester("slack", "U_LEAD", "lead", Set.of("S_OPS"));

    @Test
    void aClickWhileTheStoreIsAwayIsDecidedWhenItIsBack() throws Exception {
        try (LocalPostgres postgres = LocalPostgres.start()) {
            var settings = postgres.newDatabase("clicks");
            Target prod = Target.http("prod", URI.create("http://127.0.0.1:9"));
            Access access = new Access(Map.of("operator", Set.of("slack-group:S_OPS")), Map.of(), Access.DEFAULT_ACTIONS,
                    Duration.ofMinutes(15));
            TriageConfig config = new TriageConfig(List.of(prod), null, null, 0, access, settings);
            RecordingPort port = new RecordingPort();
            ApprovalsTest.CountingAction action = new ApprovalsTest.CountingAction();
            try (Database db = Database.open(settings)) {
                Store store = new Store(db);
                Ids ids = new Ids();
                InstantSource clock = InstantSource.system();
                Approvals approvals = new Approvals(config, new TargetActions(new ActionCatalog(List.of()), Map.of("prod", List.of(action))),
                        new Roles(config.access()), store, new Audit(store, ids, clock), new ApprovalCard(), ids, clock);
                Approval a = approvals.request(new CommandContext(ONCALL, "C_OPS", "", null, port), prod, "restart-service", false)
                        .orElseThrow();
                ButtonRouter buttons = new ButtonRouter();
                buttons.on("approve", approvals::approve);
                Bot bot = new Bot(port, Executors.newVirtualThreadPerTaskExecutor(), buttons);

                postgres.stop();
                CompletableFuture<Void> click = bot.onButton(new ButtonEvent(LEAD, "C_OPS", "approve:" + a.id(),
                        new MessageRef("C_OPS", "m1", null)));
                CompletableFuture<Void> command = bot.onCommand(new CommandEvent(ONCALL, "C_OPS", "backend", "status"));
                command.get(30, TimeUnit.SECONDS);
                Thread.sleep(3000);
                assertTrue(port.posts.stream().anyMatch(m -> m.title().startsWith("Triage can't reach its store right now, so your click "
                        + "waits")), port.titles());
                assertEquals(0, action.runs.get(), "not decided while the store is away");
                postgres.restart();

                click.get(60, TimeUnit.SECONDS);
                assertEquals(1, action.runs.get(), "decided and run once the store answered");
                assertEquals(Approval.Status.APPROVED, store.approval(a.id()).orElseThrow().status());
                assertEquals("DONE", store.approval(a.id()).orElseThrow().outcome(), "its outcome recorded");
                assertTrue(port.updates.stream().map(Message::title).anyMatch(t -> t.contains("· done")), port.titles());
            }
        }
    }
}
