package dev.triage.bot.demo;

import dev.triage.adapters.Message;
import dev.triage.adapters.Tone;
import dev.triage.bot.command.CommandContext;
import dev.triage.bot.command.CommandSet;
import dev.triage.bot.command.Subcommand;
import dev.triage.bot.command.UsageException;
import java.io.IOException;
import java.io.UncheckedIOException;

/** {@code /demo break|slow|stop|mend|state}: break and mend the demo backend from the console. */
public final class DemoCommands {
    /** How long {@code /demo flap} keeps the backend failing: long enough to open an incident, shorter than its remediate: rule waits. */
    public static final java.time.Duration FLAP = java.time.Duration.ofSeconds(7);
    private final DemoBackend backend;

    public DemoCommands(DemoBackend backend) {
        this.backend = backend;
    }

    public CommandSet commandSet() {
        CommandSet demo = new CommandSet("demo", "break and mend the demo backend, then ask /backend what happened");
        demo.add(new Subcommand("break", "", "/health answers 503 (the app is up, its dependency is not)", (ctx, a) -> {
            running();
            backend.breakHealth();
            done(ctx, "Demo backend broken: /health now answers 503. Try /backend status demo");
        }));
        demo.add(new Subcommand("flap", "", "/health fails for " + FLAP.toSeconds() + " s, then recovers by itself (nobody does anything)", (ctx, a) -> {
            running();
            backend.flap(FLAP);
            done(ctx, "Demo backend flapping: /health answers 503 for " + FLAP.toSeconds() + " s, then recovers by itself."
                    + " Watch the incident open and resolve with nobody acting.");
        }));
        demo.add(new Subcommand("slow", "", "every response takes 3 s", (ctx, a) -> {
            running();
            backend.slow();
            done(ctx, "Demo backend slowed: responses take 3 s. Try /backend status demo");
        }));
        demo.add(new Subcommand("stop", "", "close the port, as a crashed service does", (ctx, a) -> {
            backend.stop();
            done(ctx, "Demo backend stopped: port " + backend.port() + " is closed. Try /backend status demo");
        }));
        demo.add(new Subcommand("mend", "", "back to healthy (starts it again if stopped)", (ctx, a) -> {
            try {
                backend.mend();
            } catch (IOException e) {
                throw new UncheckedIOException("could not start the demo backend again on port " + backend.port(), e);
            }
            done(ctx, "Demo backend mended: healthy on " + backend.baseUrl() + ". Try /backend status demo");
        }));
        demo.add(new Subcommand("state", "", "what the demo backend is doing now", (ctx, a) ->
                ctx.reply(Message.text("Demo backend: " + backend.mode() + " on " + backend.baseUrl()))));
        return demo;
    }

    private void running() {
        if (backend.mode() == DemoBackend.Mode.STOPPED) {
            throw new UsageException("The demo backend is stopped; /demo mend starts it again first.");
        }
    }

    private static void done(CommandContext ctx, String text) {
        ctx.reply(Message.of(Tone.INFO, text));
    }
}
