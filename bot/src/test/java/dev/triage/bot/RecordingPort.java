package dev.triage.bot;

import dev.triage.adapters.ChatPort;
import dev.triage.adapters.Message;
import dev.triage.adapters.MessageRef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A chat port that keeps what the core sent, for tests that look at messages rather than a platform. */
public class RecordingPort implements ChatPort {
    public final List<Message> posts = Collections.synchronizedList(new ArrayList<>());
    public final List<Message> replies = Collections.synchronizedList(new ArrayList<>());
    public final List<Message> updates = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger seq = new AtomicInteger();

    /** Every title, for assertion messages. */
    public String titles() {
        return "posts " + posts.stream().map(Message::title).toList() + " replies " + replies.stream().map(Message::title).toList()
                + " updates " + updates.stream().map(Message::title).toList();
    }

    @Override
    public MessageRef post(String channel, Message message) {
        posts.add(message);
        return new MessageRef(channel, "m" + seq.incrementAndGet(), null);
    }

    @Override
    public MessageRef reply(MessageRef parent, Message message) {
        replies.add(message);
        return new MessageRef(parent.channel(), "m" + seq.incrementAndGet(), parent.threadRoot());
    }

    @Override
    public void update(MessageRef ref, Message message) {
        updates.add(message);
    }

    @Override
    public void ephemeral(String channel, String userId, Message message) {
        posts.add(message);
    }
}
