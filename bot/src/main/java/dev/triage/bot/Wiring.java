package dev.triage.bot;

import dev.triage.adapters.ChatPort;
import dev.triage.adapters.discord.DiscordSettings;
import dev.triage.adapters.slack.SlackSettings;
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
import dev.triage.bot.delivery.Answers;
import dev.triage.bot.delivery.OutboxAnswers;
import dev.triage.bot.delivery.OutboxDelivery;
import dev.triage.bot.incident.IncidentCommands;
import dev.triage.bot.incident.IncidentManager;
import dev.triage.bot.incident.IncidentStore;
import dev.triage.bot.incident.RemediationRules;
import dev.triage.bot.incident.Remediator;
import dev.triage.bot.probe.CheckProbeRunner;
import dev.triage.bot.probe.TickProbeScheduler;
import dev.triage.bot.probe.ProbeSettings;
import dev.triage.bot.probe.Prober;
import dev.triage.bot.probe.ProberSettings;
import dev.triage.bot.incident.LeaderDuties;
import dev.triage.bot.ha.LeaderLease;
import dev.triage.bot.ha.Replica;
import dev.triage.bot.ha.StoreHealth;
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
import dev.triage.time.Sleeper;
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
import dev.triage.config.Redactor;
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
    /** The bot's own metrics, served on the health port's {@code /metrics}. */
    final dev.triage.bot.metrics.TriageMetrics metrics;
    /** The checks written in Java; a configuration's own {@code checks:} are added to the catalog when it is used. */
    final java.util.Set<String> builtInChecks;

    /** The environment: this replica's name ({@code TRIAGE_REPLICA_NAME}, {@code HOSTNAME}). */
    final Map<String, String> env;
    /** The one redaction filter: every secret of the configuration and every env-file secret read is told to it. */
    final Redactor redactor;

    Wiring(InstantSource clock) {
        this(clock, Map.of(), new Redactor());
    }

    Wiring(InstantSource clock, Map<String, String> env) {
        this(clock, env, new Redactor());
    }

    Wiring(InstantSource clock, Map<String, String> env, Redactor redactor) {
        this.clock = clock;
        this.env = env;
        this.redactor = redactor;
        this.workers = Executors.newVirtualThreadPerTaskExecutor();
        // One OkHttp client for everything that speaks HTTP: probes derive a pool without idle connections from it.
        okhttp3.OkHttpClient http = HttpProber.sharedClient();
        this.prober = new HttpProber(HttpProber.probesOver(http));
        this.ssh = SshExecutor.withDefaults();
        this.metrics = new dev.triage.bot.metrics.TriageMetrics(clock);
        metrics.ssh(ssh);
        this.templates = new CommandTemplates();
        this.catalog = new CheckCatalog(prober, ssh, templates, redactor);
        CloudChecks cloudChecks = new CloudChecks(new AwsClients(http), new RestApi(http), cloud, clock, redactor);
        cloudChecks.checks().forEach(catalog::register);
        this.builtInChecks = java.util.Set.copyOf(catalog.ids());
        this.runner = new CheckRunner(workers, clock);
        this.status = new StatusService(catalog, runner, workers, clock);
        this.renderer = new StatusRenderer();
        this.diagnose = new DiagnoseService(catalog, runner, RunbookLibrary.shipped(), clock);
        this.actionCatalog = new ActionCatalog(java.util.stream.Stream.concat(SshActions.all(ssh, templates, prober, Sleeper.system(), clock,
                ActionSettings.defaults()).stream(), cloudChecks.actions(new HttpHealthCheck(prober), clock, Sleeper.system()).stream()).toList());
    }

    TriageConfig load(Path file, Map<String, String> env) throws ConfigException {
        return load(file, env, Map.of());
    }

    /** The same, for targets that bring their own actions (the demo's in-process restart), as {@link #services} is given them. */
    TriageConfig load(Path file, Map<String, String> env, Map<String, List<Action>> perTargetActions) throws ConfigException {
        TriageConfig config = new ConfigLoader(env, builtInChecks, diagnose.runbooks().all(), BuiltinCommands.names())
                .tellingSecretsTo(redactor).load(file);
        catalog.include(config.checks());
        cloud.use(config.cloud());
        // Only here are the actions known: a remediate: rule whose action the target can't run is refused as the loader's are.
        List<dev.triage.config.Problem> rules = RemediationRules.problems(config, new TargetActions(actionCatalog, perTargetActions));
        if (!rules.isEmpty()) {
            throw new ConfigException(rules);
        }
        return config;
    }

    /**
     * What {@code run} refuses beyond the file's own rules: no chat adapter switched on, or a platform's settings it
     * could not connect with. {@code validate} says these too, so that whatever it passes, {@code run} starts.
     */
    static List<dev.triage.config.Problem> runProblems(TriageConfig config) {
        List<dev.triage.config.Problem> problems = new java.util.ArrayList<>();
        var adapters = config.adapters();
        if (!adapters.console() && adapters.slackSettings().isEmpty() && adapters.discordSettings().isEmpty()) {
            problems.add(new dev.triage.config.Problem("adapters",
                    "no chat adapter is switched on: enable adapters.console, adapters.slack or adapters.discord"));
        }
        adapters.slackSettings().ifPresent(s -> slackSettings(s).problems()
                .forEach(p -> problems.add(new dev.triage.config.Problem("", p))));
        adapters.discordSettings().ifPresent(d -> discordSettings(d, config::targetNames).problems()
                .forEach(p -> problems.add(new dev.triage.config.Problem("", p))));
        return problems;
    }

    /** The Slack adapter's settings from {@code adapters.slack}. */
    static SlackSettings slackSettings(TriageConfig.Slack s) {
        return new SlackSettings(SlackSettings.Mode.parse(s.mode()), s.botToken().reveal(),
                s.appToken() == null ? null : s.appToken().reveal(),
                s.signingSecret() == null ? null : s.signingSecret().reveal(), s.httpPort(), s.httpPath(), null, null, s.apiUrl());
    }

    /** The Discord adapter's settings from {@code adapters.discord}, with the targets it offers to autocomplete. */
    static DiscordSettings discordSettings(TriageConfig.Discord d, java.util.function.Supplier<List<String>> targetNames) {
        return DiscordSettings.of(d.token().reveal(), d.guildIds()).withTargetNames(targetNames).withEndpoints(d.apiUrl(), d.gatewayUrl());
    }

    /** Diagnosis with the configuration's runbooks and its targets' choices of runbook. */
    DiagnoseService diagnose(TriageConfig config) {
        return diagnose.withRunbooks(diagnose.runbooks().with(config));
    }

    /** What a configuration needs beyond the shared parts, for a one-off tool (audit, action): its store, roles and actions. */
    Services services(TriageConfig config, Map<String, List<Action>> perTargetActions) {
        return services(config, perTargetActions, false);
    }

    /**
     * The same for a bot process ({@code bot}): on SQLite it must be the only bot on the file, and on PostgreSQL a
     * server that isn't up yet is waited for.
     */
    Services services(TriageConfig config, Map<String, List<Action>> perTargetActions, boolean bot) {
        catalog.include(config.checks());
        cloud.use(config.cloud());
        Database db = bot ? Database.openForBot(config.store(), STORE_WAIT, clock) : Database.open(config.store());
        Replica replica = Replica.of(config.ha().replicaName(), env);
        Store store = new Store(db);
        Ids ids = new Ids();
        Audit audit = new Audit(store, ids, clock);
        Roles roles = new Roles(config.access());
        TargetActions actions = new TargetActions(actionCatalog, perTargetActions);
        Outbox outbox = new Outbox(db, ids, clock, replica.id());
        // Constructor order, no setters: the incidents first, then the approvals that tell them (and the metrics) each step.
        IncidentManager incidents = new IncidentManager(config, new IncidentStore(db, ids), outbox, diagnose(config),
                fixAvailability(config, actions), workers, clock);
        Approvals approvals = new Approvals(config, actions, roles, store, audit, new ApprovalCard(), ids, clock, replica.id(),
                metrics.countingActions(incidents));
        Remediator remediator = new Remediator(incidents, store, remediationRules(config, actions), actions, audit, ids, workers,
                clock, replica.id(), config.ha().leaseTtl());
        StoreHealth storeHealth = new StoreHealth(clock, config.ha().leaseTtl());
        LeaderLease lease = new LeaderLease(db, replica, config.ha(), !db.isPostgres(), System::nanoTime, storeHealth);
        metrics.store(db);
        metrics.lease(lease);
        return new Services(config, db, replica, lease, storeHealth, store, audit, roles, actions, approvals, outbox, incidents,
                remediator);
    }

    /**
     * The configuration's {@code remediate:} rules against the actions its targets can run (their cloud blocks in use):
     * what {@code run} builds, and throws for a rule that can't run — which {@link #load} has refused already.
     */
    Map<String, RemediationRules.Rule> remediationRules(TriageConfig config, TargetActions actions) {
        cloud.use(config.cloud());
        return RemediationRules.resolve(config, actions);
    }

    /** How long a bot process waits at start for a PostgreSQL that is not up yet. */
    static final Duration STORE_WAIT = Duration.ofSeconds(60);

    /**
     * Starts this replica's part of the watch: the outbox delivers through {@code incidentPort} what this
     * replica must send, and the leader lease decides whether it also probes every target on its schedule —
     * resuming from what the store says (open incidents, streaks, silences) whenever it becomes the leader.
     * {@code platformDuties} (the Discord gateway) start first at each term, stop with it.
     */
    Monitoring monitor(Services s, ChatPort rawIncidentPort, Duration perChannel, LeaderDuties.Duty... platformDuties) {
        TriageConfig config = s.config();
        ChatPort incidentPort = redacting(rawIncidentPort);
        StoreHealth storeHealth = s.storeHealth();
        LeaderLease lease = s.lease();
        OutboxDelivery delivery = new OutboxDelivery(s.outbox(), incidentPort, platformPorts, Wiring::paceOf, clock, perChannel,
                new OutboxDelivery.Role(lease::leads, lease::aliveLocally, lease.ttl())).start(Duration.ofMillis(250));
        List<LeaderDuties.Probed> probed = new java.util.ArrayList<>();
        if (config.probing().enabled()) {
            for (Target t : config.targets()) {
                var tp = config.probing().target(t.name());
                if (tp.isPresent() && !tp.get().enabled()) {
                    continue;
                }
                probed.add(new LeaderDuties.Probed(t, tp.map(ProbeSettings::from).orElse(ProbeSettings.defaults())));
            }
        }
        ProberSettings proberSettings = ProberSettings.defaults().withMaxInFlight(config.probing().maxInFlight());
        // One scheduler for every leadership term's prober: a term's prober calls off its own tasks when it closes.
        TickProbeScheduler probeScheduler = TickProbeScheduler.daemon();
        LeaderDuties duties = new LeaderDuties(s.incidents(), probed, listener -> new Prober(new CheckProbeRunner(catalog, runner, clock),
                metrics.observing(listener), proberSettings, probeScheduler, workers, clock, new java.util.Random()), clock);
        metrics.probing(() -> duties.prober().map(Prober::stats));
        lease.listen(duties);
        for (LeaderDuties.Duty d : platformDuties) {
            duties.add(d);   // first, so that the leader's platform session is up before anything is sent through it
        }
        duties.add(new LeaderDuties.Duty() {
            @Override
            public void start(dev.triage.bot.ha.Term term) {
                // Runs whose replica died mid-action end as INTERRUPTED, on their cards and in their incident threads.
                s.approvals().endInterruptedRuns(new OutboxAnswers(s.outbox(), null, incidentPort), lease.ttl());
            }

            @Override
            public void stop(dev.triage.bot.ha.Term term) {
            }
        });
        // Unattended remediation (targets' remediate: rules) is the leader's alone, fenced by its term.
        duties.add(s.remediator());
        storeHealth.alertThrough(new StoreAlerts(incidentPort, config.channels().incidents(), config.store().redactedUrl()));
        return new Monitoring(lease, duties, delivery, storeHealth);
    }

    /**
     * This replica's watch: the lease (and, while it leads, the probing), and the outbox's delivery. Closing it
     * stops probing, delivers what is queued while it still leads, then gives the lease up.
     */
    record Monitoring(LeaderLease lease, LeaderDuties duties, OutboxDelivery delivery, StoreHealth storeHealth)
            implements AutoCloseable {
        /** Starts taking part: the first lease round runs at once. */
        Monitoring start() {
            lease.start();
            return this;
        }

        /** Stops probing and the leader's other duties (the Discord session among them); the lease is still held. */
        void stopDuties() {
            duties.close();
        }

        /** Delivers what this replica has queued, for at most {@code within}; returns how many are left (-1: unknown). */
        int drain(Duration within) {
            return delivery.drain(within);
        }

        /** Gives the lease up (another replica leads at once) and stops delivering. */
        void release() {
            lease.close();
            delivery.close();
        }

        @Override
        public void close() {
            stopDuties();
            drain(Duration.ofSeconds(10));
            release();
        }
    }

    /** The one plain message that the store is unreachable, and the one when it is back: straight to the platform. */
    private record StoreAlerts(ChatPort port, String channel, String store) implements StoreHealth.Alerts {
        private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(StoreAlerts.class);

        @Override
        public void unreachable(java.time.Instant since, String why) {
            send(dev.triage.adapters.Message.builder("Triage can't reach its store since " + dev.triage.bot.text.Times.utcShort(since)
                    + ": no probes and no new alerts until it is back").tone(dev.triage.adapters.Tone.FAIL)
                    .field("Store", store)
                    .field("What still works", "commands that don't need the store; everything already recorded is kept and "
                            + "continues when the store answers again")
                    .build());
        }

        @Override
        public void back(java.time.Instant since, Duration lasted) {
            send(dev.triage.adapters.Message.of(dev.triage.adapters.Tone.OK, "Triage's store answers again after "
                    + dev.triage.bot.text.Times.length(lasted) + " (unreachable since " + dev.triage.bot.text.Times.utcShort(since)
                    + "); probing resumes."));
        }

        private void send(dev.triage.adapters.Message m) {
            try {
                port.post(channel, m);
            } catch (RuntimeException e) {
                log.warn("could not tell {} about the store: {}", channel, e.toString());
            }
        }
    }

    /** What every message to a platform passes on its way out: the redaction filter. */
    ChatPort redacting(ChatPort port) {
        return new RedactingPort(port, redactor);
    }

    /** Each platform's port (redacted), by name, for the outbox's delivery of the answers of its commands. */
    private final Map<String, ChatPort> platformPorts = new java.util.concurrent.ConcurrentHashMap<>();

    /** The least time between two new messages to one channel, per platform: Slack asks about a second. */
    static Duration paceOf(String platform) {
        return switch (platform) {
            case "slack" -> Duration.ofSeconds(1);
            case "discord" -> Duration.ofMillis(500);
            default -> Duration.ZERO;
        };
    }

    /**
     * The bot for one configuration on one platform ({@code slack}, {@code discord}, {@code console}): its answers go
     * through the persisted outbox to {@code rawPort}, redacted on the way out.
     */
    Bot bot(Services s, String platform, ChatPort rawPort, CommandSet... extra) {
        ChatPort port = redacting(rawPort);
        platformPorts.put(platform, port);
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
        new IncidentCommands(s.incidents(), backendCommands, s.lease(), clock).register(backend, buttons);
        s.remediator().register(buttons);
        // The built-in list in the jar first, then the team's commands: over a built-in's name, or new.
        ConfiguredCommands configured = new ConfiguredCommands(new ConfiguredCommands.Parts(config, backendCommands, status, renderer,
                diagnoseCommands, diagnoseService.runbooks(), s.approvals()));
        configured.apply(backend, BuiltinCommands.definitions());
        configured.apply(backend, config.commands());
        // Slack's answers go through the outbox (paced, retried past its 429s, never twice). A terminal prints at once
        // (a script's next line may click on what the last one printed); Discord answers through the command's own
        // interaction hook while the command runs, which JDA paces and retries itself.
        Answers answers = platform.equals("slack") ? new OutboxAnswers(s.outbox(), platform, port) : Answers.direct(port);
        Bot bot = new Bot(port, answers, workers, buttons, (ctx, invocation, result) -> {
            String target = invocation.target(word -> config.target(word).map(Target::name),
                    id -> s.store().approval(id).map(dev.triage.bot.store.Approval::target)).orElse(null);
            s.audit().record(ctx.user(), invocation.click() ? dev.triage.bot.approval.AuditKind.CLICK
                    : dev.triage.bot.approval.AuditKind.COMMAND, target, ctx.channel(), invocation.line(), result, null);
            s.incidents().commandRan(ctx.user(), target, invocation, result);
        }, clock).register(backend);
        // What a platform offers while a parameter is typed: the configured targets, the open incidents (from the store).
        bot.suggesting(dev.triage.adapters.Catalogue.Kind.TARGET, typed -> dev.triage.adapters.Catalogue.Choice.matching(typed,
                config.targetNames().stream().map(n -> new dev.triage.adapters.Catalogue.Choice(n, n)).toList()));
        bot.suggesting(dev.triage.adapters.Catalogue.Kind.INCIDENT, typed -> dev.triage.adapters.Catalogue.Choice.matching(typed,
                s.incidents().store().allOpen().stream().map(i -> new dev.triage.adapters.Catalogue.Choice(
                        "#" + i.number() + " " + i.target() + " — " + i.state(), Integer.toString(i.number()))).toList()));
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
    @Override
    public void close() {
        workers.shutdownNow();
        ssh.close();
    }

    /** The per-configuration parts; closing it closes the database. */
    record Services(TriageConfig config, Database db, Replica replica, LeaderLease lease, StoreHealth storeHealth, Store store,
                    Audit audit, Roles roles, TargetActions actions, Approvals approvals, Outbox outbox, IncidentManager incidents,
                    Remediator remediator)
            implements AutoCloseable {
        @Override
        public void close() {
            db.close();
        }
    }
}
