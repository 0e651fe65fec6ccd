package dev.triage.adapters;

import java.util.Objects;

/**
 * A slash command as plain data: {@code /backend status prod} arrives as command {@code backend}
 * and text {@code status prod}.
 *
 * @param replyTo where answers to this command can go other than as the bot's own channel message — Slack's
 *                {@code response_url}, which works in any channel or DM the command can be typed in and is not
 *                paced behind the channel's other messages; null where the platform has none
 */
public record CommandEvent(Requester user, String channel, String command, String text, String replyTo) {
    public CommandEvent {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(command, "command");
        text = text == null ? "" : text.strip();
    }

    /** A command whose answers go to its channel. */
    public CommandEvent(Requester user, String channel, String command, String text) {
        this(user, channel, command, text, null);
    }
}
