package dev.triage.bot;

import dev.triage.bot.approval.AuditKind;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.triage.adapters.ChatAdapter;
import dev.triage.adapters.Requester;
import dev.triage.adapters.console.ConsoleAdapter;
import dev.triage.adapters.discord.DiscordAdapter;
import dev.triage.adapters.discord.DiscordSettings;
import dev.triage.adapters.slack.SlackAdapter;
import dev.triage.adapters.slack.SlackSettings;
import dev.triage.bot.demo.DemoRestartAction;
import dev.triage.bot.store.StoreException;
import dev.triage.checks.http.HttpHealthCheck;
import dev.triage.config.Access;
import dev.triage.config.Probing;
import dev.triage.config.StoreSettings;
import java.nio.file.Files;
import dev.triage.adapters.console.ConsoleRenderer;
import dev.triage.bot.diagnose.Diagnosis;
import dev.triage.bot.diagnose.DiagnosisRenderer;
import dev.triage.bot.demo.DemoBackend;
import dev.triage.bot.demo.DemoCommands;
import dev.triage.bot.status.StatusReport;
import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import dev.triage.config.ConfigException;
import dev.triage.config.HttpExpectation;
import dev.triage.config.Problem;
import dev.triage.config.Redactor;
import dev.triage.config.Suggestions;
import dev.triage.config.Target;
import dev.triage.config.TriageConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The command line: {@code triage} (demo), {@code run}, {@code validate}, {@code check},
 * {@code healthcheck}. Exit codes: 0 fine, 1 a check found a problem, 2 bad config or usage.
 */
public final class Cli {
    public static final int OK = 0;
    public static final int PROBLEM = 1;
    public static final int USAGE = 2;

    static final String HELP = """
            Triage — runs your backend runbooks from chat.

            Usage:
              ./triage                                   demo mode: the bot in this terminal against a demo backend
              ./triage run --config FILE                 the bot as configured
              ./triage validate FILE                     exit 0 and a summary, or exit 2 and one line per problem
              ./triage check TARGET --config FILE [--json]
                                                         the target's status checks once; exit 0 all OK,
                                                         1 any WARN/FAIL/ERROR, 2 bad config or usage
              ./triage diagnose TARGET --config FILE [--json]
                                                         walk the runbook's decision path once and name the likely
                                                         cause; exit 0 healthy, 1 not, 2 bad config or usage
              ./triage runbooks [--config FILE]          the runbooks (shipped and the file's own) with their steps,
                                                         and which targets each one diagnoses
              ./triage action TARGET ACTION --config FILE (--yes | --dry-run)
                                                         run an action now, from the host's shell (audited;
                                                         in chat every action goes through an approval)
              ./triage audit --config FILE [--since 24h] [--json]
                                                         the audit log: requests, decisions, outcomes, commands
              ./triage probes --config FILE              which replica leads (since when, lease epoch), the replicas
                                                         alive, and the leader's latest probe figures
              ./triage commands [--config FILE] [--json] the /backend commands as Slack, Discord and the console each
                                                         register them (built-ins, action verbs, the file's commands:)
              ./triage healthcheck [--port N]            exit 0 when a running bot's /healthz answers (Docker HEALTHCHECK)
              ./triage --help                            this text

            In the terminal: /backend help, /demo help, /click ID to press a button, /as NAME to be someone else, /quit.
            The demo restarts demo by itself when it stays DOWN (its remediate: rule): /demo break, then watch, or /click hold.
            The demo's operators are you and "lead"; "guest" has no role: /backend restart demo, then /as lead to approve.
            Configuration: see README.md and config/examples/triage.yaml.
            """;

    /**
     * The demo's remediate: rule, short enough to watch: DOWN for 15 s (longer than a /demo flap lasts, so that one ends by
     * itself), then a 10 s hold; it pages lead when it doesn't help.
     */
    static final dev.triage.config.Remediation DEMO_REMEDIATION = new dev.triage.config.Remediation("restart-service",
            Duration.ofSeconds(15), 2, Duration.ofSeconds(10), List.of("console:lead"));

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final InstantSource clock;
    private final Redactor redactor;

    public Cli(InputStream in, PrintStream out, PrintStream err, Map<String, String> env, InstantSource clock) {
        this(in, out, err, env, clock, new Redactor());
    }

    /** @param redactor the redaction filter the process's output already passes; told every secret of a loaded config */
    public Cli(InputStream in, PrintStream out, PrintStream err, Map<String, String> env, InstantSource clock, Redactor redactor) {
        this.redactor = redactor;
        this.in = in;
        this.out = out;
        this.err = err;
        this.env = env;
        this.clock = clock;
    }

