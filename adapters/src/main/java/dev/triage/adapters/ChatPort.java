package dev.triage.adapters;

import java.time.Instant;
import java.util.Optional;

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

    /**
     * Posts as one {@link Delivery}: with its key kept alongside the message where the platform can (Slack:
     * message metadata), so a sender that died between sending and recording can later ask whether it arrived,
     * and only while the delivery is still this sender's. Platforms that can't keep a key simply post.
     */
    default MessageRef post(String channel, Message message, Delivery delivery) {
        delivery.mayProceed();
        return post(channel, message);
    }

    /** {@link #reply(MessageRef, Message)} as one {@link Delivery}, like {@link #post(String, Message, Delivery)}. */
    default MessageRef reply(MessageRef parent, Message message, Delivery delivery) {
        delivery.mayProceed();
        return reply(parent, message);
    }

    /** {@link #update(MessageRef, Message)} as one {@link Delivery}: not made once the delivery is withdrawn. */
    default void update(MessageRef ref, Message message, Delivery delivery) {
        delivery.mayProceed();
        update(ref, message);
    }

    /**
     * Answers through a request's own reply channel ({@link CommandEvent#replyTo}) as one {@link Delivery}, with its key
     * kept beside the message where the platform can. Only called with a {@code replyTo} this platform gave.
     *
     * @param channel where the request came from, for the platform's queue and its messages
     */
    default void respond(String replyTo, String channel, Message message, Response how, Delivery delivery) {
        // A platform that gives no reply channel never sees one: a replyTo here came from somewhere else. Refused, the
        // outbox sends the item as a channel message on its next try.
        throw new IllegalArgumentException("this platform gave no reply channel, so it can't answer through " + how);
    }

    /**
     * The message posted with {@code deliveryKey} since {@code since}, in the channel or, when
     * {@code thread} is given, in that thread. Empty when it isn't there — or when the platform can't tell.
     */
    default Optional<MessageRef> findDelivered(String channel, MessageRef thread, String deliveryKey, Instant since) {
        return Optional.empty();
    }
}
