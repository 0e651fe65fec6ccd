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
