package dev.triage.adapters;

/**
 * The outbound half of a chat platform, as the core sees it. Calls may block on the network;
 * the core calls them from worker threads, never from an adapter's event thread.
 */
public interface ChatPort {

    /** Posts a new message in a channel and returns where it landed. */
    MessageRef post(String channel, Message message);

    /** Posts a reply in the thread under {@code parent}. */
    MessageRef reply(MessageRef parent, Message message);

    /** Edits a posted message in place. */
    void update(MessageRef ref, Message message);

    /** Shows a message to one user only (usage errors, refusals). */
    void ephemeral(String channel, String userId, Message message);
}
