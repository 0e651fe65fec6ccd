package dev.triage.adapters;

import java.util.Objects;

/**
 * Where a posted message lives, so it can be edited or replied to. {@code threadId} is the id of
 * the thread's root when the message is itself a thread reply, else null. Ids are the platform's
 * own (Slack {@code ts}, Discord snowflakes, console sequence numbers) and are opaque to the core.
 */
public record MessageRef(String channel, String id, String threadId) {
    public MessageRef {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(id, "id");
    }

    /** The id replies go under: the thread root when this is a reply, else this message. */
    public String threadRoot() {
        return threadId != null ? threadId : id;
    }
}
