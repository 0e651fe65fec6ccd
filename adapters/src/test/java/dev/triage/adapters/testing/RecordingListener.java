package dev.triage.adapters.testing;

import dev.triage.adapters.ButtonEvent;
import dev.triage.adapters.ChatListener;
import dev.triage.adapters.CommandEvent;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Keeps every event it is given; a test may also give it something to do for each (answer, block). */
public final class RecordingListener implements ChatListener {
    public final BlockingQueue<CommandEvent> commands = new LinkedBlockingQueue<>();
    public final BlockingQueue<ButtonEvent> clicks = new LinkedBlockingQueue<>();
    private volatile Consumer<CommandEvent> onCommand = e -> { };
    private volatile Consumer<ButtonEvent> onButton = e -> { };
    private volatile dev.triage.adapters.Catalogue catalogue = TestCatalogue.of();

    /** What this listener says it answers (default: {@link TestCatalogue#of()}, a core-like /backend). */
    public RecordingListener answering(dev.triage.adapters.Catalogue catalogue) {
        this.catalogue = catalogue;
        return this;
    }

    @Override
    public dev.triage.adapters.Catalogue catalogue() {
        return catalogue;
    }

    public RecordingListener whenCommand(Consumer<CommandEvent> action) {
        this.onCommand = action;
        return this;
    }

    public RecordingListener whenButton(Consumer<ButtonEvent> action) {
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

    public CommandEvent nextCommand() throws InterruptedException {
        CommandEvent e = commands.poll(10, TimeUnit.SECONDS);
        if (e == null) {
            throw new AssertionError("no command reached the listener");
        }
        return e;
    }

    public ButtonEvent nextClick() throws InterruptedException {
        ButtonEvent e = clicks.poll(10, TimeUnit.SECONDS);
        if (e == null) {
            throw new AssertionError("no click reached the listener");
        }
        return e;
    }
}