    public int run(String... argv) {
        Args args;
        try {
            args = Args.parse(argv, Set.of("--json", "--yes", "--dry-run"), Set.of("--config", "--port", "--since"));
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println("Run ./triage --help for the commands.");
            return USAGE;
        }
        if (args.flag("--help") || (!args.positional().isEmpty() && Set.of("help", "-h").contains(args.positional().get(0)))) {
            out.print(HELP);
            return OK;
        }
        String command = args.positional().isEmpty() ? "demo" : args.positional().get(0);
        List<String> rest = args.positional().isEmpty() ? List.of() : args.positional().subList(1, args.positional().size());
        try {
            return switch (command) {
                case "demo" -> demo();
                case "run" -> runConfigured(requireConfig(args, rest));
                case "validate" -> validate(rest.size() == 1 ? Path.of(rest.get(0)) : requireConfig(args, rest));
                case "check" -> check(args, rest);
                case "diagnose" -> diagnose(args, rest);
                case "runbooks" -> runbooks(args);
                case "action" -> action(args, rest);
                case "audit" -> audit(args, rest);
                case "probes" -> probes(args, rest);
                case "healthcheck" -> healthcheck(args);
                case "commands" -> commands(args);
                default -> usage("Unknown command \"" + command + "\""
                        + Suggestions.closest(command, List.of("demo", "run", "validate", "check", "diagnose", "runbooks", "action",
                        "audit", "probes", "healthcheck", "commands"))
                        .map(s -> "; did you mean " + s + "?").orElse("."));
            };
        } catch (UsageError e) {
            return usage(e.getMessage());
        }
    }

    private int demo() {
        String me = env.getOrDefault("USER", "you");
        try (Wiring w = new Wiring(clock, env, redactor);
             DemoBackend backend = new DemoBackend(clock, Duration.ofSeconds(3)).start()) {
            Target demo = new Target("demo", backend.baseUrl(), null, null, null, Duration.ofSeconds(5),
                    Duration.ofSeconds(1), null, List.of(new HttpExpectation("/docs", 200)), null, null, null);
            Path db = Files.createTempFile("triage-demo-", ".db");
            db.toFile().deleteOnExit();
            // restart-service with a short cooldown, so the demo can be broken and mended again within a minute.
            Map<String, Access.ActionPolicy> actions = new java.util.HashMap<>(Access.DEFAULT_ACTIONS);
            actions.put("restart-service", new Access.ActionPolicy("operator", true, Duration.ofSeconds(30), Access.ActionPolicy.DEFAULT_PER_HOUR));
            Access access = new Access(Map.of("operator", Set.of("console:" + me, "console:lead")), Map.of(), actions, null);
            // Probed every 2 s, so /demo stop opens an incident within seconds.
            Probing probing = new Probing(true, 8, Map.of("demo", new Probing.TargetProbe(true, null, Duration.ofSeconds(2), null,
                    3, 2, Duration.ofMillis(500), null)));
            TriageConfig config = new TriageConfig(List.of(demo), TriageConfig.Channels.DEFAULT,
                    TriageConfig.Adapters.CONSOLE_ONLY, 0, access, new StoreSettings("jdbc:sqlite:" + db, null, null), probing)
                    .withRemediations(Map.of("demo", DEMO_REMEDIATION));
            ConsoleAdapter console = new ConsoleAdapter(in, out, me);
            try (Wiring.Services services = w.services(config,
                    Map.of("demo", List.of(new DemoRestartAction(backend, new HttpHealthCheck(w.prober)))), true);
                 Wiring.Monitoring monitoring = w.monitor(services, console, Duration.ZERO).start()) {
                out.println("Triage demo: a demo backend answers at " + backend.baseUrl() + " as target \"demo\". No token, no config.");
                out.println("Try /backend status, then /demo break, /demo slow, /demo stop, /demo mend; /backend diagnose;");
                out.println("/backend restart demo asks for approval: /as lead, then /click approve approves it. /backend help, /quit.");
                out.println("Triage probes demo every 2 s: /demo stop opens an incident here within seconds, with its diagnosis in a thread.");
                out.println("demo has a remediate: rule: DOWN for " + DEMO_REMEDIATION.after().toSeconds() + " s, Triage announces a restart and runs it "
                        + DEMO_REMEDIATION.hold().toSeconds() + " s later unless someone presses Hold (/demo break to see it; /demo flap recovers by itself).");
                out.flush();
                console.start(w.bot(services, console.name(), console, new DemoCommands(backend).commandSet()));
            }
            return OK;
        } catch (IOException | StoreException e) {
            err.println("Could not start the demo: " + e.getMessage());
            return PROBLEM;
        }
    }

