package dev.triage.bot.diagnose;

import dev.triage.adapters.Message;
import dev.triage.adapters.Tone;
import dev.triage.bot.command.BackendCommands;
import dev.triage.bot.command.ButtonRouter;
import dev.triage.bot.command.CommandContext;
import dev.triage.bot.command.CommandSet;
import dev.triage.bot.command.Subcommand;
import dev.triage.bot.command.UsageException;
import dev.triage.checks.ssh.CommandResult;
import dev.triage.checks.ssh.CommandTemplates;
import dev.triage.checks.ssh.RemoteAccessException;
import dev.triage.checks.ssh.RemoteShell;
import dev.triage.checks.ssh.parse.JournalPattern;
import dev.triage.checks.ssh.parse.ListeningSocket;
import dev.triage.checks.ssh.parse.ListeningSockets;
import dev.triage.config.Target;
import dev.triage.config.TriageConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;

/** {@code /backend diagnose}, {@code /backend logs} and {@code /backend ports}, and their buttons. */
public final class DiagnoseCommands {
    /** Progress edits go out at most this often (Slack: about one message per second per channel). */
    static final Duration PROGRESS_EVERY = Duration.ofSeconds(1);
    static final int DEFAULT_LOG_LINES = 30;
    static final int MAX_LOG_LINES = 200;

    private final TriageConfig config;
    private final BackendCommands backend;
    private final DiagnoseService service;
    private final DiagnosisRenderer renderer;
    private final RemoteShell shell;
    private final CommandTemplates templates;
    private final BiPredicate<Target, String> fixAvailable;
    private final InstantSource clock;

    /**
     * @param fixAvailable whether an action id can be offered as a button for a verdict's fix on a target
     */
    public DiagnoseCommands(TriageConfig config, BackendCommands backend, DiagnoseService service, DiagnosisRenderer renderer,
                            RemoteShell shell, CommandTemplates templates, BiPredicate<Target, String> fixAvailable,
                            InstantSource clock) {
        this.config = config;
        this.backend = backend;
        this.service = service;
        this.renderer = renderer;
        this.shell = shell;
        this.templates = templates;
        this.fixAvailable = fixAvailable;
        this.clock = clock;
    }

    public void register(CommandSet set, ButtonRouter buttons) {
        set.add(new Subcommand("diagnose", "[TARGET]", "walk the runbook's decision path and name the likely cause, with the fix",
                (ctx, args) -> diagnose(ctx, oneTarget(args, "diagnose"))));
        set.add(new Subcommand("logs", "[TARGET] [LINES]", "the service's last N journal (or compose log) lines (default " + DEFAULT_LOG_LINES
                + "), error lines marked", this::logs));
        set.add(new Subcommand("ports", "[TARGET]", "what listens on the target's host, and on which address",
                (ctx, args) -> ports(ctx, oneTarget(args, "ports"))));
        buttons.on("diagnose", (ctx, arg) -> diagnose(ctx, backend.target(arg)));
        buttons.on("logs", (ctx, arg) -> logs(ctx, List.of(arg)));
    }

    /** Runs a diagnosis, editing one message as checks finish, and returns the finished diagnosis. */
    public Diagnosis diagnose(CommandContext ctx, Target target) {
        return diagnose(ctx, target, service.runbooks().forTarget(target));
    }

    /** The same with a chosen runbook, as a team's own command runs it. */
    public Diagnosis diagnose(CommandContext ctx, Target target, dev.triage.config.Runbook runbook) {
        int total = service.checkCount(target, runbook);
        dev.triage.bot.delivery.Answer ref = ctx.reply(renderer.progress(target.name(), 0, total));
        AtomicInteger done = new AtomicInteger();
        Instant[] lastEdit = {clock.instant()};
        Diagnosis d = service.diagnose(target, runbook, r -> {
            int n = done.incrementAndGet();
            synchronized (lastEdit) {
                Instant now = clock.instant();
                if (n < total && Duration.between(lastEdit[0], now).compareTo(PROGRESS_EVERY) >= 0) {
                    lastEdit[0] = now;
                    ctx.progress(ref, renderer.progress(target.name(), n, total));
                }
            }
        });
        ctx.update(ref, renderer.verdict(d, actionId -> fixAvailable.test(target, actionId)));
        return d;
    }

