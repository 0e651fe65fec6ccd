package dev.triage.bot.command;

import dev.triage.adapters.ButtonEvent;
import dev.triage.adapters.ChatCallFailedException;
import dev.triage.adapters.ChatListener;
import dev.triage.adapters.ChatPort;
import dev.triage.adapters.CommandEvent;
import dev.triage.adapters.Message;
import dev.triage.adapters.Tone;
import dev.triage.bot.delivery.Answers;
import dev.triage.bot.store.StoreRetry;
import dev.triage.bot.store.StoreUnavailableException;
import dev.triage.config.Suggestions;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The core's front door: turns chat events into command runs on worker threads and makes sure every
 * request gets an answer — a usage error as a private reply, a crash as one clear line (the log gets
 * the detail), never a stack trace and never silence.
 */
public final class Bot implements ChatListener {
    private static final Logger LOG = LoggerFactory.getLogger(Bot.class);

    private final ChatPort port;
    private final Answers answers;
    private final InstantSource clock;
    private final ExecutorService executor;
    private final Map<String, CommandSet> commands = new LinkedHashMap<>();
    private final Map<dev.triage.adapters.Catalogue.Kind,
            java.util.function.Function<String, java.util.List<dev.triage.adapters.Catalogue.Choice>>> suggestions =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final ButtonRouter buttons;
    private final CommandLog log;
    /** The commands and clicks being handled now, for a stop that lets them finish. */
    private final java.util.Set<CompletableFuture<Void>> inFlight = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Hears every command and click with how it ended, for the audit log. */
    @FunctionalInterface
    public interface CommandLog {
        CommandLog NONE = (ctx, invocation, result) -> { };

        /** @param result ok, refused (a usage error or a refusal) or failed */
        void ran(CommandContext ctx, Invocation invocation, String result);
    }

    public Bot(ChatPort port, ExecutorService executor, ButtonRouter buttons) {
        this(port, executor, buttons, CommandLog.NONE);
    }

    public Bot(ChatPort port, ExecutorService executor, ButtonRouter buttons, CommandLog log) {
        this(port, Answers.direct(port), executor, buttons, log, InstantSource.system());
    }

    /**
     * @param answers how every answer goes out: through the outbox in the bot
     * @param clock   what a click waiting for the store measures its wait by
     */
    public Bot(ChatPort port, Answers answers, ExecutorService executor, ButtonRouter buttons, CommandLog log, InstantSource clock) {
        this.clock = clock;
        this.answers = answers;
        this.port = port;
        this.executor = executor;
        this.buttons = buttons;
        this.log = log;
    }

    /** Every command registered, with its subcommands typed: what each platform registers. */
    @Override
    public dev.triage.adapters.Catalogue catalogue() {
        return new dev.triage.adapters.Catalogue(commands.values().stream().map(CommandSet::catalogue).toList());
    }

    /** Where the values offered for a parameter of {@code kind} come from, given what is typed so far. */
    public Bot suggesting(dev.triage.adapters.Catalogue.Kind kind,
                          java.util.function.Function<String, java.util.List<dev.triage.adapters.Catalogue.Choice>> source) {
        suggestions.put(kind, source);
        return this;
    }

    @Override
    public java.util.List<dev.triage.adapters.Catalogue.Choice> suggestions(dev.triage.adapters.Catalogue.Kind kind, String typed) {
        var source = suggestions.get(kind);
        if (source == null) {
            return java.util.List.of();
        }
        try {
            return source.apply(typed == null ? "" : typed);
        } catch (RuntimeException e) {   // a store that doesn't answer now: nothing offered, the command still works typed
            LOG.warn("Nothing to offer for a {} while typing: {}", kind, e.getMessage());
            return java.util.List.of();
        }
    }

    public Bot register(CommandSet set) {
        if (commands.putIfAbsent(set.command(), set) != null) {
            throw new IllegalArgumentException("/" + set.command() + " is registered twice");
        }
        return this;
    }

    @Override
    public CompletableFuture<Void> onCommand(CommandEvent event) {
        CommandContext ctx = new CommandContext(event.user(), event.channel(), event.text(), null, port,
                answers.respondingTo(event.replyTo()));
        Invocation what = Invocation.command(event.user(), event.channel(), event.command(), event.text());
        return tracked(CompletableFuture.runAsync(() -> guarded(ctx, what, () -> {
            CommandSet set = commands.get(event.command());
            if (set == null) {
                throw new UsageException("Triage doesn't know /" + event.command()
                        + Suggestions.closest(event.command(), commands.keySet()).map(s -> " — did you mean /" + s + "?").orElse(".")
                        + " Try /backend help.");
            }
            set.dispatch(ctx);
        }), executor));
    }