    private int runConfigured(Path file) {
        try (Wiring w = new Wiring(clock, env, redactor)) {
            TriageConfig config;
            try {
                config = w.load(file, env);
            } catch (ConfigException e) {
                return problems(file, e);
            }
            if (!config.adapters().console() && config.adapters().slackSettings().isEmpty()
                    && config.adapters().discordSettings().isEmpty()) {
                err.println("No chat adapter is switched on: enable adapters.console, adapters.slack or adapters.discord.");
                return USAGE;
            }
            int healthPort = config.healthPort() > 0 ? config.healthPort() : envPort("TRIAGE_HEALTH_PORT");
            Wiring.Services services;
            try {
                services = w.services(config, Map.of(), true);
            } catch (StoreException e) {
                err.println("Triage can't start: " + e.getMessage());
                return PROBLEM;
            }
            // SIGTERM (or Ctrl-C) stops the bot, waited for; so does the console's input ending (or /quit) when it is on.
            ShutdownGate stopping = ShutdownGate.onSignal();
            // What /readyz asks of each chat platform switched on, and of the prober, once they exist.
            Map<String, java.util.function.BooleanSupplier> platforms = new java.util.concurrent.ConcurrentHashMap<>();
            int code = PROBLEM;
            try (services;
                 HealthEndpoint health = healthPort > 0 ? new HealthEndpoint(healthPort, () -> readiness(services, platforms,
                         stopping::asked), w.metrics::scrape) : null) {
                List<ChatAdapter> running = new ArrayList<>();
                List<dev.triage.bot.command.Bot> bots = new ArrayList<>();
                Wiring.Monitoring monitoring = null;
                String why = "it could not start";
                try {
                    ConsoleAdapter console = config.adapters().console()
                            ? new ConsoleAdapter(in, out, env.getOrDefault("USER", "you")) : null;
                    if (console != null && config.store().sqlitePath().isPresent()) {
                        // Beside the store: what the terminal was shown survives a restart with it.
                        Path store = config.store().sqlitePath().get().toAbsolutePath();
                        console.keepingDeliveriesIn(store.resolveSibling(store.getFileName() + ".console-delivered"));
                    }
                    dev.triage.adapters.ChatPort alerts = console;
                    Duration pace = Duration.ZERO;
                    DiscordGateway discord = null;
                    if (config.adapters().discordSettings().isPresent()) {
                        // Two gateway sessions on one token both get every interaction: only the leader holds it.
                        TriageConfig.Discord d = config.adapters().discord();
                        discord = new DiscordGateway(() -> new DiscordAdapter(DiscordSettings.of(d.token().reveal(), d.guildIds())
                                .withTargetNames(config::targetNames)).reportingCallsTo(w.metrics::chatCall), d.guildIds().size(), out);
                        DiscordGateway gateway = discord;
                        // Only the leader holds the Discord session: a follower is ready without one.
                        platforms.put("discord", () -> gateway.connected() || !services.lease().leads());
                        discord.serve(kept(bots, w.bot(services, "discord", discord)));
                        alerts = discord;
                        pace = Duration.ofMillis(500);
                    }
                    if (config.adapters().slackSettings().isPresent()) {
                        SlackAdapter slack = new SlackAdapter(slackSettings(config.adapters().slack())).reportingCallsTo(w.metrics::chatCall);
                        running.add(slack);
                        slack.start(kept(bots, w.bot(services, slack.name(), slack)));
                        platforms.put("slack", slack::connected);
                        out.println("Triage: Slack connected (" + config.adapters().slack().mode() + " mode).");
                        // Alerts and incident threads go to Slack, paced at about one message per second per channel.
                        alerts = slack;
                        pace = Duration.ofSeconds(1);
                    } else if (discord != null) {
                        services.outbox().deliversHereWhen(discord::connected);
                    }
                    monitoring = discord == null ? w.monitor(services, alerts, pace) : w.monitor(services, alerts, pace, discord);
                    monitoring.start();
                    Wiring.Monitoring watching = monitoring;
                    platforms.put("prober", () -> watching.duties().prober().map(p -> !p.stats().starved()).orElse(true));
                    out.println("Triage: " + config.targets().size() + " targets from " + file + ", store " + config.store().redactedUrl()
                            + ", " + services.replica() + ". /backend help for the commands.");
                    out.flush();
                    if (console != null) {
                        running.add(console);
                        var answering = kept(bots, w.bot(services, console.name(), console));
                        // Read on a thread of its own, so that SIGTERM stops the bot while the console waits for a line.
                        Thread.ofPlatform().name("triage-console").daemon().start(() -> {
                            try {
                                console.start(answering);
                            } catch (Exception e) {
                                err.println("The console stopped reading: " + e.getMessage());
                            } finally {
                                stopping.ask("the console's input ended");
                            }
                        });
                    }
                    why = stopping.await();
                    code = OK;
                } finally {
                    // No new commands, running ones finish, the outbox is delivered, the lease given up: each step bounded.
                    new GracefulStop(running, bots, services.approvals(), monitoring, GracefulStop.Budget.DEFAULT).stop(why);
                    running.forEach(ChatAdapter::close);
                }
            } catch (Exception e) {
                err.println("Triage stopped: " + e.getMessage());
                code = PROBLEM;
            } finally {
                stopping.done(code);
            }
            return code;
        } catch (Exception e) {
            err.println("Triage stopped: " + e.getMessage());
            return PROBLEM;
        }
    }

