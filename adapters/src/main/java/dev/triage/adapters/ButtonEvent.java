package dev.triage.adapters;

import java.util.Objects;

/**
 * A click on a button the core posted: the button's opaque id and the message it sits on.
 *
 * @param replyTo like {@link CommandEvent#replyTo}: the click's own {@code response_url} on Slack, else null
 */
public record ButtonEvent(Requester user, String channel, String buttonId, MessageRef message, String replyTo) {
    public ButtonEvent {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(buttonId, "buttonId");
    }

    /** A click whose answers go to its channel. */
    public ButtonEvent(Requester user, String channel, String buttonId, MessageRef message) {
        this(user, channel, buttonId, message, null);
    }
}
