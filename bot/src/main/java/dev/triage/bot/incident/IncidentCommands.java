package dev.triage.bot.incident;

import dev.triage.adapters.Message;
import dev.triage.adapters.Tone;
import dev.triage.bot.command.BackendCommands;
import dev.triage.bot.command.ButtonRouter;
import dev.triage.bot.command.CommandContext;
import dev.triage.bot.command.CommandSet;
import dev.triage.bot.command.Subcommand;
import dev.triage.bot.command.UsageException;
import dev.triage.bot.ha.LeaderLease;
import dev.triage.bot.text.Times;
import dev.triage.config.Durations;
import dev.triage.config.Target;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;

/** {@code incidents}, {@code incident}, {@code ack}, {@code note}, {@code silence}, {@code unsilence}, {@code uptime}, {@code probes}. */
public final class IncidentCommands {
    static final Duration MAX_SILENCE = Duration.ofDays(7);

    private final IncidentManager incidents;
    private final BackendCommands backend;
    private final LeaderLease lease;
    private final InstantSource clock;
    private final IncidentRenderer renderer = new IncidentRenderer();

    /** @param lease who leads, for {@code /backend probes}; null in a process that takes no part in leading */
    public IncidentCommands(IncidentManager incidents, BackendCommands backend, LeaderLease lease, InstantSource clock) {
        this.incidents = incidents;
        this.backend = backend;
        this.lease = lease;
        this.clock = clock;
    }

    public void register(CommandSet set, ButtonRouter buttons) {
        set.add(new Subcommand("incidents", "", "open incidents and those of the last 7 days", (ctx, a) -> list(ctx)));
        set.add(new Subcommand("incident", "NUMBER", "one incident's timeline", this::timeline));
        set.add(new Subcommand("ack", "TARGET", "acknowledge the target's open incident: you're on it", (ctx, a) -> ack(ctx, a)));
        set.add(new Subcommand("note", "TARGET TEXT", "add a note to the target's open incident", this::note));
        set.add(new Subcommand("silence", "TARGET DURATION [REASON]", "no alerts for the target for a while, e.g. 30m",
                "operator", this::silence));
        set.add(new Subcommand("unsilence", "TARGET", "lift a silence", "operator", (ctx, a) -> unsilence(ctx, a)));
        set.add(new Subcommand("uptime", "[TARGET] [WINDOW]", "uptime, response time, time to recover, recoveries without a person",
                this::uptime));
        set.add(new Subcommand("probes", "", "what the prober sees: state, latency, scheduling lag", (ctx, a) -> probes(ctx)));
        buttons.on("ack", (ctx, id) -> incidents.acknowledge(ctx.user(), id)
                .orElseThrow(() -> new UsageException("That incident is already resolved.")));
    }

    private void list(CommandContext ctx) {
        var now = clock.instant();
        ctx.reply(renderer.list(incidents.store().recent(now.minus(Duration.ofDays(7)), 20), now));
    }

    private void timeline(CommandContext ctx, List<String> args) {
        if (args.size() != 1 || !args.get(0).replace("#", "").matches("\\d{1,9}")) {
            throw new UsageException("Usage: /backend incident NUMBER, e.g. /backend incident 42 (/backend incidents lists them)");
        }
        int number = Integer.parseInt(args.get(0).replace("#", ""));
        Incident i = incidents.store().byNumber(number).orElseThrow(() -> new UsageException(
                "There is no incident #" + number + ". /backend incidents lists the open and recent ones."));
        ctx.reply(renderer.timeline(i, incidents.store().events(i.id()), clock.instant()));
    }

    private void ack(CommandContext ctx, List<String> args) {
        Target t = one(args, "ack");
        Incident i = incidents.acknowledge(ctx.user(), t.name()).orElseThrow(() -> new UsageException(
                t.name() + " has no open incident to acknowledge."));
        ctx.tell(Message.of(Tone.OK, "Acknowledged incident #" + i.number() + " (" + t.name() + ")."));
    }

    private void note(CommandContext ctx, List<String> args) {
        if (args.size() < 2) {
            throw new UsageException("Usage: /backend note TARGET TEXT, e.g. /backend note prod rolled back the config");
        }
        Target t = backend.target(args.get(0));
        String text = String.join(" ", args.subList(1, args.size()));
        if (text.length() > 1000) {
            throw new UsageException("A note is at most 1000 characters (got " + text.length() + ").");
        }
        if (!incidents.note(ctx.user(), t.name(), text)) {
            throw new UsageException(t.name() + " has no open incident; notes go into an incident's timeline.");
        }
        ctx.tell(Message.of(Tone.OK, "Noted in " + t.name() + "'s incident."));
    }