    private static dev.triage.bot.command.Bot kept(List<dev.triage.bot.command.Bot> bots, dev.triage.bot.command.Bot bot) {
        bots.add(bot);
        return bot;
    }

    /**
     * What {@code /readyz} checks: the store answers, each chat platform switched on is connected, the prober (on the
     * leader) keeps its schedule, and this replica knows its role.
     */
    private static Map<String, HealthEndpoint.Check> readiness(Wiring.Services s, Map<String, java.util.function.BooleanSupplier> parts,
                                                               java.util.function.BooleanSupplier stopping) {
        Map<String, HealthEndpoint.Check> checks = new LinkedHashMap<>();
        if (stopping.getAsBoolean()) {
            checks.put("stopping", new HealthEndpoint.Check(false, "this replica is stopping: it takes no new commands"));
        }
        var down = s.storeHealth().unreachableSince();
        checks.put("store", down.isEmpty() ? new HealthEndpoint.Check(true, "answers (" + s.config().store().redactedUrl() + ")")
                : new HealthEndpoint.Check(false, "unreachable since " + down.get() + ": " + s.storeHealth().lastError().orElse("")));
        var term = s.lease().term();
        boolean known = term.isPresent() || s.lease().aliveLocally();
        checks.put("role", new HealthEndpoint.Check(known, term.map(t -> "leader (lease epoch " + t.epoch() + ")")
                .orElse(known ? "follower" : "unknown until the store answers")));
        for (String platform : List.of("slack", "discord")) {
            var connected = parts.get(platform);
            if (connected != null) {
                boolean up = connected.getAsBoolean();
                checks.put(platform, new HealthEndpoint.Check(up, up ? "connected" : "not connected: the SDK is reconnecting"));
            }
        }
        var prober = parts.get("prober");
        if (prober == null) {
            checks.put("prober", new HealthEndpoint.Check(false, "not started yet"));
        } else {
            boolean keeping = prober.getAsBoolean();
            checks.put("prober", new HealthEndpoint.Check(keeping, keeping ? (term.isPresent() ? "keeps its schedule" : "follower: the leader probes")
                    : "starved: probes start late or are skipped (see /metrics triage_probe_scheduling_lag_*)"));
        }
        return checks;
    }

    private static SlackSettings slackSettings(TriageConfig.Slack s) {
        return new SlackSettings(SlackSettings.Mode.parse(s.mode()), s.botToken().reveal(),
                s.appToken() == null ? null : s.appToken().reveal(),
                s.signingSecret() == null ? null : s.signingSecret().reveal(), s.httpPort(), s.httpPath(), null, null, s.apiUrl());
    }

    /**
     * SIGTERM or Ctrl-C (or the console's input ending: {@link #ask}): {@link #await} returns, and the JVM waits (at most
     * {@link #GRACE}) until {@link #done} says the bot has stopped — commands finished, queued messages delivered, the
     * lease given up — then exits with the code given there: 0 for a clean stop, not death by signal (143); 1 when it
     * didn't stop in time.
     */
    private static final class ShutdownGate {
        /** The stop's bounded steps and a few seconds for closing the store, inside Kubernetes' 30 s termination grace. */
        static final Duration GRACE = GracefulStop.Budget.DEFAULT.total().plusSeconds(5);
        private final java.util.concurrent.CountDownLatch asked = new java.util.concurrent.CountDownLatch(1);
        private final java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(1);
        private String why;
        private volatile int code = PROBLEM;

        private Thread hook;

