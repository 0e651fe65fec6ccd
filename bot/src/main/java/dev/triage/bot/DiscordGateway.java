package dev.triage.bot;

import dev.triage.adapters.ChatListener;
import dev.triage.adapters.ChatPort;
import dev.triage.adapters.Delivery;
import dev.triage.adapters.Message;
import dev.triage.adapters.MessageRef;
import dev.triage.adapters.discord.DiscordAdapter;
import dev.triage.bot.incident.LeaderDuties;
import dev.triage.bot.ha.Term;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Discord, held by the leading replica only: two gateway sessions on one token both receive every interaction
 * (and the slower acknowledgement then fails), so the session starts when this replica becomes the leader and
 * closes when it stops. As a port it speaks through the session of the current term; a follower has none.
 */
final class DiscordGateway implements ChatPort, LeaderDuties.Duty {
    private final Supplier<DiscordAdapter> connect;
    private final int guilds;
    private final PrintStream out;
    private volatile ChatListener listener;
    private volatile DiscordAdapter session;

    DiscordGateway(Supplier<DiscordAdapter> connect, int guilds, PrintStream out) {
        this.connect = connect;
        this.guilds = guilds;
        this.out = out;
    }

    /** Who hears the slash commands and clicks, once a session is open. */
    void serve(ChatListener listener) {
        this.listener = listener;
    }

    boolean connected() {
        return session != null;
    }

    @Override
    public synchronized void start(Term term) throws Exception {
        if (session != null || !term.current()) {
            return;
        }
        DiscordAdapter adapter = connect.get();
        adapter.start(listener);
        session = adapter;
        out.println("Triage: Discord connected to " + guilds + " guild(s) (this replica leads, epoch " + term.epoch() + ").");
        out.flush();
    }

    @Override
    public synchronized void stop(Term term) {
        DiscordAdapter adapter = session;
        session = null;
        if (adapter != null) {
            adapter.close();
        }
    }

    private DiscordAdapter session() {
        DiscordAdapter s = session;
        if (s == null) {
            throw new IllegalStateException("Discord is connected on the leading replica only, and this one doesn't lead now");
        }
        return s;
    }

    @Override
    public MessageRef post(String channel, Message message) {
        return session().post(channel, message);
    }

    @Override
    public MessageRef reply(MessageRef parent, Message message) {
        return session().reply(parent, message);
    }

    @Override
    public void update(MessageRef ref, Message message) {
        session().update(ref, message);
    }

    @Override
    public void ephemeral(String channel, String userId, Message message) {
        session().ephemeral(channel, userId, message);
    }

    @Override
    public MessageRef post(String channel, Message message, Delivery delivery) {
        return session().post(channel, message, delivery);
    }

    @Override
    public MessageRef reply(MessageRef parent, Message message, Delivery delivery) {
        return session().reply(parent, message, delivery);
    }

    @Override
    public void update(MessageRef ref, Message message, Delivery delivery) {
        session().update(ref, message, delivery);
    }

    @Override
    public Optional<MessageRef> findDelivered(String channel, MessageRef thread, String deliveryKey, Instant since) {
        DiscordAdapter s = session;
        return s == null ? Optional.empty() : s.findDelivered(channel, thread, deliveryKey, since);
    }
}
