package dev.triage.adapters;

import java.util.concurrent.CompletableFuture;

/**
 * The inbound half: what an adapter calls for each event. Returns at once with a future that
 * completes when the answer has been sent; adapters acknowledge the platform before waiting on it
 * (Slack and Discord drop commands not acknowledged within 3 seconds).
 */
public interface ChatListener {

    CompletableFuture<Void> onCommand(CommandEvent event);

    CompletableFuture<Void> onButton(ButtonEvent event);

    /** The commands this listener answers, for the platform to register (Discord) or list; empty when it won't say. */
    default Catalogue catalogue() {
        return Catalogue.EMPTY;
    }
}
