package dev.triage.adapters;

/**
 * How an answer goes through a request's own reply channel ({@link CommandEvent#replyTo}), in Slack's words.
 */
public enum Response {
    /** A new message everyone in the channel sees. */
    IN_CHANNEL,
    /** A new message only the person who asked sees. */
    EPHEMERAL,
    /** Replaces the last message sent through the same reply channel (an answer being edited). */
    REPLACE_ORIGINAL
}
