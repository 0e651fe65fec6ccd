package dev.triage.bot.delivery;

import dev.triage.adapters.MessageRef;
import java.util.Objects;

/**
 * A message Triage has sent or queued, as something it can edit or reply under later: an outbox item (delivered in
 * order, whenever the platform takes it) or, for a message sent straight to the platform, where it landed. Kept as
 * one string ({@link #handle}) so it can be stored — an approval card's, say.
 */
public record Answer(String handle) {
    private static final String ITEM = "item:";
    private static final String REF = "ref:";

    public Answer {
        Objects.requireNonNull(handle, "handle");
        if (!handle.startsWith(ITEM) && !handle.startsWith(REF)) {
            throw new IllegalArgumentException("not an answer handle: " + handle);
        }
    }

    public static Answer item(String outboxId) {
        return new Answer(ITEM + outboxId);
    }

    public static Answer ref(MessageRef ref) {
        return new Answer(REF + ref.channel() + "\u0000" + ref.id() + "\u0000" + (ref.threadId() == null ? "" : ref.threadId()));
    }

    public boolean isItem() {
        return handle.startsWith(ITEM);
    }

    /** The outbox item; only for {@link #isItem()}. */
    public String itemId() {
        return handle.substring(ITEM.length());
    }

    /** Where it landed; only for a message sent straight to the platform. */
    public MessageRef ref() {
        String[] parts = handle.substring(REF.length()).split("\u0000", -1);
        return new MessageRef(parts[0], parts[1], parts.length < 3 || parts[2].isEmpty() ? null : parts[2]);
    }
}
