package dev.triage.bot;

import dev.triage.adapters.ChatPort;
import dev.triage.bot.access.AccessGuard;
import dev.triage.bot.access.Roles;
import dev.triage.bot.approval.ActionCommands;
import dev.triage.bot.approval.ApprovalCard;
import dev.triage.bot.approval.Approvals;
import dev.triage.bot.approval.Audit;
import dev.triage.bot.approval.TargetActions;
import dev.triage.bot.command.BackendCommands;
import dev.triage.bot.command.Bot;
import dev.triage.bot.command.BuiltinCommands;
import dev.triage.bot.command.ButtonRouter;
import dev.triage.bot.command.CommandSet;
import dev.triage.bot.delivery.Outbox;
import dev.triage.bot.delivery.OutboxDelivery;
import dev.triage.bot.incident.Incident;
import dev.triage.bot.incident.IncidentCommands;
import dev.triage.bot.incident.IncidentManager;
import dev.triage.bot.incident.IncidentStore;
import dev.triage.bot.probe.CheckProbeRunner;
import dev.triage.bot.probe.ExecutorProbeScheduler;
import dev.triage.bot.probe.ProbeSettings;
import dev.triage.bot.probe.Prober;
import dev.triage.bot.probe.ProberSettings;
import dev.triage.bot.probe.TargetHealth;
import dev.triage.bot.diagnose.DiagnoseCommands;
import dev.triage.bot.runbook.RunbookLibrary;
import dev.triage.bot.diagnose.DiagnoseService;
import dev.triage.bot.diagnose.DiagnosisRenderer;
import dev.triage.bot.status.CheckCatalog;
import dev.triage.bot.status.StatusRenderer;
import dev.triage.bot.status.StatusService;
import dev.triage.bot.store.Database;
import dev.triage.bot.store.Ids;
import dev.triage.bot.store.Store;
import dev.triage.checks.CheckRunner;
import dev.triage.checks.action.Action;
import dev.triage.checks.action.ActionCatalog;
import dev.triage.checks.action.ActionSettings;
import dev.triage.checks.action.Pacer;
import dev.triage.checks.action.SshActions;
import dev.triage.checks.cloud.CloudChecks;
import dev.triage.checks.cloud.CloudDirectory;
import dev.triage.checks.cloud.RestApi;
import dev.triage.checks.cloud.aws.AwsClients;
import dev.triage.checks.http.HttpHealthCheck;
import dev.triage.checks.http.HttpProber;
import dev.triage.checks.ssh.CommandTemplates;
import dev.triage.checks.ssh.SshExecutor;
import dev.triage.config.ConfigException;
import dev.triage.config.ConfigLoader;
import dev.triage.config.Target;
import dev.triage.config.TriageConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The composition root's parts, built with plain constructors in one place: no static singletons,
 * time and threads injected.
 */
final class Wiring implements AutoCloseable {
    final InstantSource clock;
    final ExecutorService workers;
    final HttpProber prober;
    final CheckCatalog catalog;
    final CheckRunner runner;
    final StatusService status;
    final StatusRenderer renderer;
    final SshExecutor ssh;
    final CommandTemplates templates;
    final DiagnoseService diagnose;
    final ActionCatalog actionCatalog;
    /** The loaded configuration's {@code cloud:} blocks, read by the cloud checks and actions. */
    final CloudDirectory cloud = new CloudDirectory();
    /** The checks written in Java; a configuration's own {@code checks:} are added to the catalog when it is used. */
    final java.util.Set<String> builtInChecks;

    Wiring(InstantSource clock) {
        this.clock = clock;
        this.workers = Executors.newVirtualThreadPerTaskExecutor();
        this.prober = new HttpProber();
        this.ssh = SshExecutor.withDefaults();
        this.templates = new CommandTemplates();
        this.catalog = new CheckCatalog(prober, ssh, templates);
        CloudChecks cloudChecks = new CloudChecks(new AwsClients(), new RestApi(), cloud);
        cloudChecks.checks().forEach(catalog::register);
        this.builtInChecks = java.util.Set.copyOf(catalog.ids());
        this.runner = new CheckRunner(workers, clock);
        this.status = new StatusService(catalog, runner, workers, clock);
        this.renderer = new StatusRenderer();
        this.diagnose = new DiagnoseService(catalog, runner, RunbookLibrary.shipped(), clock);
        this.actionCatalog = new ActionCatalog(java.util.stream.Stream.concat(SshActions.all(ssh, templates, prober, Pacer.sleeping(), clock,
                ActionSettings.defaults()).stream(), cloudChecks.actions(new HttpHealthCheck(prober), clock, Pacer.sleeping()).stream()).toList());
    }

    TriageConfig load(Path file, Map<String, String> env) throws ConfigException {
        TriageConfig config = new ConfigLoader(env, builtInChecks, diagnose.runbooks().all(), BuiltinCommands.names()).load(file);
        catalog.include(config.checks());
        cloud.use(config.cloud());
        return config;
    }

    /** Diagnosis with the configuration's runbooks and its targets' choices of runbook. */
    DiagnoseService diagnose(TriageConfig config) {
        return diagnose.withRunbooks(diagnose.runbooks().with(config));
    }