    private void logs(CommandContext ctx, List<String> args) {
        if (args.size() > 2) {
            throw new UsageException("/backend logs takes a target and a line count at most, e.g. /backend logs prod 50");
        }
        Target target;
        int lines = DEFAULT_LOG_LINES;
        if (args.size() == 2 || (args.size() == 1 && !args.get(0).matches("\\d+"))) {
            target = backend.target(args.get(0));
            if (args.size() == 2) {
                lines = lineCount(args.get(1));
            }
        } else {
            target = onlyTarget("logs");
            if (args.size() == 1) {
                lines = lineCount(args.get(0));
            }
        }
        requireHost(target, "logs");
        boolean compose = "compose".equals(target.service().kind());
        String source = compose ? "compose service " + target.service().composeService() : target.service().unit();
        String command = templates.fill(compose ? CommandTemplates.COMPOSE_LOGS : CommandTemplates.JOURNAL, target,
                Map.of("lines", Integer.toString(lines)));
        CommandResult result = run(target, command);
        if (!result.succeeded()) {
            ctx.reply(Message.of(Tone.ERROR, "Could not read the " + (compose ? "logs" : "journal") + " of " + source + " on "
                    + target.ssh().host() + ": exit " + result.exitStatus() + " " + firstLine(result.stderr())));
            return;
        }
        List<String> text = result.stdout().lines().toList();
        long errors = text.stream().filter(DiagnoseCommands::isError).count();
        Message.Builder m = Message.builder(target.name() + " — last " + text.size() + (compose ? " log lines of " : " journal lines of ")
                + source + (errors == 0 ? ", no known error patterns" : ", " + errors + " error line" + (errors == 1 ? "" : "s") + " marked"))
                .tone(errors == 0 ? Tone.OK : Tone.WARN);
        for (String line : text) {
            m.line(isError(line) ? Tone.FAIL : Tone.INFO, "", line, null);
        }
        m.footer((compose ? "docker compose logs --tail " + lines + " " + target.service().composeService()
                : "journalctl -u " + target.service().unit() + " -n " + lines) + " · " + target.ssh().host());
        ctx.reply(m.build());
    }

    private void ports(CommandContext ctx, Target target) {
        requireHost(target, "ports");
        dev.triage.checks.host.HostPorts.Listing listing;
        try {
            listing = dev.triage.checks.host.HostPorts.read(shell, templates, target);
        } catch (dev.triage.checks.host.HostPorts.Unanswered e) {
            ctx.reply(Message.of(Tone.ERROR, "Could not list listening ports on " + target.ssh().host() + ": " + e.getMessage()));
            return;
        }
        ListeningSockets sockets = listing.sockets();
        boolean netstat = listing.tool().equals("netstat");
        int port = target.service().port();
        Message.Builder m = Message.builder(target.name() + " — " + sockets.sockets().size() + " listening TCP sockets on "
                + target.ssh().host() + "; service port " + port + ": " + sockets.binding(port).label());
        for (ListeningSocket s : sockets.sockets()) {
            boolean ours = s.port() == port;
            Tone tone = !ours ? Tone.INFO : s.isLoopbackOnly() && target.service().mustBeReachable() ? Tone.WARN : Tone.OK;
            String owners = s.owners().isEmpty() ? "" : " " + s.owners();
            m.line(tone, s.endpoint(), (ours ? "← service port" : "") + owners + (ours && s.isLoopbackOnly()
                    ? " (loopback only: not reachable from outside)" : ""), null);
        }
        m.footer((netstat ? "netstat -tlnp" : "ss -tlnp") + " · " + target.ssh().host());
        ctx.reply(m.build());
    }

    private CommandResult run(Target target, String command) {
        try {
            return shell.run(target, command, target.ssh().commandTimeout());
        } catch (RemoteAccessException e) {
            throw new UsageException("Could not reach " + target.name() + " over SSH: " + e.getMessage());
        }
    }

    private Target oneTarget(List<String> args, String sub) {
        if (args.size() > 1) {
            throw new UsageException("/backend " + sub + " takes one target (got " + String.join(" ", args) + ")");
        }
        return args.isEmpty() ? onlyTarget(sub) : backend.target(args.get(0));
    }

    private Target onlyTarget(String sub) {
        if (config.targets().size() == 1) {
            return config.targets().get(0);
        }
        throw new UsageException("Which target? /backend " + sub + " TARGET — targets: " + String.join(", ", config.targetNames()));
    }

    private static void requireHost(Target target, String sub) {
        if (target.ssh() == null || target.service() == null) {
            throw new UsageException("/backend " + sub + " looks inside the host, and " + target.name()
                    + " has no ssh and service settings. Add them (see README, \"SSH\") — /backend status "
                    + target.name() + " still works from outside.");
        }
    }

    private static int lineCount(String text) {
        try {
            int n = Integer.parseInt(text);
            if (n >= 1 && n <= MAX_LOG_LINES) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // falls through to the usage error
        }
        throw new UsageException("The line count must be 1.." + MAX_LOG_LINES + " (got " + text + ")");
    }

    private static boolean isError(String line) {
        return Arrays.stream(JournalPattern.values()).anyMatch(p -> p.matches(line));
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.strip().lines().findFirst().orElse("");
    }
}
