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

    /**
     * What to offer for a parameter of {@code kind} while {@code typed} is typed (the targets, the open incidents), best
     * first; empty when the listener has nothing to offer. Called on each keystroke: must answer from memory or the store,
     * never from a target.
     */
    default java.util.List<Catalogue.Choice> suggestions(Catalogue.Kind kind, String typed) {
        return java.util.List.of();
    }
}
