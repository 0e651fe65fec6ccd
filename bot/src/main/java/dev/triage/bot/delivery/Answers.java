package dev.triage.bot.delivery;

import dev.triage.adapters.ChatPort;
import dev.triage.adapters.Message;

/**
 * How the core answers people: a message in a channel, an edit of it, a reply under it, a line only one person sees.
 * In the bot every answer goes through the persisted outbox ({@link OutboxAnswers}); {@link #direct} sends at once,
 * for tools and tests that have no outbox.
 */
public interface Answers {
    Answer post(String channel, Message message);

    void update(Answer answer, Message message);

    Answer reply(Answer parent, Message message);

    void ephemeral(String channel, String userId, Message message);

    /**
     * A message of the bot's own in {@code channel} that others act on over time (an approval card: edited, replied
     * under, clicked by someone else), never through the request's reply channel.
     */
    default Answer postInChannel(String channel, Message message) {
        return post(channel, message);
    }

    /** An edit that only shows progress: it may be left out where a later edit will say more. */
    default void progress(Answer answer, Message message) {
        update(answer, message);
    }

    /**
     * These answers, for one request that came with a reply channel ({@code replyTo}, Slack's response_url; null for
     * none): its answers go back through it where the platform allows.
     */
    default Answers respondingTo(String replyTo) {
        return this;
    }

    /**
     * These answers, for a click that came with a reply channel: only lines for the clicker (and word that a card they
     * asked for can't be posted) go through it. Its other answers are channel messages: replacing through a click's
     * reply channel would replace the message the button sits on.
     */
    default Answers tellingThrough(String replyTo) {
        return this;
    }

    /** Straight to {@code port}: each call waits for the platform. */
    static Answers direct(ChatPort port) {
        return new Answers() {
            @Override
            public Answer post(String channel, Message message) {
                return Answer.ref(port.post(channel, message));
            }

            @Override
            public void update(Answer answer, Message message) {
                port.update(answer.ref(), message);
            }

            @Override
            public Answer reply(Answer parent, Message message) {
                return Answer.ref(port.reply(parent.ref(), message));
            }

            @Override
            public void ephemeral(String channel, String userId, Message message) {
                port.ephemeral(channel, userId, message);
            }
        };
    }
}