        static ShutdownGate onSignal() {
            ShutdownGate gate = new ShutdownGate();
            gate.hook = new Thread(() -> {
                gate.ask("a signal: SIGTERM or Ctrl-C");
                boolean clean = false;
                try {
                    clean = gate.finished.await(GRACE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (!clean) {
                    System.err.println("Triage did not stop within " + GRACE.toSeconds() + " s, so it exits now (status 1); "
                            + "what it hadn't sent stays in the outbox for the next leader or its next start.");
                }
                System.out.flush();
                System.err.flush();
                Runtime.getRuntime().halt(clean ? gate.code : PROBLEM);
            }, "triage-shutdown");
            Runtime.getRuntime().addShutdownHook(gate.hook);
            return gate;
        }

        /** Asks for the stop; the first reason given is the one {@link #await} returns. */
        synchronized void ask(String reason) {
            if (why == null) {
                why = reason;
                asked.countDown();
            }
        }

        boolean asked() {
            return asked.getCount() == 0;
        }

        /** Waits until the stop is asked for; returns why. */
        String await() throws InterruptedException {
            asked.await();
            synchronized (this) {
                return why;
            }
        }

        /** The bot has stopped; the process exits with {@code exitCode}. */
        void done(int exitCode) {
            code = exitCode;
            finished.countDown();
            try {
                // Stopped without a signal (the console's input ended, a failed start): the caller decides how to exit,
                // and a test's JVM that ran the bot in-process keeps no hook that would halt it.
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // a signal's stop: the hook is running and exits with the code
            }
        }
    }

    private int validate(Path file) {
        try (Wiring w = new Wiring(clock, env, redactor)) {
            TriageConfig config = w.load(file, env);
            List<String> adapters = new ArrayList<>();
            if (config.adapters().console()) adapters.add("console");
            config.adapters().slackSettings().ifPresent(s -> adapters.add("slack (" + s.mode() + " mode)"));
            config.adapters().discordSettings().ifPresent(d -> adapters.add("discord"));
            out.println(file + ": OK — " + config.targets().size() + (config.targets().size() == 1 ? " target (" : " targets (")
                    + String.join(", ", config.targetNames()) + "), adapters: " + String.join(", ", adapters));
            return OK;
        } catch (ConfigException e) {
            return problems(file, e);
        }
    }

    private int runbooks(Args args) {
        try (Wiring w = new Wiring(clock, env, redactor)) {
            var config = args.option("--config").isPresent() ? w.load(Path.of(args.option("--config").get()), env) : null;
            var library = config == null ? w.diagnose.runbooks() : w.diagnose(config).runbooks();
            out.print(new dev.triage.bot.runbook.RunbookListing().render(library, config == null ? List.of() : config.targets()));
            return OK;
        } catch (ConfigException e) {
            return problems(Path.of(args.option("--config").orElse("")), e);
        }
    }

    private int check(Args args, List<String> rest) {
        return withTarget("check", args, rest, (w, config, target) -> {
            StatusReport report = w.status.status(target);
            if (args.flag("--json")) {
                out.println(json(report.target().name(), report.state().name(), report.at(), report.took(), report.results(), null));
            } else {
                out.print(new ConsoleRenderer().render(target.name(), stripButtons(w.renderer.target(report)), ""));
            }
            // The state's own meaning (README, "UP, DEGRADED, DOWN"): exit 0 only when UP.
            return report.state() == dev.triage.bot.status.TargetState.UP ? OK : PROBLEM;
        });
    }

    private int diagnose(Args args, List<String> rest) {
        return withTarget("diagnose", args, rest, (w, config, target) -> {
            Diagnosis d = w.diagnose(config).diagnose(target, r -> { });
            if (args.flag("--json")) {
                Map<String, Object> verdict = new LinkedHashMap<>();
                verdict.put("healthy", d.verdict().healthy());
                verdict.put("host_key_refused", d.hostKeyRefused().map(dev.triage.checks.CheckResult::summary).orElse(null));
                verdict.put("cause", d.verdict().cause());
                verdict.put("reference", d.verdict().reference());
                verdict.put("evidence", d.verdict().evidence().stream().map(e -> e.checkId() + ": " + e.text()).toList());
                verdict.put("ruled_out", d.verdict().ruledOut());
                verdict.put("fix", d.verdict().fix() == null ? null : d.verdict().fix().advice());
                verdict.put("fix_action", d.verdict().fix() == null ? null : d.verdict().fix().actionId());
                out.println(json(target.name(), d.verdict().healthy() ? "HEALTHY" : "UNHEALTHY", d.at(), d.took(), d.results(), verdict));
            } else {
                out.print(new ConsoleRenderer().render(target.name(),
                        stripButtons(new DiagnosisRenderer().verdict(d, id -> false)), ""));
            }
            // A refused host key is never "all is well", whatever the outside view says.
            return d.verdict().healthy() && d.hostKeyRefused().isEmpty() ? OK : PROBLEM;
        });
    }

    /** Loads the config, finds the one TARGET named on the command line, and runs {@code work} on it. */
    /** Work on one target of a loaded configuration; returns the exit code. */
    @FunctionalInterface
    private interface TargetWork {
        int run(Wiring w, TriageConfig config, Target target);
    }

    private int withTarget(String command, Args args, List<String> rest, TargetWork work) {
        if (rest.size() != 1) {
            throw new UsageError(command + " needs exactly one TARGET, e.g. ./triage " + command + " prod --config triage.yaml");
        }
        Path file = requireConfig(args, List.of());
        try (Wiring w = new Wiring(clock, env, redactor)) {
            TriageConfig config;
            try {
                config = w.load(file, env);
            } catch (ConfigException e) {
                return problems(file, e);
            }
            var target = config.target(rest.get(0));
            if (target.isEmpty()) {
                err.println("No target named \"" + rest.get(0) + "\" in " + file
                        + Suggestions.closest(rest.get(0), config.targetNames()).map(s -> "; did you mean " + s + "?").orElse(".")
                        + " Targets: " + String.join(", ", config.targetNames()));
                return USAGE;
            }
            return work.run(w, config, target.get());
        }
    }

    private int action(Args args, List<String> rest) {
        if (rest.size() != 2) {
            throw new UsageError("action needs TARGET and ACTION, e.g. ./triage action prod restart-service --config triage.yaml --yes");
        }
        boolean dryRun = args.flag("--dry-run");
        if (!dryRun && !args.flag("--yes")) {
            throw new UsageError("action changes the system: add --yes to run it, or --dry-run to see the plan");
        }
        String actionId = rest.get(1);
        return withTarget("action", args, rest.subList(0, 1), (w, config, target) -> {
            var action = w.actionCatalog.find(actionId);
            if (action.isEmpty()) {
                err.println("No action \"" + actionId + "\""
                        + Suggestions.closest(actionId, w.actionCatalog.all().stream().map(a -> a.id()).toList())
                        .map(x -> "; did you mean " + x + "?").orElse(".")
                        + " Actions: " + String.join(", ", w.actionCatalog.all().stream().map(a -> a.id()).toList()));
                return USAGE;
            }
            var plan = action.get().plan(target);
            out.println(actionId + " on " + target.name() + (plan.host() == null ? "" : " (" + plan.host() + ")"));
            if (!plan.available()) {
                err.println("It can't run there: " + plan.unavailableReason());
                return USAGE;
            }
            out.println("  runs    " + plan.command());
            out.println("  gate    " + (plan.gate().isEmpty() ? "none" : String.join(" → ", plan.gate())));
            out.println("  verify  " + String.join(" → ", plan.verify()));
            if (dryRun) {
                return OK;
            }
            try (Wiring.Services services = w.services(config, Map.of())) {
                String user = osUser();
                var who = new Requester("cli", user, user, Set.of());
                // The restart-storm guard holds for the terminal too, checked and recorded in one step like an approval's
                // run: every run counts, failed ones too (a failed restart is still a restart of a crash-looping service).
                String runId = "cli-" + java.util.UUID.randomUUID();
                Optional<String> refused = config.access().policy(actionId).flatMap(policy -> services.db().transaction(c -> {
                    services.store().lockGuard(target.name(), actionId);
                    Optional<String> why = new dev.triage.bot.approval.StormGuard(services.store())
                            .refusal(target.name(), actionId, policy, clock.instant());
                    if (why.isEmpty()) {
                        services.store().recordRun(runId, target.name(), actionId, clock.instant(), runId, "cli:" + user);
                    }
                    return why;
                }));
                if (refused.isPresent()) {
                    services.audit().record(who, AuditKind.REFUSE, target.name(), "cli", actionId, refused.get(), null);
                    err.println("Not run: " + refused.get());
                    return PROBLEM;
                }
                services.audit().record(who, AuditKind.ACTION, target.name(), "cli", actionId + ": " + plan.command(), "started", null);
                dev.triage.checks.action.ActionOutcome outcome = null;
                try {
                    outcome = action.get().run(target, step -> out.println("  " + step.phase().name().toLowerCase(java.util.Locale.ROOT)
                            + "  " + step.status() + "  " + step.name() + "  " + step.detail() + "  (" + step.took().toMillis() + " ms)"));
                } finally {
                    services.store().finishRun(runId, outcome == null ? "FAILED" : outcome.result().name(), clock.instant());
                }
                services.audit().record(who, AuditKind.OUTCOME, target.name(), "cli", actionId + ": " + outcome.summary(),
                        outcome.result().name(), outcome.outputDigest());
                out.println(outcome.result() + "  " + outcome.summary());
                return outcome.succeeded() ? OK : PROBLEM;
            }
        });
    }

    /** Who runs this command on this machine: the login name from the environment, else the JVM's (the OS account). */
    private String osUser() {
        String user = env.get("USER");
        if (user == null || user.isBlank()) {
            user = env.get("LOGNAME");
        }
        if (user == null || user.isBlank()) {
            user = System.getProperty("user.name", "");
        }
        return user.isBlank() ? "unknown" : user.strip();
    }

    private int audit(Args args, List<String> rest) {
        if (!rest.isEmpty()) {
            throw new UsageError("audit takes no TARGET on the command line; it prints every target's entries (got " + rest.get(0) + ")");
        }
        Path file = requireConfig(args, List.of());
        Duration since = args.option("--since").map(v -> dev.triage.config.Durations.parse(v)
                .orElseThrow(() -> new UsageError("--since must be a duration like 30m, 24h or 7d (got " + v + ")")))
                .orElse(Duration.ofHours(24));
        return withStore(file, (config, services) -> {
            var entries = services.store().audit(null, clock.instant().minus(since), 10_000);
            if (args.flag("--json")) {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (var e : entries) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("at", e.at().toString());
                    m.put("actor", e.actor());
                    m.put("actor_name", e.actorName());
                    m.put("kind", e.kind());
                    m.put("target", e.target());
                    m.put("channel", e.channel());
                    m.put("detail", e.detail());
                    m.put("result", e.result());
                    m.put("digest", e.digest());
                    rows.add(m);
                }
                try {
                    out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rows));
                } catch (IOException e) {
                    err.println("Could not write the audit log: " + e.getMessage());
                    return PROBLEM;
                }
            } else {
                for (var e : entries) {
                    out.println(e.at() + "  " + e.kind() + "  " + e.actorName() + " (" + e.actor() + ")"
                            + (e.target() == null ? "" : "  " + e.target()) + "  " + e.detail()
                            + (e.result() == null ? "" : "  → " + e.result()) + (e.digest() == null ? "" : "  sha256:" + e.digest()));
                }
                out.println(entries.size() + (entries.size() == 1 ? " entry" : " entries") + " since " + since.toHours()
                        + " h ago, from " + config.store().redactedUrl());
            }
            return OK;
        });
    }

    /** Work on a loaded configuration's store, for a tool that takes no part in running the bot; returns the exit code. */
    @FunctionalInterface
    private interface StoreWork {
        int run(TriageConfig config, Wiring.Services services);
    }

    /** Loads the config, opens its store for a tool, and runs {@code work}: bad config exits 2, an unreachable store 1. */
    /**
     * The catalogue as each platform registers it: Slack one slash command (the manifest's usage hint), Discord
     * subcommands with typed options (the action requests in their group), the console's help lines. Without --config,
     * the built-ins alone.
     */
    private int commands(Args args) {
        try (Wiring w = new Wiring(clock, env, redactor)) {
            TriageConfig config;
            Path file = args.option("--config").map(Path::of).orElse(null);
            try {
                if (file != null) {
                    config = w.load(file, env);
                } else {
                    Path db = Files.createTempFile("triage-commands-", ".db");
                    db.toFile().deleteOnExit();
                    config = new TriageConfig(List.of(), TriageConfig.Channels.DEFAULT, TriageConfig.Adapters.CONSOLE_ONLY, 0,
                            new Access(Map.of(), Map.of(), Access.DEFAULT_ACTIONS, null), new StoreSettings("jdbc:sqlite:" + db, null, null),
                            new Probing(false, 8, Map.of()));
                }
            } catch (ConfigException e) {
                return problems(file, e);
            } catch (IOException e) {
                err.println("Could not make a scratch store: " + e.getMessage());
                return PROBLEM;
            }
            try (Wiring.Services services = w.services(config, Map.of())) {
                ConsoleAdapter quiet = new ConsoleAdapter(InputStream.nullInputStream(), new PrintStream(OutputStream.nullOutputStream()), "cli");
                dev.triage.adapters.Catalogue catalogue = w.bot(services, quiet.name(), quiet).catalogue();
                dev.triage.adapters.Catalogue.Command backend = catalogue.command("backend").orElseThrow();
                List<dev.triage.adapters.discord.SlashSubcommand> discord = dev.triage.adapters.discord.SlashSubcommand.layout(backend);
                if (args.flag("--json")) {
                    Map<String, Object> all = new LinkedHashMap<>();
                    all.put("slack", Map.of("command", "/backend", "usage_hint", usageHint(backend),
                            "subcommands", backend.subcommands().stream().map(e -> Map.of("synopsis", e.synopsis("backend"),
                                    "help", e.help(), "role", e.role())).toList()));
                    all.put("discord", Map.of("command", "backend", "subcommands", discord.stream().map(sub -> {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("name", sub.name());
                        if (sub.group() != null) {
                            m.put("group", sub.group());
                        }
                        m.put("description", sub.description());
                        m.put("options", sub.options().stream().map(o -> Map.of("name", o.name(), "type", o.kind().name(),
                                "required", o.required())).toList());
                        return m;
                    }).toList()));
                    all.put("console", backend.subcommands().stream().map(e -> e.synopsis("backend")).toList());
                    out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(all));
                    return OK;
                }
                out.println("Slack: one slash command, /backend (manifest usage hint: \"" + usageHint(backend) + "\")");
                out.println();
                out.println("Discord: /backend with " + discord.size() + " subcommands (" + discord.stream().filter(x -> x.group() != null)
                        .map(x -> x.group()).distinct().map(g -> "group " + g).reduce((a, b) -> a + ", " + b).orElse("no groups") + ")");
                for (var sub : discord) {
                    out.println("  /backend " + (sub.group() == null ? "" : sub.group() + " ") + sub.name()
                            + sub.options().stream().map(o -> " " + (o.required() ? "" : "[") + o.name() + ":" + o.kind().name().toLowerCase(Locale.ROOT)
                            + (o.required() ? "" : "]")).reduce("", String::concat));
                }
                out.println();
                out.println("Console (and /backend help everywhere):");
                for (var e : backend.subcommands()) {
                    out.println("  " + e.synopsis("backend") + " — " + e.help() + (e.role().equals("everyone") ? "" : " (role " + e.role() + ")"));
                }
                return OK;
            } catch (StoreException e) {
                err.println("Could not open the store: " + e.getMessage());
                return PROBLEM;
            } catch (IllegalArgumentException e) {
                err.println("These commands can't be registered on Discord: " + e.getMessage());
                return PROBLEM;
            } catch (IOException e) {
                err.println("Could not list the commands: " + e.getMessage());
                return PROBLEM;
            }
        }
    }

    /** Slack's usage hint for the manifest: the first few subcommands, as Slack shows one line under the command. */
    private static String usageHint(dev.triage.adapters.Catalogue.Command backend) {
        String names = backend.subcommands().stream().limit(6).map(dev.triage.adapters.Catalogue.Entry::name)
                .reduce((a, b) -> a + "|" + b).orElse("help");
        return "[" + names + "|…] [TARGET]";
    }

    private int withStore(Path file, StoreWork work) {
        try (Wiring w = new Wiring(clock, env, redactor)) {
            TriageConfig config;
            try {
                config = w.load(file, env);
            } catch (ConfigException e) {
                return problems(file, e);
            }
            try (Wiring.Services services = w.services(config, Map.of())) {
                return work.run(config, services);
            } catch (StoreException e) {
                err.println("Could not read the store: " + e.getMessage());
                return PROBLEM;
            }
        }
    }

    private int probes(Args args, List<String> rest) {
        if (!rest.isEmpty()) {
            throw new UsageError("probes takes no TARGET; it prints every target (got " + rest.get(0) + ")");
        }
        return withStore(requireConfig(args, List.of()), (config, services) -> {
            var renderer = new dev.triage.bot.incident.IncidentRenderer();
            var lease = services.lease();
            out.println("Leader: " + renderer.leadership(lease.view(), null, false, lease.liveReplicasQuietly(), clock.instant()));
            out.print(new ConsoleRenderer().render("probes", stripButtons(renderer.probes(services.incidents().store().aggregates(),
                    clock.instant())), ""));
            return OK;
        });
    }

    private int healthcheck(Args args) {
        int port;
        try {
            port = Integer.parseInt(args.option("--port").orElse(env.getOrDefault("TRIAGE_HEALTH_PORT", "8081")));
        } catch (NumberFormatException e) {
            throw new UsageError("--port must be a number (got " + args.option("--port").orElse("") + ")");
        }
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
            out.println("healthz: " + r.statusCode());
            return r.statusCode() == 200 ? OK : PROBLEM;
        } catch (IOException e) {
            out.println("healthz: no answer on port " + port + " (" + e.getClass().getSimpleName() + ")");
            return PROBLEM;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return PROBLEM;
        }
    }

    private int envPort(String name) {
        try {
            return Integer.parseInt(env.getOrDefault(name, "0").strip());
        } catch (NumberFormatException e) {
            err.println(name + " is not a port number; the health endpoint stays off.");
            return 0;
        }
    }

    private static dev.triage.adapters.Message stripButtons(dev.triage.adapters.Message m) {
        return new dev.triage.adapters.Message(m.title(), m.tone(), m.lines(), m.fields(), List.of(), m.footer());
    }

    private String json(String target, String state, java.time.Instant at, Duration took, List<CheckResult> checks,
                        Map<String, Object> verdict) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("target", target);
        doc.put("state", state);
        doc.put("at", at.toString());
        doc.put("took_ms", took.toMillis());
        if (verdict != null) {
            doc.put("verdict", verdict);
        }
        List<Map<String, Object>> results = new ArrayList<>();
        for (CheckResult r : checks) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("check", r.checkId());
            m.put("status", r.status().name());
            m.put("summary", r.summary());
            m.put("evidence", r.evidence());
            m.put("duration_ms", r.duration().toMillis());
            m.put("facts", r.facts());
            results.add(m);
        }
        doc.put("results", results);
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc);
        } catch (IOException e) {
            throw new IllegalStateException("could not write JSON", e);
        }
    }

    private int problems(Path file, ConfigException e) {
        for (Problem p : e.problems()) {
            err.println(file + ": " + p);
        }
        err.println(e.problems().size() + (e.problems().size() == 1 ? " problem" : " problems")
                + " found; fix " + (e.problems().size() == 1 ? "it" : "them") + " and run ./triage validate " + file + " again.");
        return USAGE;
    }

    private Path requireConfig(Args args, List<String> rest) {
        if (!rest.isEmpty()) {
            throw new UsageError("unexpected argument " + rest.get(0) + "; give the config file with --config FILE");
        }
        return args.option("--config").map(Path::of)
                .orElseThrow(() -> new UsageError("--config FILE is required (start from config/examples/triage.yaml)"));
    }

    private int usage(String message) {
        err.println(message);
        err.println("Run ./triage --help for the commands.");
        return USAGE;
    }

    private static final class UsageError extends RuntimeException {
        UsageError(String message) {
            super(message, null, false, false);
        }
    }
}
