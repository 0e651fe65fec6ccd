package dev.triage.adapters;

import java.util.Objects;

/** A click on a button the core posted: the button's opaque id and the message it sits on. */
public record ButtonEvent(Requester user, String channel, String buttonId, MessageRef message) {
    public ButtonEvent {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(buttonId, "buttonId");
    }
}
