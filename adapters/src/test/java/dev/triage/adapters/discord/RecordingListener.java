package dev.triage.adapters.discord;

import dev.triage.adapters.ButtonEvent;
import dev.triage.adapters.ChatListener;
import dev.triage.adapters.CommandEvent;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Keeps every event it is given; a test may also give it something to do for each (answer, block). */
final class RecordingListener implements ChatListener {
    final BlockingQueue<CommandEvent> commands = new LinkedBlockingQueue<>();
    final BlockingQueue<ButtonEvent> clicks = new LinkedBlockingQueue<>();
    private volatile Consumer<CommandEvent> onCommand = e -> { };
    private volatile Consumer<ButtonEvent> onButton = e -> { };

    RecordingListener whenCommand(Consumer<CommandEvent> action) {
        this.onCommand = action;
        return this;
    }

    RecordingListener whenButton(Consumer<ButtonEvent> action) {
        this.onButton = action;
        return this;
    }

    @Override
    public CompletableFuture<Void> onCommand(CommandEvent event) {
        commands.add(event);
        onCommand.accept(event);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> onButton(ButtonEvent event) {
        clicks.add(event);
        onButton.accept(event);
        return CompletableFuture.completedFuture(null);
    }

    CommandEvent nextCommand() throws InterruptedException {
        CommandEvent e = commands.poll(10, TimeUnit.SECONDS);
        if (e == null) {
            throw new AssertionError("no command reached the listener");
        }
        return e;
    }

    ButtonEvent nextClick() throws InterruptedException {
        ButtonEvent e = clicks.poll(10, TimeUnit.SECONDS);
        if (e == null) {
            throw new AssertionError("no click reached the listener");
        }
        return e;
    }
}
