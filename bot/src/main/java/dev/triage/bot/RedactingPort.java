package dev.triage.bot;

import dev.triage.adapters.ChatPort;
import dev.triage.adapters.Delivery;
import dev.triage.adapters.Message;
import dev.triage.adapters.MessageRef;
import dev.triage.config.Redactor;
import java.time.Instant;
import java.util.Optional;

/**
 * The edge every outbound message passes, whatever produced it — a check's evidence, a journal line, an exception's
 * message, a person's note: each piece of text goes through the {@link Redactor} before the platform sees it.
 */
final class RedactingPort implements ChatPort {
    private final ChatPort port;
    private final Redactor redactor;

    RedactingPort(ChatPort port, Redactor redactor) {
        this.port = port;
        this.redactor = redactor;
    }

    Message redact(Message m) {
        java.util.List<Message.Line> lines = new java.util.ArrayList<>();
        boolean inKey = false;
        for (Message.Line l : m.lines()) {
            // A private key printed over several lines (a journal, a log tail): every line from BEGIN to END goes.
            if (inKey) {
                inKey = !Redactor.closesPrivateKey(l.text());
                lines.add(new Message.Line(l.tone(), redactor.redact(l.label()), Redactor.MARK, null));
                continue;
            }
            inKey = Redactor.opensPrivateKey(l.text());
            lines.add(new Message.Line(l.tone(), redactor.redact(l.label()), redactor.redact(l.text()), redactor.redact(l.detail())));
        }
        return new Message(redactor.redact(m.title()), m.tone(), lines,
                m.fields().stream().map(f -> new Message.Field(redactor.redact(f.name()), redactor.redact(f.value()))).toList(),
                m.buttons().stream().map(b -> new Message.Button(b.id(), redactor.redact(b.label()), b.style())).toList(),
                redactor.redact(m.footer()),
                // A picture carries only figures drawn from the store; its alt text is a line like any other.
                m.image() == null ? null : new Message.Image(m.image().name(), redactor.redact(m.image().alt()), m.image().png()),
                m.mentions());   // who it pages: member ids from the config, never secrets
    }

    @Override
    public MessageRef post(String channel, Message message) {
        return port.post(channel, redact(message));
    }

    @Override
    public MessageRef reply(MessageRef parent, Message message) {
        return port.reply(parent, redact(message));
    }

    @Override
    public void update(MessageRef ref, Message message) {
        port.update(ref, redact(message));
    }

    @Override
    public void ephemeral(String channel, String userId, Message message) {
        port.ephemeral(channel, userId, redact(message));
    }

    @Override
    public MessageRef post(String channel, Message message, Delivery delivery) {
        return port.post(channel, redact(message), delivery);
    }

    @Override
    public MessageRef reply(MessageRef parent, Message message, Delivery delivery) {
        return port.reply(parent, redact(message), delivery);
    }

    @Override
    public void update(MessageRef ref, Message message, Delivery delivery) {
        port.update(ref, redact(message), delivery);
    }

    @Override
    public void respond(String replyTo, String channel, Message message, dev.triage.adapters.Response how, Delivery delivery) {
        port.respond(replyTo, channel, redact(message), how, delivery);
    }

    @Override
    public Optional<MessageRef> findDelivered(String channel, MessageRef thread, String deliveryKey, Instant since) {
        return port.findDelivered(channel, thread, deliveryKey, since);
    }
}
