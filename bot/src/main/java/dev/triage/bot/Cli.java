package dev.triage.bot;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.triage.adapters.console.ConsoleAdapter;
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
import dev.triage.config.Suggestions;
import dev.triage.config.Target;
import dev.triage.config.TriageConfig;
import java.io.IOException;
import java.io.InputStream;
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
import java.util.Map;
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
              ./triage healthcheck [--port N]            exit 0 when a running bot's /healthz answers (Docker HEALTHCHECK)
              ./triage --help                            this text

            In the terminal: /backend help, /demo help, /click ID to press a button, /as NAME to be someone else, /quit.
            Configuration: see README.md and config/examples/triage.yaml.
            """;

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final InstantSource clock;

    public Cli(InputStream in, PrintStream out, PrintStream err, Map<String, String> env, InstantSource clock) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.env = env;
        this.clock = clock;
    }

    public int run(String... argv) {
        Args args;
        try {
            args = Args.parse(argv, Set.of("--json"), Set.of("--config", "--port"));
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
                case "healthcheck" -> healthcheck(args);
                default -> usage("Unknown command \"" + command + "\""
                        + Suggestions.closest(command, List.of("demo", "run", "validate", "check", "diagnose", "healthcheck"))
                        .map(s -> "; did you mean " + s + "?").orElse("."));
            };
        } catch (UsageError e) {
            return usage(e.getMessage());
        }
    }

    private int demo() {
        try (Wiring w = new Wiring(clock);
             DemoBackend backend = new DemoBackend(clock, Duration.ofSeconds(3)).start()) {
            Target demo = new Target("demo", backend.baseUrl(), null, null, null, Duration.ofSeconds(5),
                    Duration.ofSeconds(1), null, List.of(new HttpExpectation("/docs", 200)), null, null, null);
            TriageConfig config = new TriageConfig(List.of(demo), TriageConfig.Channels.DEFAULT,
                    TriageConfig.Adapters.CONSOLE_ONLY, 0);
            ConsoleAdapter console = new ConsoleAdapter(in, out, env.getOrDefault("USER", "you"));
            out.println("Triage demo: a demo backend answers at " + backend.baseUrl() + " as target \"demo\". No token, no config.");
            out.println("Try /backend status, then /demo break, /demo slow, /demo stop, /demo mend — /backend help for more, /quit to leave.");
            out.flush();
            console.start(w.bot(config, console, new DemoCommands(backend).commandSet()));
            return OK;
        } catch (IOException e) {
            err.println("Could not start the demo: " + e.getMessage());
            return PROBLEM;
        }
    }

    private int runConfigured(Path file) {
        try (Wiring w = new Wiring(clock)) {
            TriageConfig config;
            try {
                config = w.load(file, env);
            } catch (ConfigException e) {
                return problems(file, e);
            }
            List<String> missing = new ArrayList<>();
            config.adapters().slackSettings().ifPresent(s -> missing.add("adapters.slack"));
            config.adapters().discordSettings().ifPresent(d -> missing.add("adapters.discord"));
            if (!missing.isEmpty()) {
                err.println(String.join(", ", missing) + " switched on, but this build of Triage has no such adapter yet."
                        + " Switch it off (enabled: false) and use the console.");
                return USAGE;
            }
            if (!config.adapters().console()) {
                err.println("No chat adapter is switched on: set adapters.console.enabled: true.");
                return USAGE;
            }
            int healthPort = config.healthPort() > 0 ? config.healthPort() : envPort("TRIAGE_HEALTH_PORT");
            HealthEndpoint health = healthPort > 0 ? new HealthEndpoint(healthPort) : null;
            try {
                ConsoleAdapter console = new ConsoleAdapter(in, out, env.getOrDefault("USER", "you"));
                out.println("Triage: " + config.targets().size() + " targets from " + file + ". /backend help for the commands.");
                console.start(w.bot(config, console));
            } finally {
                if (health != null) {
                    health.close();
                }
            }
            return OK;
        } catch (IOException e) {
            err.println("Triage stopped: " + e.getMessage());
            return PROBLEM;
        }
    }

    private int validate(Path file) {
        try (Wiring w = new Wiring(clock)) {
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

    private int check(Args args, List<String> rest) {
        return withTarget("check", args, rest, (w, target) -> {
            StatusReport report = w.status.status(target);
            if (args.flag("--json")) {
                out.println(json(report.target().name(), report.state().name(), report.at(), report.took(), report.results(), null));
            } else {
                out.print(new ConsoleRenderer().render(target.name(), stripButtons(w.renderer.target(report)), ""));
            }
            boolean allOk = report.results().stream().allMatch(r -> r.status() == Status.OK || r.status() == Status.SKIPPED);
            return allOk ? OK : PROBLEM;
        });
    }

    private int diagnose(Args args, List<String> rest) {
        return withTarget("diagnose", args, rest, (w, target) -> {
            Diagnosis d = w.diagnose.diagnose(target, r -> { });
            if (args.flag("--json")) {
                Map<String, Object> verdict = new LinkedHashMap<>();
                verdict.put("healthy", d.verdict().healthy());
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
            return d.verdict().healthy() ? OK : PROBLEM;
        });
    }

    /** Loads the config, finds the one TARGET named on the command line, and runs {@code work} on it. */
    private int withTarget(String command, Args args, List<String> rest, java.util.function.ToIntBiFunction<Wiring, Target> work) {
        if (rest.size() != 1) {
            throw new UsageError(command + " needs exactly one TARGET, e.g. ./triage " + command + " prod --config triage.yaml");
        }
        Path file = requireConfig(args, List.of());
        try (Wiring w = new Wiring(clock)) {
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
            return work.applyAsInt(w, target.get());
        }
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
                + " found; fix them and run ./triage validate " + file + " again.");
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