    /** What a configuration needs beyond the shared parts: its store, roles and actions. */
    Services services(TriageConfig config, Map<String, List<Action>> perTargetActions) {
        catalog.include(config.checks());
        cloud.use(config.cloud());
        Database db = Database.open(config.store());
        Store store = new Store(db);
        Ids ids = new Ids();
        Audit audit = new Audit(store, ids, clock);
        Roles roles = new Roles(config.access());
        TargetActions actions = new TargetActions(actionCatalog, perTargetActions);
        Approvals approvals = new Approvals(config, actions, roles, store, audit, new ApprovalCard(), ids, clock);
        Outbox outbox = new Outbox(db, ids, clock);
        IncidentManager incidents = new IncidentManager(config, new IncidentStore(db, ids), outbox, diagnose(config),
                fixAvailability(config, actions), workers, clock);
        approvals.observe(incidents);
        return new Services(config, db, store, audit, roles, actions, approvals, outbox, incidents);
    }

    /**
     * Starts watching: the outbox delivers through {@code incidentPort}, and every target is probed on
     * its schedule — resuming DOWN for targets whose incident was open when the bot stopped, with the
     * stored silences in force.
     */
    Monitoring monitor(Services s, ChatPort incidentPort, Duration perChannel) {
        OutboxDelivery delivery = new OutboxDelivery(s.outbox(), incidentPort, clock, perChannel).start(Duration.ofMillis(250));
        Prober prober = new Prober(new CheckProbeRunner(catalog, runner, clock), s.incidents(),
                ProberSettings.defaults().withMaxInFlight(s.config().probing().maxInFlight()), ExecutorProbeScheduler.daemon(),
                workers, clock, new java.util.Random());
        s.incidents().attach(prober);
        if (s.config().probing().enabled()) {
            for (Target t : s.config().targets()) {
                var tp = s.config().probing().target(t.name());
                if (tp.isPresent() && !tp.get().enabled()) {
                    continue;
                }
                ProbeSettings settings = tp.map(p -> new ProbeSettings(p.checks(), p.interval(), p.timeout(), p.failuresBeforeDown(),
                        p.successesBeforeUp(), p.startJitter(), p.reminderInterval(), Boolean.FALSE)).orElse(ProbeSettings.defaults());
                var open = s.incidents().store().openFor(t.name());
                if (open.isPresent()) {
                    Incident i = open.get();
                    prober.add(t, settings, TargetHealth.resumingDown(t.name(), settings, i.downSince(),
                            i.lastReminder() != null ? i.lastReminder() : i.openedAt()));
                } else {
                    prober.add(t, settings);
                }
            }
            for (var silence : s.incidents().store().silences(clock.instant())) {
                if (prober.probes(silence.target())) {
                    prober.silence(silence.target(), silence.until(), silence.reason());
                }
            }
            prober.start();
        }
        return new Monitoring(prober, delivery);
    }

    /** The prober and the outbox's delivery; closing stops probing and delivers what is queued. */
    record Monitoring(Prober prober, OutboxDelivery delivery) implements AutoCloseable {
        @Override
        public void close() {
            prober.close();
            delivery.drain(Duration.ofSeconds(10));
            delivery.close();
        }
    }

    /** The bot for one configuration, answering through {@code port}. */
    Bot bot(Services s, ChatPort port, CommandSet... extra) {
        TriageConfig config = s.config();
        ButtonRouter buttons = new ButtonRouter();
        CommandSet backend = new CommandSet("backend", "ask Triage about your backends")
                .guardedBy(new AccessGuard(config.access(), s.roles()));
        BackendCommands backendCommands = new BackendCommands(config, status, renderer);
        backendCommands.register(backend, buttons);
        DiagnoseService diagnoseService = diagnose(config);
        DiagnoseCommands diagnoseCommands = new DiagnoseCommands(config, backendCommands, diagnoseService, new DiagnosisRenderer(), ssh,
                templates, fixAvailability(config, s.actions()), clock);
        diagnoseCommands.register(backend, buttons);
        new ActionCommands(config, backendCommands, s.approvals(), s.roles(), s.audit(), clock).register(backend, buttons);
        new IncidentCommands(s.incidents(), backendCommands, clock).register(backend, buttons);
        // The built-in list in the jar first, then the team's commands: over a built-in's name, or new.
        ConfiguredCommands configured = new ConfiguredCommands(new ConfiguredCommands.Parts(config, backendCommands, status, renderer,
                diagnoseCommands, diagnoseService.runbooks(), s.approvals()));
        configured.apply(backend, BuiltinCommands.definitions());
        configured.apply(backend, config.commands());
        Bot bot = new Bot(port, workers, buttons, (ctx, what, result) -> {
            String target = targetNamed(config, what);
            s.audit().record(ctx.user(), what.startsWith("button") ? "click" : "command", target, ctx.channel(), what, result, null);
            s.incidents().commandRan(ctx.user(), target, what, result);
        }).register(backend);
        for (CommandSet set : extra) {
            bot.register(set);
        }
        return bot;
    }

    /** A verdict's fix is a button when that action can run on the diagnosed target. */
    private static java.util.function.BiPredicate<Target, String> fixAvailability(TriageConfig config, TargetActions actions) {
        return (target, actionId) -> config.access().policy(actionId).isPresent() && actions.available(target, actionId);
    }

    /** The first configured target named in a command line, for the audit log's target column. */
    private static String targetNamed(TriageConfig config, String commandLine) {
        for (String word : commandLine.split("[\\s:]+")) {
            var t = config.target(word);
            if (t.isPresent()) {
                return t.get().name();
            }
        }
        return null;
    }

    @Override
    public void close() {
        workers.shutdownNow();
        ssh.close();
    }

    /** The per-configuration parts; closing it closes the database. */
    record Services(TriageConfig config, Database db, Store store, Audit audit, Roles roles, TargetActions actions,
                    Approvals approvals, Outbox outbox, IncidentManager incidents) implements AutoCloseable {
        @Override
        public void close() {
            db.close();
        }
    }
}