    /**
     * How long a click (an approval, a denial, an acknowledgement) waits for a store that can't be reached before it
     * is given up: a decision is recorded once the store answers, not dropped after one failure.
     */
    static final Duration CLICK_WAITS_FOR_STORE = Duration.ofMinutes(10);

    @Override
    public CompletableFuture<Void> onButton(ButtonEvent event) {
        CommandContext ctx = new CommandContext(event.user(), event.channel(), "", event.message(), port,
                answers.tellingThrough(event.replyTo()));
        return tracked(CompletableFuture.runAsync(() -> guarded(ctx, Invocation.click(event.user(), event.channel(), event.buttonId()),
                () -> StoreRetry.untilAnswered(clock, CLICK_WAITS_FOR_STORE, Duration.ofSeconds(2), () -> {
                    buttons.dispatch(ctx, event.buttonId());
                    return null;
                }, () -> sendQuietly(ctx, Message.of(Tone.WARN, "Triage can't reach its store right now, so your click waits: "
                        + "it is decided as soon as the store answers (for up to " + CLICK_WAITS_FOR_STORE.toMinutes() + " min).")))),
                executor));
    }

    private CompletableFuture<Void> tracked(CompletableFuture<Void> handling) {
        inFlight.add(handling);
        handling.whenComplete((ok, failed) -> inFlight.remove(handling));
        return handling;
    }

    /** How many commands and clicks (actions included) are being handled now. */
    public int inFlight() {
        return inFlight.size();
    }

    /**
     * Waits until every command and click being handled now has ended, for at most {@code within}; returns how many
     * still run then. For a stop: the platforms take no new ones by then.
     */
    public int awaitIdle(Duration within) {
        long end = System.nanoTime() + within.toNanos();
        for (CompletableFuture<Void> f : java.util.List.copyOf(inFlight)) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                f.get(left, java.util.concurrent.TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                break;
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.CancellationException e) {
                // ended; guarded() has answered and logged it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return inFlight.size();
    }

    private void guarded(CommandContext ctx, Invocation invocation, Runnable work) {
        String what = invocation.line();
        String result = "ok";
        try {
            work.run();
        } catch (UsageException e) {
            result = "refused: " + e.getMessage();
            sendQuietly(ctx, Message.of(Tone.WARN, e.getMessage()));
        } catch (StoreUnavailableException e) {
            result = "failed: the store can't be reached";
            LOG.warn("{} from {}: the store can't be reached ({})", what, ctx.user().userId(), e.getMessage());
            sendQuietly(ctx, Message.of(Tone.ERROR, "Triage can't reach its store right now, so " + what + " couldn't be done; "
                    + "nothing was changed. Try again once it answers: the incident channel says when."));
        } catch (ChatCallFailedException e) {
            // The platform refused or didn't answer (after its retries): expected, one line; the user may not hear either.
            result = "failed: the chat platform";
            LOG.warn("{} from {}: {}", what, ctx.user().userId(), e.getMessage());
            sendQuietly(ctx, Message.of(Tone.ERROR, "Triage couldn't answer " + what + " here: the chat platform refused it. "
                    + "Try again in a minute."));
        } catch (RuntimeException e) {
            result = "failed: " + e.getClass().getSimpleName();
            LOG.error("{} from {} failed", what, ctx.user().userId(), e);
            sendQuietly(ctx, Message.of(Tone.ERROR, "Triage failed while running " + what + " ("
                    + e.getClass().getSimpleName() + "); the bot's log has the detail. Try again, or report it if it repeats."));
        }
        String outcome = result;
        try {
            // Recorded once the store answers, not dropped: the answer has gone out already, so waiting costs no one.
            StoreRetry.untilAnswered(clock, CLICK_WAITS_FOR_STORE, Duration.ofSeconds(2), () -> {
                log.ran(ctx, invocation, outcome);
                return null;
            }, () -> LOG.warn("recording {} in the audit log waits for the store", what));
        } catch (RuntimeException e) {
            LOG.error("could not record {} in the audit log", what, e);
        }
    }

    private void sendQuietly(CommandContext ctx, Message m) {
        try {
            ctx.tell(m);
        } catch (ChatCallFailedException e) {
            LOG.warn("could not tell {} about a failed request: {}", ctx.user().userId(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("could not tell {} about a failed request", ctx.user().userId(), e);
        }
    }
}
