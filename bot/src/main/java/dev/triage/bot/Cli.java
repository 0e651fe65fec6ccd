package dev.triage.bot;

import dev.triage.adapters.ChatAdapter;
import dev.triage.adapters.Requester;
import dev.triage.adapters.console.ConsoleAdapter;
import dev.triage.adapters.console.ConsoleRenderer;
import dev.triage.adapters.discord.DiscordAdapter;
import dev.triage.adapters.slack.SlackAdapter;
import dev.triage.bot.approval.Approvals;
import dev.triage.bot.command.UsageException;
import dev.triage.bot.demo.DemoBackend;
import dev.triage.bot.demo.DemoCommands;
import dev.triage.bot.demo.DemoRestartAction;
import dev.triage.bot.diagnose.Diagnosis;
import dev.triage.bot.diagnose.DiagnosisRenderer;
import dev.triage.bot.status.StatusReport;
import dev.triage.bot.store.Approval;
import dev.triage.bot.store.StoreException;
import dev.triage.checks.action.ActionOutcome;
import dev.triage.checks.action.ActionPlan;
import dev.triage.checks.action.ActionStep;
import dev.triage.checks.http.HttpHealthCheck;
import dev.triage.config.ConfigException;
import dev.triage.config.Durations;
import dev.triage.config.Probing;
import dev.triage.config.Problem;
import dev.triage.config.Redactor;
import dev.triage.config.StoreSettings;
import dev.triage.config.Suggestions;
import dev.triage.config.Target;
import dev.triage.config.TriageConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The command line, on picocli: {@code ./triage} alone is the demo; each subcommand is one {@code @Command} method below
 * (its synopsis, description and exit codes are its help, the top-level help's line and its shell completion). To add
 * one, write a method like {@link #check}: parameters annotated {@code @Parameters}/{@code @Option}, returning the exit
 * code. Exit codes: {@value #OK} fine, {@value #PROBLEM} a problem found or the work not done, {@value #USAGE} bad
 * config or usage — which prints what was wrong and what to do, never a stack trace.
 */
@Command(name = "triage", header = "Triage — runs your backend runbooks from chat.",
        subcommands = CommandLine.HelpCommand.class,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:fine: the target is UP or healthy, the config valid, the action done",
                "1:a problem: a check found WARN, FAIL or ERROR, the target isn't UP or healthy, the action failed or was"
                        + " not run (refused, not confirmed), the store or bot could not be reached",
                "2:bad config or usage: an unknown command, option or target, a missing --config, problems in the config"},
        footer = {"",
                "In the terminal: /backend help, /demo help, /click ID to press a button, /as NAME to be someone else, /quit.",
                "The demo's operators are you and \"lead\"; \"guest\" has no role: /backend restart demo, then /as lead to approve.",
                "The demo restarts demo by itself when it stays DOWN (its remediate: rule): /demo break, then watch, or /click hold.",
                "Configuration: see README.md and config/examples/triage.yaml. Shell completion: source <(./triage completion)"})
public final class Cli implements Callable<Integer> {
    public static final int OK = 0;
    public static final int PROBLEM = 1;
    public static final int USAGE = 2;

    private static final String CONFIG = "the configuration file (start from config/examples/triage.yaml)";
    /** Where each line of the top-level help starts its description. */
    private static final int HELP_COLUMN = 45;

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final InstantSource clock;
    private final Redactor redactor;
    /** Whether standard input is a person at a terminal, who can be asked before an action runs. */
    private final boolean terminal;
    private CommandLine commandLine;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help; ./triage COMMAND --help for one command")
    private boolean helpAsked;

    public Cli(InputStream in, PrintStream out, PrintStream err, Map<String, String> env, InstantSource clock) {
        this(in, out, err, env, clock, new Redactor());
    }

    /** @param redactor the redaction filter the process's output already passes; told every secret of a loaded config */
    public Cli(InputStream in, PrintStream out, PrintStream err, Map<String, String> env, InstantSource clock, Redactor redactor) {
        this(in, out, err, env, clock, redactor, false);
    }

    /** @param terminal standard input is a terminal: {@code action} without {@code --yes} asks there before it runs */
    public Cli(InputStream in, PrintStream out, PrintStream err, Map<String, String> env, InstantSource clock, Redactor redactor,
               boolean terminal) {
        this.redactor = redactor;
        this.in = in;
        this.out = out;
        this.err = err;
        this.env = env;
        this.clock = clock;
        this.terminal = terminal;
    }

    /** Parses {@code argv}, runs the command it names, and returns the exit code. */
    public int run(String... argv) {
        CommandLine cl = commandLine();
        int code = cl.execute(argv);
        cl.getOut().flush();
        cl.getErr().flush();
        return code;
    }

    /** The command tree: this object's {@code @Command} methods, the help command, the messages of a usage error. */
    CommandLine commandLine() {
        if (commandLine == null) {
            CommandLine cl = new CommandLine(this);
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            cl.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
            cl.setUsageHelpWidth(120);
            cl.setParameterExceptionHandler(this::usageError);
            cl.setExecutionExceptionHandler((e, sub, parsed) -> failed(e, sub));
            // Every command answers --help with its own usage (the help command has its own).
            cl.getSubcommands().values().stream().map(CommandLine::getCommandSpec).filter(spec -> !spec.name().equals("help"))
                    .forEach(spec -> {
                        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                                .description("this command's usage, options and exit codes").build());
                        spec.usageMessage().descriptionHeading("%n").parameterListHeading("%n").optionListHeading("%nOptions:%n")
                                .exitCodeListHeading("%nExit codes:%n");
                    });
            UsageMessageSpec top = cl.getCommandSpec().usageMessage();
            Map<String, CommandLine.IHelpSectionRenderer> sections = new HashMap<>(top.sectionMap());
            sections.put(UsageMessageSpec.SECTION_KEY_COMMAND_LIST, help -> commandList(cl));
            top.sectionMap(sections);
            top.sectionKeys(List.of(UsageMessageSpec.SECTION_KEY_HEADER, UsageMessageSpec.SECTION_KEY_COMMAND_LIST,
                    UsageMessageSpec.SECTION_KEY_EXIT_CODE_LIST_HEADING, UsageMessageSpec.SECTION_KEY_EXIT_CODE_LIST,
                    UsageMessageSpec.SECTION_KEY_FOOTER));
            commandLine = cl;
        }
        return commandLine;
    }

    /** The top-level help's list: each subcommand's synopsis and description, as its own {@code @Command} gives them. */
    private static String commandList(CommandLine cl) {
        StringBuilder b = new StringBuilder("\nUsage:\n");
        line(b, "./triage", "demo mode: the bot in this terminal against a demo backend");
        cl.getSubcommands().values().stream().map(CommandLine::getCommandSpec)
                .filter(spec -> !spec.usageMessage().hidden() && spec.usageMessage().customSynopsis().length > 0)
                .sorted(java.util.Comparator.comparing(CommandSpec::name))
                .forEach(spec -> line(b, spec.usageMessage().customSynopsis()[0], spec.usageMessage().description()));
        line(b, "./triage --help", "this text; ./triage COMMAND --help (or ./triage help COMMAND) for one command's options");
        return b.toString();
    }

    private static void line(StringBuilder b, String synopsis, String... description) {
        String indent = " ".repeat(HELP_COLUMN);
        String first = "  " + synopsis;
        List<String> lines = List.of(description);
        if (first.length() < HELP_COLUMN - 1) {
            b.append(first).append(" ".repeat(HELP_COLUMN - first.length())).append(lines.isEmpty() ? "" : lines.get(0)).append('\n');
            lines.stream().skip(1).forEach(l -> b.append(indent).append(l).append('\n'));
        } else {
            b.append(first).append('\n');
            lines.forEach(l -> b.append(indent).append(l).append('\n'));
        }
    }

    /** {@code ./triage} with no command: the demo. */
    @Override
    public Integer call() {
        return demo();
    }

    // ---- the subcommands, one method each ------------------------------------------------------------------------

    @Command(name = "demo", hidden = true, description = "the demo, as ./triage alone")
    int demoCommand() {
        return demo();
    }

    @Command(name = "run", customSynopsis = "./triage run --config FILE", description = "the bot as configured",
            exitCodeList = {"0:stopped cleanly (SIGTERM, Ctrl-C, the console's input ended)", "1:it could not start or stop in time",
                    "2:bad config, or no chat adapter switched on"})
    int runBot(@Option(names = "--config", paramLabel = "FILE", required = true, description = CONFIG) Path config) {
        return runConfigured(config);
    }

    @Command(name = "validate", customSynopsis = "./triage validate FILE",
            description = "exit 0 and a summary, or exit 2 and one line per problem",
            exitCodeList = {"0:valid: what run would start", "2:one line per problem, each named by its place in the file"})
    int validate(@Parameters(paramLabel = "FILE", arity = "0..1", description = CONFIG) Path file,
                 @Option(names = "--config", paramLabel = "FILE", description = "the same, as an option") Path config) {
        if (file != null && config != null && !file.equals(config)) {
            throw new UsageError("validate takes one file: ./triage validate FILE (got " + file + " and --config " + config + ")");
        }
        Path which = file != null ? file : config;
        if (which == null) {
            throw new UsageError("validate needs the config FILE: ./triage validate config/examples/triage.yaml");
        }
        return validateFile(which);
    }

    @Command(name = "check", customSynopsis = "./triage check TARGET --config FILE [--json]",
            description = {"the target's status checks once; exit 0 all OK,", "1 any WARN/FAIL/ERROR, 2 bad config or usage"},
            exitCodeList = {"0:UP", "1:DEGRADED, DOWN or UNKNOWN", "2:bad config, an unknown target or usage"})
    int check(@Parameters(paramLabel = "TARGET", description = "a target's name in the config") String target,
              @Option(names = "--config", paramLabel = "FILE", required = true, description = CONFIG) Path config,
              @Option(names = "--json", description = "the results as JSON") boolean json) {
        return withTarget(config, target, (w, loaded, t) -> {
            StatusReport report = w.status.status(t);
            if (json) {
                out.println(CliJson.write(CliJson.Checks.of(report)));
            } else {
                out.print(new ConsoleRenderer().render(t.name(), stripButtons(w.renderer.target(report)), ""));
            }
            // The state's own meaning (README, "UP, DEGRADED, DOWN"): exit 0 only when UP.
            return report.state() == dev.triage.bot.status.TargetState.UP ? OK : PROBLEM;
        });
    }

    @Command(name = "diagnose", customSynopsis = "./triage diagnose TARGET --config FILE [--json]",
            description = {"walk the runbook's decision path once and name the likely", "cause; exit 0 healthy, 1 not, 2 bad config or usage"},
            exitCodeList = {"0:healthy", "1:not healthy, or its host key refused", "2:bad config, an unknown target or usage"})
    int diagnose(@Parameters(paramLabel = "TARGET", description = "a target's name in the config") String target,
                 @Option(names = "--config", paramLabel = "FILE", required = true, description = CONFIG) Path config,
                 @Option(names = "--json", description = "the verdict and results as JSON") boolean json) {
        return withTarget(config, target, (w, loaded, t) -> {
            Diagnosis d = w.diagnose(loaded).diagnose(t, r -> { });
            if (json) {
                out.println(CliJson.write(CliJson.Checks.of(t.name(), d)));
            } else {
                out.print(new ConsoleRenderer().render(t.name(), stripButtons(new DiagnosisRenderer().verdict(d, id -> false)), ""));
            }
            // A refused host key is never "all is well", whatever the outside view says.
            return d.verdict().healthy() && d.hostKeyRefused().isEmpty() ? OK : PROBLEM;
        });
    }

    @Command(name = "runbooks", customSynopsis = "./triage runbooks [--config FILE]",
            description = {"the runbooks (shipped and the file's own) with their steps,", "and which targets each one diagnoses"})
    int runbooks(@Option(names = "--config", paramLabel = "FILE", description = "adds the file's runbooks and targets") Path config) {
        try (Wiring w = new Wiring(clock, env, redactor)) {
            var loaded = config == null ? null : w.load(config, env);
            var library = loaded == null ? w.diagnose.runbooks() : w.diagnose(loaded).runbooks();
            out.print(new dev.triage.bot.runbook.RunbookListing().render(library, loaded == null ? List.of() : loaded.targets()));
            return OK;
        } catch (ConfigException e) {
            return problems(config, e);
        }
    }

    @Command(name = "action", customSynopsis = "./triage action TARGET ACTION --config FILE (--yes | --dry-run)",
            description = {"run an action now, from the host's shell: --yes is your approval as the OS",
                    "user (cli:USER in roles:), held to the storm guard and audited; without either",
                    "flag it asks at the terminal. In chat every action goes through an approval"},
            exitCodeList = {"0:done and verified (with --dry-run: the plan shown)",
                    "1:it failed, or was not run: refused (role, storm guard, a request already pending) or not confirmed",
                    "2:bad config, an unknown target or action, or usage"})
    int action(@Parameters(index = "0", paramLabel = "TARGET", description = "a target's name in the config") String target,
               @Parameters(index = "1", paramLabel = "ACTION", description = "an action id, e.g. restart-service") String actionId,
               @Option(names = "--config", paramLabel = "FILE", required = true, description = CONFIG) Path config,
               @Option(names = "--yes", description = "run it: your approval, recorded as cli:USER") boolean yes,
               @Option(names = "--dry-run", description = "show the plan only: nothing runs, nothing is recorded") boolean dryRun) {
        if (yes && dryRun) {
            throw new UsageError("--yes and --dry-run exclude each other: --dry-run shows the plan, --yes runs it");
        }
        if (!yes && !dryRun && !terminal) {
            throw new UsageError("action changes the system: add --yes to run it, or --dry-run to see the plan"
                    + " (standard input is not a terminal, so Triage can't ask)");
        }
        return withTarget(config, target, (w, loaded, t) -> runAction(w, loaded, t, actionId, yes, dryRun));
    }

    @Command(name = "audit", customSynopsis = "./triage audit --config FILE [--since 24h] [--json]",
            description = "the audit log: requests, decisions, outcomes, commands")
    int audit(@Option(names = "--config", paramLabel = "FILE", required = true, description = CONFIG) Path config,
              @Option(names = "--since", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "24h",
                      description = "how far back, e.g. 30m, 24h, 7d (default: ${DEFAULT-VALUE})") Duration since,
              @Option(names = "--json", description = "the entries as JSON") boolean json) {
        return withStore(config, (loaded, services) -> {
            var entries = services.store().audit(null, clock.instant().minus(since), 10_000);
            if (json) {
                out.println(CliJson.write(entries.stream().map(CliJson.AuditRow::of).toList()));
                return OK;
            }
            for (var e : entries) {
                out.println(e.at() + "  " + e.kind() + "  " + e.actorName() + " (" + e.actor() + ")"
                        + (e.target() == null ? "" : "  " + e.target()) + "  " + e.detail()
                        + (e.result() == null ? "" : "  → " + e.result()) + (e.digest() == null ? "" : "  sha256:" + e.digest()));
            }
            out.println(entries.size() + (entries.size() == 1 ? " entry" : " entries") + " since " + since.toHours()
                    + " h ago, from " + loaded.store().redactedUrl());
            return OK;
        });
    }

    @Command(name = "probes", customSynopsis = "./triage probes --config FILE",
            description = {"which replica leads (since when, lease epoch), the replicas", "alive, and the leader's latest probe figures"})
    int probes(@Option(names = "--config", paramLabel = "FILE", required = true, description = CONFIG) Path config) {
        return withStore(config, (loaded, services) -> {
            var renderer = new dev.triage.bot.incident.IncidentRenderer();
            var lease = services.lease();
            out.println("Leader: " + renderer.leadership(lease.view(), null, false, lease.liveReplicasQuietly(), clock.instant()));
            out.print(new ConsoleRenderer().render("probes", stripButtons(renderer.probes(services.incidents().store().aggregates(),
                    clock.instant())), ""));
            return OK;
        });
    }

    @Command(name = "uptime", customSynopsis = "./triage uptime --config FILE [TARGET] [--window 7d] [--json]",
            description = {"uptime, response time, incidents, time to recover and", "recoveries without a person beside document 003's goals"})
    int uptime(@Option(names = "--config", paramLabel = "FILE", required = true, description = CONFIG) Path config,
               @Parameters(paramLabel = "TARGET", arity = "0..*", description = "one target; every target when left out")
               List<String> target,
               @Option(names = "--window", paramLabel = "WINDOW", description = "1h to 30d (default 7d)") String window,
               @Option(names = "--json", description = "as JSON") boolean json) {
        // The words as /backend uptime reads them, so a second target or a bad window gets the same answer as in chat.
        List<String> words = new ArrayList<>(target == null ? List.of() : target);
        if (window != null) {
            words.add(window);
        }
        return withStore(config, (loaded, services) -> {
            dev.triage.bot.incident.IncidentCommands.Window w;
            try {
                w = dev.triage.bot.incident.IncidentCommands.uptimeArgs(words, name -> loaded.target(name).orElseThrow(() ->
                        new UsageException("No target named \"" + name + "\" in the config"
                                + Suggestions.closest(name, loaded.targetNames()).map(t -> " — did you mean " + t + "?").orElse(".")
                                + " Targets: " + String.join(", ", loaded.targetNames()) + ".")));
            } catch (UsageException e) {
                throw new UsageError(e.getMessage().replace("/backend uptime", "./triage uptime"));
            }
            var report = services.incidents().uptime(w.target(), w.length());
            if (json) {
                out.println(CliJson.write(CliJson.Uptime.of(w.target(), w.name(), report)));
            } else {
                out.print(new ConsoleRenderer().render("uptime", new dev.triage.bot.incident.IncidentRenderer()
                        .uptime(w.target(), w.name(), report), ""));
            }
            return OK;
        });
    }

    @Command(name = "commands", customSynopsis = "./triage commands [--config FILE] [--json]",
            description = {"the /backend commands as Slack, Discord and the console each", "register them (built-ins, action verbs, the file's commands:)"})
    int commands(@Option(names = "--config", paramLabel = "FILE", description = "adds the file's own commands:") Path config,
                 @Option(names = "--json", description = "as JSON") boolean json) {
        return listCommands(config, json);
    }

    @Command(name = "healthcheck", customSynopsis = "./triage healthcheck [--port N]",
            description = "exit 0 when a running bot's /healthz answers (Docker HEALTHCHECK)",
            exitCodeList = {"0:/healthz answered 200", "1:it answered otherwise, or not at all", "2:usage"})
    int healthcheck(@Option(names = "--port", paramLabel = "N",
            description = "the bot's health port (default: $TRIAGE_HEALTH_PORT, else 8081)") Integer port) {
        int p;
        if (port != null) {
            p = port;
        } else {
            String fromEnv = env.getOrDefault("TRIAGE_HEALTH_PORT", "8081").strip();
            try {
                p = Integer.parseInt(fromEnv);
            } catch (NumberFormatException e) {
                throw new UsageError("TRIAGE_HEALTH_PORT must be a port number (got " + fromEnv + "); or give --port N");
            }
        }
        return askHealthz(p);
    }

    @Command(name = "completion", customSynopsis = "./triage completion",
            description = {"a bash (and zsh) completion script for ./triage's commands and options:",
                    "source <(./triage completion), or save it under /etc/bash_completion.d/triage"})
    int completion() {
        out.print(AutoComplete.bash("triage", commandLine()));
        return OK;
    }

    // ---- what the subcommands do ---------------------------------------------------------------------------------

    /** The demo: its configuration is {@code demo/triage.yaml} in the jar, read and validated like any other. */
    private int demo() {
        String me = env.getOrDefault("USER", "you");
        try (Wiring w = new Wiring(clock, env, redactor);
             DemoBackend backend = new DemoBackend(clock, Duration.ofSeconds(3)).start()) {
            Path db = Files.createTempFile("triage-demo-", ".db");
            db.toFile().deleteOnExit();
            Path file = Files.createTempFile("triage-demo-", ".yaml");
            file.toFile().deleteOnExit();
            try (InputStream yaml = Cli.class.getResourceAsStream("/demo/triage.yaml")) {
                if (yaml == null) {
                    throw new IOException("demo/triage.yaml is missing from the jar; rebuild it (./triage --help builds it)");
                }
                Files.copy(yaml, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            Map<String, String> demoEnv = new HashMap<>(env);
            demoEnv.put("TRIAGE_DEMO_URL", backend.baseUrl().toString());
            demoEnv.put("TRIAGE_DEMO_USER", me);
            demoEnv.put("TRIAGE_DEMO_STORE", db.toString());
            // The demo's restart-service restarts its backend in-process; its remediate: rule is checked against it.
            Map<String, List<dev.triage.checks.action.Action>> demoActions =
                    Map.of("demo", List.of(new DemoRestartAction(backend, new HttpHealthCheck(w.prober))));
            TriageConfig config;
            try {
                config = w.load(file, demoEnv, demoActions);
            } catch (ConfigException e) {
                // Only the login name comes from outside (USER, as the console's "you").
                err.println("The demo can't start with USER=" + me + ": " + e.problems().get(0));
                return PROBLEM;
            }
            ConsoleAdapter console = new ConsoleAdapter(in, out, me);
            try (Wiring.Services services = w.services(config, demoActions, true);
                 Wiring.Monitoring monitoring = w.monitor(services, console, Duration.ZERO).start()) {
                out.println("Triage demo: a demo backend answers at " + backend.baseUrl() + " as target \"demo\". No token, no config.");
                out.println("Try /backend status, then /demo break, /demo slow, /demo stop, /demo mend; /backend diagnose;");
                out.println("/backend restart demo asks for approval: /as lead, then /click approve approves it. /backend help, /quit.");
                out.println("Triage probes demo every 2 s: /demo stop opens an incident here within seconds, with its diagnosis in a thread.");
                config.remediation("demo").ifPresent(rule -> out.println("demo has a remediate: rule: DOWN for "
                        + rule.after().toSeconds() + " s, Triage announces a restart and runs it " + rule.hold().toSeconds()
                        + " s later unless someone presses Hold (/demo break to see it; /demo flap recovers by itself)."));
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
            List<Problem> refused = Wiring.runProblems(config);
            if (!refused.isEmpty()) {
                return problems(file, new ConfigException(refused));
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
                        discord = new DiscordGateway(() -> new DiscordAdapter(Wiring.discordSettings(d, config::targetNames)).reportingCallsTo(w.metrics::chatCall), d.guildIds().size(), out);
                        DiscordGateway gateway = discord;
                        // Only the leader holds the Discord session: a follower is ready without one.
                        platforms.put("discord", () -> gateway.connected() || !services.lease().leads());
                        discord.serve(kept(bots, w.bot(services, "discord", discord)));
                        alerts = discord;
                        pace = Duration.ofMillis(500);
                    }
                    if (config.adapters().slackSettings().isPresent()) {
                        SlackAdapter slack = new SlackAdapter(Wiring.slackSettings(config.adapters().slack())).reportingCallsTo(w.metrics::chatCall);
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

    private int validateFile(Path file) {
        try (Wiring w = new Wiring(clock, env, redactor)) {
            TriageConfig config = w.load(file, env);
            List<Problem> refused = Wiring.runProblems(config);
            if (!refused.isEmpty()) {
                throw new ConfigException(refused);
            }
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

    /** Work on one target of a loaded configuration; returns the exit code. */
    @FunctionalInterface
    private interface TargetWork {
        int run(Wiring w, TriageConfig config, Target target);
    }

    /** Loads the config, finds the TARGET named on the command line, and runs {@code work} on it. */
    private int withTarget(Path file, String name, TargetWork work) {
        try (Wiring w = new Wiring(clock, env, redactor)) {
            TriageConfig config;
            try {
                config = w.load(file, env);
            } catch (ConfigException e) {
                return problems(file, e);
            }
            var target = config.target(name);
            if (target.isEmpty()) {
                err.println("No target named \"" + name + "\" in " + file
                        + Suggestions.closest(name, config.targetNames()).map(s -> "; did you mean " + s + "?").orElse(".")
                        + " Targets: " + String.join(", ", config.targetNames()));
                return USAGE;
            }
            return work.run(w, config, target.get());
        }
    }

    /**
     * {@code action}: the plan, then — unless it is a dry run — the one action pipeline of chat ({@link
     * Approvals#runApprovedByRequester}): the OS user's approval, the role, the storm guard, gate → command →
     * verification, every step and the outcome in the store and the audit (actor {@code cli:USER}, channel {@code cli}).
     */
    private int runAction(Wiring w, TriageConfig config, Target target, String actionId, boolean yes, boolean dryRun) {
        var action = w.actionCatalog.find(actionId);
        if (action.isEmpty()) {
            List<String> ids = w.actionCatalog.all().stream().map(a -> a.id()).toList();
            err.println("No action \"" + actionId + "\"" + Suggestions.closest(actionId, ids).map(x -> "; did you mean " + x + "?").orElse(".")
                    + " Actions: " + String.join(", ", ids));
            return USAGE;
        }
        ActionPlan plan = action.get().plan(target);
        out.println(actionId + " on " + target.name() + (plan.host() == null ? "" : " (" + plan.host() + ")"));
        if (!plan.available()) {
            err.println("It can't run there: " + plan.unavailableReason());
            return USAGE;
        }
        out.println("  runs    " + plan.command());
        out.println("  gate    " + (plan.gate().isEmpty() ? "none" : String.join(" → ", plan.gate())));
        out.println("  verify  " + String.join(" → ", plan.verify()));
        if (dryRun) {
            // A dry run shows the plan and stops: nothing runs, nothing is recorded, the storm guard doesn't count it.
            return OK;
        }
        String user = osUser();
        if (!yes && !confirmed(actionId, target, user)) {
            err.println("Not run: it was not confirmed (answer yes to run it, or give --yes).");
            return PROBLEM;
        }
        try (Wiring.Services services = w.services(config, Map.of())) {
            Requester who = new Requester("cli", user, user, Set.of());
            ActionOutcome outcome;
            try {
                outcome = services.approvals().runApprovedByRequester(who, "cli", target, actionId, terminalView());
            } catch (UsageException refused) {
                err.println("Not run: " + refused.getMessage());
                return PROBLEM;
            }
            out.println(outcome.result() + "  " + outcome.summary());
            return outcome.succeeded() ? OK : PROBLEM;
        } catch (StoreException e) {
            err.println("Not run: the store can't be reached (" + e.getMessage() + "); a run is recorded before it starts.");
            return PROBLEM;
        }
    }

    /** A run at the terminal: each step as a line, as it finishes. */
    private Approvals.RunView terminalView() {
        return new Approvals.RunView() {
            @Override
            public void started(Approval a, ActionPlan plan, Instant at) {
                out.println("  approved by " + a.decidedBy() + " (request " + a.id() + "), running …");
            }

            @Override
            public void step(ActionStep step) {
                out.println("  " + step.phase().name().toLowerCase(Locale.ROOT) + "  " + step.status() + "  " + step.name() + "  "
                        + step.detail() + "  (" + step.took().toMillis() + " ms)");
            }

            @Override
            public void finished(Approval a, ActionPlan plan, ActionOutcome outcome, Instant at) {
            }
        };
    }

    /** Asks at the terminal before an action runs without {@code --yes}; only "yes" (or "y") runs it. */
    private boolean confirmed(String actionId, Target target, String user) {
        out.print("Run " + actionId + " on " + target.name() + " now, approved by you (cli:" + user + ")? Type yes to run it: ");
        out.flush();
        try {
            String answer = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
            return answer != null && Set.of("yes", "y").contains(answer.strip().toLowerCase(Locale.ROOT));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Who runs this command on this machine: the OS account the JVM runs as ({@code user.name}, from the system, not
     * from {@code $USER}, which anyone can set) — the member {@code cli:USER} in {@code roles:}.
     */
    private static String osUser() {
        String user = System.getProperty("user.name", "").strip();
        return user.isEmpty() ? "unknown" : user;
    }

    /** Work on a loaded configuration's store, for a tool that takes no part in running the bot; returns the exit code. */
    @FunctionalInterface
    private interface StoreWork {
        int run(TriageConfig config, Wiring.Services services);
    }

    /** Loads the config, opens its store for a tool, and runs {@code work}: bad config exits 2, an unreachable store 1. */
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

    /**
     * The catalogue as each platform registers it: Slack one slash command (the manifest's usage hint), Discord
     * subcommands with typed options (the action requests in their group), the console's help lines. Without --config,
     * the built-ins alone.
     */
    private int listCommands(Path file, boolean json) {
        try (Wiring w = new Wiring(clock, env, redactor)) {
            TriageConfig config;
            try {
                if (file != null) {
                    config = w.load(file, env);
                } else {
                    Path db = Files.createTempFile("triage-commands-", ".db");
                    db.toFile().deleteOnExit();
                    // No targets (which no file may say), so built here: the defaults, a scratch store, no probing.
                    config = new TriageConfig(List.of(), TriageConfig.Channels.DEFAULT, TriageConfig.Adapters.CONSOLE_ONLY, 0)
                            .withStore(new StoreSettings("jdbc:sqlite:" + db, null, null))
                            .withProbing(new Probing(false, Probing.DEFAULT_MAX_IN_FLIGHT, Map.of()));
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
                if (json) {
                    out.println(CliJson.write(CliJson.Commands.of(backend, discord, backend.usageHint())));
                    return OK;
                }
                out.println("Slack: one slash command, /backend (manifest usage hint: \"" + backend.usageHint() + "\")");
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
            }
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

    private int askHealthz(int port) {
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
        } catch (IllegalArgumentException e) {
            throw new UsageError("--port must be a port number, 1 to 65535 (got " + port + ")");
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

    // ---- usage errors: what was wrong, and what to do ---------------------------------------------------------------

    /** A command line picocli could not match: one line naming what was wrong, one saying where the help is; exit 2. */
    private int usageError(CommandLine.ParameterException e, String[] argv) {
        return usage(whatWasWrong(e, argv), e.getCommandLine());
    }

    private String whatWasWrong(CommandLine.ParameterException e, String[] argv) {
        CommandLine where = e.getCommandLine();
        CommandSpec spec = where.getCommandSpec();
        boolean top = where == commandLine;
        // A word nobody expected is the likelier slip than what is missing after it (check x --jsn, without --config).
        List<String> unmatched = e instanceof CommandLine.UnmatchedArgumentException u ? u.getUnmatched() : where.getUnmatchedArguments();
        if (!unmatched.isEmpty()) {
            String word = unmatched.get(0);
            if (word.startsWith("-")) {
                String name = word.contains("=") ? word.substring(0, word.indexOf('=')) : word;
                List<String> options = spec.options().stream().flatMap(o -> java.util.Arrays.stream(o.names())).toList();
                return "Unknown option " + name + (top ? "" : " for " + spec.name())
                        + Suggestions.closest(name, options).map(s -> "; did you mean " + s + "?").orElse(
                        options.size() > 2 ? ". Its options: " + String.join(", ", options) + "." : ".");
            }
            if (top) {
                List<String> names = commandNames();
                return "Unknown command \"" + word + "\"" + Suggestions.closest(word, names).map(s -> "; did you mean " + s + "?")
                        .orElse(". Commands: " + String.join(", ", names) + ".");
            }
            if (spec.positionalParameters().isEmpty()) {
                return spec.name() + " takes no TARGET or other argument (got " + word + "); usage: " + synopsis(spec);
            }
            return spec.name() + " takes " + labels(spec.positionalParameters()) + " only (got also " + String.join(" ", unmatched)
                    + "); usage: " + synopsis(spec);
        }
        if (e instanceof CommandLine.MissingParameterException m && !m.getMissing().isEmpty()) {
            if (m.getMissing().get(0) instanceof OptionSpec option) {
                String name = option.longestName();
                if (java.util.Arrays.asList(argv).contains(name)) {
                    return name + " needs a value, e.g. " + name + " " + example(option);
                }
                return name + " " + option.paramLabel() + " is required" + (name.equals("--config")
                        ? " (start from config/examples/triage.yaml)" : "") + "; usage: " + synopsis(spec);
            }
            return spec.name() + " needs " + labels(m.getMissing()) + ", e.g. " + synopsis(spec).replace("TARGET", "prod")
                    .replace("ACTION", "restart-service").replace("--config FILE", "--config triage.yaml");
        }
        if (e.getArgSpec() != null && e.getValue() != null) {
            ArgSpec arg = e.getArgSpec();
            String name = arg instanceof OptionSpec o ? o.longestName() : arg.paramLabel();
            Class<?> type = arg.type();
            String rule = type == int.class || type == Integer.class ? "must be a number"
                    : e.getCause() instanceof CommandLine.TypeConversionException t ? t.getMessage() : "is not valid here";
            return name + " " + rule + " (got " + e.getValue() + ")";
        }
        return e.getMessage();
    }

    private List<String> commandNames() {
        return commandLine.getSubcommands().values().stream().map(CommandLine::getCommandSpec)
                .filter(s -> !s.usageMessage().hidden()).map(CommandSpec::name).sorted().toList();
    }

    private static String synopsis(CommandSpec spec) {
        String[] custom = spec.usageMessage().customSynopsis();
        return custom.length > 0 ? custom[0] : "./triage " + spec.name();
    }

    private static String labels(List<? extends ArgSpec> args) {
        return String.join(" and ", args.stream().map(ArgSpec::paramLabel).toList());
    }

    private static String example(OptionSpec option) {
        return switch (option.longestName()) {
            case "--config" -> "config/examples/triage.yaml";
            case "--port" -> "8081";
            case "--since" -> "24h";
            default -> option.paramLabel();
        };
    }

    /** What a command threw: a usage error is answered as one (exit 2); anything else is a bug, one line here, detail in the log. */
    private int failed(Exception e, CommandLine where) {
        if (e instanceof UsageError) {
            return usage(e.getMessage(), where);
        }
        LoggerFactory.getLogger(Cli.class).debug("{} failed", where.getCommandSpec().qualifiedName(), e);
        err.println("Triage failed: " + e + ". This is a bug; TRIAGE_LOG_LEVELS=dev.triage=debug shows where.");
        return PROBLEM;
    }

    private int usage(String message, CommandLine where) {
        err.println(message);
        err.println(where == commandLine ? "Run ./triage --help for the commands."
                : "Run ./triage " + where.getCommandSpec().name() + " --help for its options.");
        return USAGE;
    }

    /** {@code --since 24h}: a duration as the config writes them. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return Durations.parse(value).orElseThrow(() -> new CommandLine.TypeConversionException(
                    "must be a duration like 30m, 24h or 7d"));
        }
    }

    /** A command line that parsed but can't be done as given: its message says what to give instead. */
    private static final class UsageError extends RuntimeException {
        UsageError(String message) {
            super(message, null, false, false);
        }
    }
}
