package dev.triage.bot.command;

import dev.triage.adapters.ChatPort;
import dev.triage.adapters.Message;
import dev.triage.adapters.MessageRef;
import dev.triage.adapters.Requester;
import dev.triage.bot.delivery.Answer;
import dev.triage.bot.delivery.Answers;

/**
 * One incoming request and the ways to answer it. In the bot every answer goes through the persisted outbox
 * ({@code answers}): in order, paced, retried, never twice.
 *
 * @param message the message a clicked button sits on; null for a typed command
 * @param port    the platform itself, for what isn't an answer (a lookup); answers go through {@code answers}
 */
public record CommandContext(Requester user, String channel, String text, MessageRef message, ChatPort port, Answers answers) {

    /** Answers sent straight to {@code port} (tools and tests without an outbox). */
    public CommandContext(Requester user, String channel, String text, MessageRef message, ChatPort port) {
        this(user, channel, text, message, port, Answers.direct(port));
    }

    /** Posts the answer in the channel the request came from. */
    public Answer reply(Message m) {
        return answers.post(channel, m);
    }

    /**
     * Posts a message others act on (an approval card) in the request's channel as the bot's own message, so it can be
     * edited and replied under for as long as it lives; the asker is told if it can't be posted there.
     */
    public Answer card(Message m) {
        return answers.postInChannel(channel, m);
    }

    /** Edits an answer to show progress; where the platform limits edits, a later one may replace it unseen. */
    public void progress(Answer answer, Message m) {
        answers.progress(answer, m);
    }

    /** Edits an answer posted before. */
    public void update(Answer answer, Message m) {
        answers.update(answer, m);
    }

    /** Replies in the thread under an answer posted before. */
    public Answer replyUnder(Answer answer, Message m) {
        return answers.reply(answer, m);
    }

    /** Shows a message to the requester only (usage errors, refusals). */
    public void tell(Message m) {
        answers.ephemeral(channel, user.userId(), m);
    }
}
