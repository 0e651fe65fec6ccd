package dev.triage.bot.delivery;

import dev.triage.adapters.ChatPort;
import dev.triage.adapters.Message;
import dev.triage.bot.store.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers through the persisted outbox, for one platform: queued in the caller's transaction, sent by this replica's
 * delivery in order per thread, paced, retried on 429 and 5xx, and never sent twice. When the store can't be reached
 * a new answer (or a line for one person) goes straight to the platform instead, so a person still hears that
 * something is wrong; edits and replies of queued answers wait for the store.
 */
public final class OutboxAnswers implements Answers {
    private static final Logger log = LoggerFactory.getLogger(OutboxAnswers.class);

    private final Outbox outbox;
    private final String platform;
    private final ChatPort fallback;
    /** The request's reply channel for its answers, and for lines only the asker sees; null for none. */
    private final String replyTo;
    private final String tellTo;

    /** @param platform the adapter the answers go to ({@code slack}, {@code discord}, {@code console}) */
    public OutboxAnswers(Outbox outbox, String platform, ChatPort fallback) {
        this(outbox, platform, fallback, null, null);
    }

    private OutboxAnswers(Outbox outbox, String platform, ChatPort fallback, String replyTo, String tellTo) {
        this.outbox = outbox;
        this.platform = platform;
        this.fallback = fallback;
        this.replyTo = replyTo;
        this.tellTo = tellTo;
    }

    @Override
    public Answers respondingTo(String replyTo) {
        return replyTo == null ? this : new OutboxAnswers(outbox, platform, fallback, replyTo, replyTo);
    }

    @Override
    public Answers tellingThrough(String replyTo) {
        return replyTo == null ? this : new OutboxAnswers(outbox, platform, fallback, null, replyTo);
    }

    @Override
    public Answer post(String channel, Message message) {
        try {
            return Answer.item(replyTo == null ? outbox.post(platform, channel, message) : outbox.respond(platform, channel, replyTo, message));
        } catch (StoreUnavailableException e) {
            log.warn("the store can't be reached: an answer in {} goes straight to {}", channel, platform);
            return Answer.ref(fallback.post(channel, message));
        }
    }

    @Override
    public Answer postInChannel(String channel, Message message) {
        try {
            return Answer.item(outbox.postTelling(platform, channel, message, tellTo));
        } catch (StoreUnavailableException e) {
            log.warn("the store can't be reached: a message in {} goes straight to {}", channel, platform);
            return Answer.ref(fallback.post(channel, message));
        }
    }

    @Override
    public void update(Answer answer, Message message) {
        edit(answer, message, false);
    }

    @Override
    public void progress(Answer answer, Message message) {
        edit(answer, message, true);
    }

    private void edit(Answer answer, Message message, boolean provisional) {
        if (answer.isItem()) {
            outbox.update(answer.itemId(), message, provisional);
        } else {
            outbox.updateDelivered(platform, answer.ref(), message);
        }
    }

    @Override
    public Answer reply(Answer parent, Message message) {
        if (parent.isItem()) {
            return Answer.item(outbox.reply(parent.itemId(), message));
        }
        return Answer.item(outbox.replyDelivered(platform, parent.ref(), message));
    }

    @Override
    public void ephemeral(String channel, String userId, Message message) {
        try {
            outbox.ephemeral(platform, channel, userId, message, tellTo);
        } catch (StoreUnavailableException e) {
            log.warn("the store can't be reached: a line for {} goes straight to {}", userId, platform);
            fallback.ephemeral(channel, userId, message);
        }
    }
}