    private void silence(CommandContext ctx, List<String> args) {
        if (args.size() < 2) {
            throw new UsageException("Usage: /backend silence TARGET DURATION [REASON], e.g. /backend silence prod 30m deploy");
        }
        Target t = backend.target(args.get(0));
        Duration length = Durations.parse(args.get(1)).filter(d -> !d.isZero()).orElseThrow(() -> new UsageException(
                "\"" + args.get(1) + "\" isn't a duration; write it like 30m, 2h or 1d."));
        if (length.compareTo(MAX_SILENCE) > 0) {
            throw new UsageException("A silence lasts 7 days at most (got " + args.get(1) + "); remove the target from probing instead.");
        }
        String reason = args.size() > 2 ? String.join(" ", args.subList(2, args.size())) : null;
        incidents.silence(ctx.user(), t.name(), length, reason);
        ctx.reply(Message.of(Tone.INFO, t.name() + " silenced for " + Times.length(length) + " by " + ctx.user().mention()
                + " (until " + Times.utcShort(clock.instant().plus(length)) + ")" + (reason == null ? "" : ": " + reason)
                + ". Probes go on; alerts wait. /backend unsilence " + t.name() + " lifts it."));
    }

    private void unsilence(CommandContext ctx, List<String> args) {
        Target t = one(args, "unsilence");
        incidents.unsilence(ctx.user(), t.name());
        ctx.reply(Message.of(Tone.INFO, t.name() + " is no longer silenced (" + ctx.user().mention() + ")."));
    }

    /** The longest uptime window: the store keeps a day more of stats periods than this. */
    static final Duration MAX_UPTIME_WINDOW = Duration.ofDays(30);
    static final Duration MIN_UPTIME_WINDOW = Duration.ofHours(1);

    private void uptime(CommandContext ctx, List<String> args) {
        Window w = uptimeArgs(args, backend::target);
        if (w.target() == null) {
            ctx.reply(renderer.uptime(null, w.name(), incidents.uptime(null, w.length())));
            return;
        }
        IncidentManager.Uptime u = incidents.uptimeWithChart(w.target(), w.length(), w.name());
        var answer = ctx.reply(renderer.uptime(w.target(), w.name(), u.report()));
        u.chart().ifPresent(image -> ctx.replyUnder(answer, renderer.chart(w.target(), w.name(), image)));
    }

    /** What {@code /backend uptime} and {@code triage uptime} were asked: a target (null: all) and a window. */
    public record Window(String target, Duration length, String name) {
    }

    /**
     * {@code [TARGET] [WINDOW]} in either order; the window defaults to 7d and is 1h to 30d. A word that looks like a
     * window but isn't one, a second target or a window out of range is refused with what to write instead.
     */
    public static Window uptimeArgs(List<String> args, java.util.function.Function<String, Target> targets) {
        String target = null;
        Duration window = Duration.ofDays(7);
        String name = "7d";
        boolean windowGiven = false;
        for (String a : args) {
            var d = Durations.parse(a);
            if (d.isPresent() || a.matches("\\d+[A-Za-z]*")) {
                if (windowGiven) {
                    throw new UsageException("One window at a time, e.g. /backend uptime prod 30d (got " + name + " and " + a + ").");
                }
                if (d.isEmpty() || d.get().compareTo(MIN_UPTIME_WINDOW) < 0 || d.get().compareTo(MAX_UPTIME_WINDOW) > 0) {
                    throw new UsageException("\"" + a + "\" isn't a window Triage can show: write 7d or 30d (anything from 1h to 30d;"
                            + " the store keeps 31 days of probe figures).");
                }
                window = d.get();
                name = a.strip().toLowerCase(java.util.Locale.ROOT);
                windowGiven = true;
            } else {
                if (target != null) {
                    throw new UsageException("One target at a time, e.g. /backend uptime " + target + " 7d (got " + target + " and "
                            + a + "); without a target it shows all of them.");
                }
                target = targets.apply(a).name();
            }
        }
        return new Window(target, window, name);
    }

    private void probes(CommandContext ctx) {
        String leadership = lease == null ? null : renderer.leadership(lease.view(), lease.replica(), lease.leads(),
                lease.liveReplicasQuietly(), clock.instant());
        Message m;
        if (lease == null || lease.leads()) {
            m = incidents.latestStats().map(renderer::probes).orElse(Message.of(Tone.INFO,
                    "The prober hasn't reported yet (it does every minute); try again shortly."));
        } else {
            m = renderer.probes(incidents.store().aggregates(), clock.instant());
        }
        if (leadership != null) {
            List<Message.Field> fields = new java.util.ArrayList<>();
            fields.add(new Message.Field("Leader", leadership));
            fields.addAll(m.fields());
            m = new Message(m.title(), m.tone(), m.lines(), fields, m.buttons(), m.footer(), m.image(), m.mentions());
        }
        ctx.reply(m);
    }

    private Target one(List<String> args, String sub) {
        if (args.size() != 1) {
            throw new UsageException("Usage: /backend " + sub + " TARGET");
        }
        return backend.target(args.get(0));
    }
}
