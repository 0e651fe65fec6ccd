package dev.triage.adapters;

import java.util.Objects;

/**
 * A slash command as plain data: {@code /backend status prod} arrives as command {@code backend}
 * and text {@code status prod}.
 */
public record CommandEvent(Requester user, String channel, String command, String text) {
    public CommandEvent {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(command, "command");
        text = text == null ? "" : text.strip();
    }
}
