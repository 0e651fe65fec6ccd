package dev.triage.bot.command;

import dev.triage.adapters.ChatPort;
import dev.triage.adapters.Message;
import dev.triage.adapters.MessageRef;
import dev.triage.adapters.Requester;

/** One incoming request and the ways to answer it. */
public record CommandContext(Requester user, String channel, String text, MessageRef message, ChatPort port) {

    /** Posts the answer in the channel the request came from. */
    public MessageRef reply(Message m) {
        return port.post(channel, m);
    }

    /** Shows a message to the requester only (usage errors, refusals). */
    public void tell(Message m) {
        port.ephemeral(channel, user.userId(), m);
    }
}
