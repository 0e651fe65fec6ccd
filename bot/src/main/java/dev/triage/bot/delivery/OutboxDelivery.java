package dev.triage.bot.delivery;

import dev.triage.adapters.ChatPort;
import dev.triage.adapters.Delivery;
import dev.triage.adapters.DeliveryWithdrawnException;
import dev.triage.adapters.MessageRef;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox through a chat port: oldest first, in order within each thread (a thread whose
 * item failed waits for it), at most about one message per second per channel, retried with backoff
 * on failure (the port's own 429/5xx handling comes first). Each replica runs one: it sends the items its
 * own commands and clicks queued, and, while it leads, the leader's and those of replicas that stopped.
 * Every item is claimed before it is sent; an item is marked delivered the moment the port returns. It is
 * marked as being sent just before, with its id given to the platform as a delivery key: after a crash in
 * between — this process's or another replica's — delivery first asks the platform whether the message
 * arrived, so only what never got there is sent again. A replica that no longer counts as alive (paused
 * past its lease) sends nothing: the port asks right before each attempt.
 */
public final class OutboxDelivery implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OutboxDelivery.class);
    static final int MAX_ATTEMPTS = 8;

    /**
     * What this replica may send: whether it leads, whether the other replicas still count it alive, and how
     * long a silent replica counts as alive (the lease TTL).
     */
    public record Role(java.util.function.BooleanSupplier leads, java.util.function.BooleanSupplier alive, Duration aliveWithin) {
        /** A single process: it leads and is alive. */
        public static final Role SOLO = new Role(() -> true, () -> true, Duration.ofSeconds(10));
    }

    private final Outbox outbox;
    /** The port of the platform alerts go to (items without a platform), and each platform's by name. */
    private final ChatPort port;
    private final Map<String, ChatPort> platforms;
    private final java.util.function.Function<String, Duration> paceOf;
    private final Role role;
    private final InstantSource clock;
    private final Duration perChannel;
    private final Map<String, Instant> lastSent = new HashMap<>();
    private final Object lock = new Object();
    private final AtomicBoolean dirty = new AtomicBoolean(true);
    private ScheduledExecutorService worker;

    /** @param perChannel the least time between two messages to one channel (Slack: ~1 s) */
    public OutboxDelivery(Outbox outbox, ChatPort port, InstantSource clock, Duration perChannel) {
        this(outbox, port, clock, perChannel, Role.SOLO);
    }

    /** @param role what this replica may send */
    public OutboxDelivery(Outbox outbox, ChatPort port, InstantSource clock, Duration perChannel, Role role) {
        this(outbox, port, Map.of(), p -> perChannel, clock, perChannel, role);
    }

    /**
     * @param port      where items of no particular platform go (alerts, incident threads)
     * @param platforms where the answers of each platform go, by its name ({@code slack}, {@code discord}, {@code console});
     *                  read as it is when each item is sent, so a platform started later is served too
     * @param paceOf    the pace of new messages per channel on each platform
     */
    public OutboxDelivery(Outbox outbox, ChatPort port, Map<String, ChatPort> platforms, java.util.function.Function<String, Duration> paceOf,
                          InstantSource clock, Duration perChannel, Role role) {
        this.outbox = outbox;
        this.port = port;
        this.platforms = platforms;
        this.paceOf = paceOf;
        this.role = role;
        this.clock = clock;
        this.perChannel = perChannel;
        outbox.onEnqueue(() -> {
            dirty.set(true);
            ScheduledExecutorService w = worker;
            if (w != null && !w.isShutdown()) {
                w.execute(this::deliverQuietly);
            }
        });
    }

    /** Delivers in the background, checking at least every {@code tick}. */
    public OutboxDelivery start(Duration tick) {
        worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "triage-outbox");
            t.setDaemon(true);
            return t;
        });
        worker.scheduleWithFixedDelay(this::deliverQuietly, 0, tick.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /**
     * Delivers every item that is due now, in order; returns how many were delivered. Items of a thread
     * behind a failed one wait; items of a channel paced too recently wait for the next round.
     */
    public int deliverDue() {
        synchronized (lock) {
            int delivered = 0;
            // Each round sends the head of every thread; the next item of a thread is the head of the next round.
            for (int round = 0; round < MAX_ROUNDS; round++) {
                int sent = deliverRound();
                delivered += sent;
                if (sent == 0) {
                    break;
                }
            }
            return delivered;
        }
    }

    private static final int MAX_ROUNDS = 50;

    private int deliverRound() {
        if (!role.alive().getAsBoolean()) {
            return 0;
        }
        int delivered = 0;
        List<Outbox.Item> due = outbox.due(role.leads().getAsBoolean(), role.aliveWithin(), 500);
        dirty.set(false);
        for (Outbox.Item item : due) {
            Instant now = clock.instant();
            if (item.nextAttemptAt().isAfter(now)) {
                continue;   // the head of its thread waits for its backoff, and the thread with it
            }
            ChatPort to = portOf(item);
            if (to == null) {
                continue;   // a platform this replica doesn't serve; the replica that does sends it
            }
            // Slack's pace (about one message a second per channel) is for new messages; edits, lines for one
            // person and answers through a request's own reply channel are not held behind them.
            boolean paced = (item.op() == Outbox.Op.POST || item.op() == Outbox.Op.REPLY) && item.respondTo() == null;
            String lane = (item.platform() == null ? "" : item.platform()) + "/" + item.channel();
            Instant last = lastSent.get(lane);
            Duration pace = item.platform() == null ? perChannel : paceOf.apply(item.platform());
            if (paced && last != null && Duration.between(last, now).compareTo(pace) < 0) {
                dirty.set(true);
                continue;
            }
            if (!outbox.claim(item.id(), role.aliveWithin())) {
                continue;   // another replica took it
            }
            if (outbox.superseded(item)) {
                outbox.skipped(item.id(), clock.instant(), "replaced by a later edit");   // a later edit says it all
                delivered++;
                continue;
            }
            if (deliver(item, to, now)) {
                delivered++;
                if (paced) {
                    lastSent.put(lane, clock.instant());
                }
            }
        }
        return delivered;
    }

    /**
     * For a stop: delivers until nothing of this replica's is pending, for at most {@code within}, and returns how many
     * are left (-1 when the store didn't answer). Returns on time even when a send hangs (a long Retry-After, a platform
     * that doesn't answer): the background delivery keeps sending while this waits, and what is left stays in the outbox
     * for the next leader, or this replica's next start, which first asks the platform about a send that was under way.
     */
    public int drain(Duration within) {
        long end = System.nanoTime() + within.toNanos();
        while (true) {
            ScheduledExecutorService w = worker;
            if (w == null || w.isShutdown()) {
                deliverDue();   // no background delivery: deliver here
            }
            int left;
            try {
                left = outbox.pendingHere(role.leads().getAsBoolean());
            } catch (RuntimeException e) {
                log.warn("could not count what is left in the outbox: {}", e.toString());
                return -1;
            }
            long remaining = end - System.nanoTime();
            if (left == 0 || remaining <= 0) {
                return left;
            }
            try {
                Thread.sleep(Math.min(TimeUnit.NANOSECONDS.toMillis(remaining) + 1, 100));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return left;
            }
        }
    }

    private ChatPort portOf(Outbox.Item item) {
        return item.platform() == null ? port : platforms.get(item.platform());
    }

    /** The message, with a first line saying what this channel missed when earlier items could not be delivered. */
    private Outbox.Item withUntoldFailures(Outbox.Item item) {
        if (item.op() != Outbox.Op.POST && item.op() != Outbox.Op.REPLY) {
            return item;
        }
        return outbox.untoldFailures(item.platform(), item.channel()).map(why -> {
            dev.triage.adapters.Message m = item.message();
            List<dev.triage.adapters.Message.Line> lines = new java.util.ArrayList<>();
            lines.add(new dev.triage.adapters.Message.Line(dev.triage.adapters.Tone.WARN, "missed", why
                    + "; ask again if you were waiting for an answer", null));
            lines.addAll(m.lines());
            return item.with(new dev.triage.adapters.Message(m.title(), m.tone(), lines, m.fields(), m.buttons(), m.footer(), m.image(), m.mentions()));
        }).orElse(item);
    }

    /** Slack's response_url takes five messages within 30 minutes of the command; a minute is kept in hand. */
    static final int REPLY_CHANNEL_USES = 5;
    static final Duration REPLY_CHANNEL_LIFE = Duration.ofMinutes(29);
    /** Progress edits use at most this many of the five, so the last word always has room. */
    static final int PROGRESS_USES = 3;

    /** Where an item goes: through its request's reply channel (how), as a channel message, or nowhere (a spared progress edit). */
    private record Route(dev.triage.adapters.Response how, boolean skip) {
        static final Route CHANNEL = new Route(null, false);
        static final Route SKIP = new Route(null, true);
    }

    private Route routeOf(Outbox.Item item, Outbox.Item parent, Instant now) {
        if (item.respondTo() == null || item.message().image() != null) {
            return Route.CHANNEL;   // no reply channel, or a picture, which a reply channel (Slack's response_url) can't carry
        }
        if (parent != null && !parent.deliveredId().startsWith(Outbox.RESPONDED)) {
            return Route.CHANNEL;   // the answer went to the channel (its reply channel was spent): its edits follow it
        }
        if (item.attempts() > 0) {
            return Route.CHANNEL;   // the reply channel refused it once (the port retried 429s and 5xx already)
        }
        Outbox.ReplyChannelUse use = outbox.replyChannelUse(item.respondTo());
        if (item.op() == Outbox.Op.UPDATE && item.provisional() && use.sent() >= PROGRESS_USES) {
            return Route.SKIP;
        }
        if (use.sent() >= REPLY_CHANNEL_USES || now.isAfter(use.since().plus(REPLY_CHANNEL_LIFE))) {
            return Route.CHANNEL;
        }
        return new Route(switch (item.op()) {
            case POST, REPLY -> dev.triage.adapters.Response.IN_CHANNEL;
            case EPHEMERAL -> dev.triage.adapters.Response.EPHEMERAL;
            case UPDATE -> dev.triage.adapters.Response.REPLACE_ORIGINAL;
        }, false);
    }

    private boolean deliver(Outbox.Item queued, ChatPort port, Instant now) {
        Outbox.Item item = withUntoldFailures(queued);
        boolean told = item != queued;
        try {
            MessageRef parent = null;
            Outbox.Item parentItem = null;
            if (item.parent() != null) {
                Outbox.Item p = outbox.item(item.parent()).orElseThrow();
                if (p.deliveredId() == null) {
                    if (p.status() == Outbox.Status.FAILED) {
                        outbox.retryLater(item.id(), now, "its parent " + p.id() + " was never delivered", true);
                    }
                    return false;
                }
                parentItem = p;
                parent = new MessageRef(p.channel(), p.deliveredId(), p.deliveredThread());
            }
            Route route = routeOf(item, parentItem, now);
            if (route.skip()) {
                outbox.skipped(item.id(), clock.instant(), "a progress line; the reply channel's last uses are kept for the answer");
                return true;
            }
            if (route.how() != null) {
                return respond(item, port, route.how(), told);
            }
            // The reply channel is spent, and an answer sent through it has no id to edit or reply under: say it anew.
            Outbox.Op op = parentItem != null && parentItem.deliveredId().startsWith(Outbox.RESPONDED) ? Outbox.Op.POST : item.op();
            if (op == Outbox.Op.EPHEMERAL && item.recipient() == null) {
                outbox.retryLater(item.id(), now, "its reply channel can't take it any more, and it names no one to show it to", true);
                return false;
            }
            if (item.inDoubt() && (op == Outbox.Op.POST || op == Outbox.Op.REPLY)) {
                // The process died mid-send last time: ask the platform before sending it a second time.
                var found = port.findDelivered(item.channel(), op == Outbox.Op.REPLY ? parent : null, item.id(),
                        item.sendingAt());
                if (found.isPresent()) {
                    log.info("outbox item {} had arrived before the restart; not sending it again", item.id());
                    outbox.delivered(item.id(), found.get().id(), found.get().threadId(), clock.instant());
                    return true;
                }
            }
            Delivery delivery = new Delivery(item.id(), role.alive());
            delivery.mayProceed();
            outbox.sending(item.id(), clock.instant());
            switch (op) {
                case POST -> {
                    MessageRef ref = port.post(item.channel(), item.message(), delivery);
                    outbox.delivered(item.id(), ref.id(), ref.threadId(), clock.instant());
                }
                case REPLY -> {
                    MessageRef ref = port.reply(parent, item.message(), delivery);
                    outbox.delivered(item.id(), ref.id(), ref.threadId(), clock.instant());
                }
                case UPDATE -> {
                    port.update(parent, item.message(), delivery);
                    outbox.delivered(item.id(), parent.id(), parent.threadId(), clock.instant());
                }
                case EPHEMERAL -> {
                    port.ephemeral(item.channel(), item.recipient(), item.message());
                    outbox.delivered(item.id(), "ephemeral", null, clock.instant());
                }
            }
            if (told) {
                outbox.failuresTold(item.platform(), item.channel());
            }
            return true;
        } catch (DeliveryWithdrawnException e) {
            log.warn("outbox item {} not sent: this replica no longer counts as alive, so another one sends it", item.id());
            return false;
        } catch (dev.triage.bot.store.StoreUnavailableException e) {
            // The store went away mid-delivery: the item stays claimed and, if it was being sent, in doubt.
            log.warn("outbox item {}: the store can't be reached ({}); delivery resumes when it is back", item.id(), e.getMessage());
            return false;
        } catch (RuntimeException e) {
            failed(item, now, e);
            return false;
        }
    }

    private void failed(Outbox.Item item, Instant now, RuntimeException e) {
        int attempts = item.attempts() + 1;
        boolean giveUp = attempts >= MAX_ATTEMPTS;
        Duration backoff = Duration.ofSeconds(Math.min(300, 1L << Math.min(attempts, 8)));
        String why = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        log.warn("outbox item {} ({} to {}) failed, attempt {}{}: {}", item.id(), item.op(), item.channel(), attempts,
                giveUp ? ", giving up" : ", retrying in " + backoff.toSeconds() + " s", why);
        outbox.retryLater(item.id(), now.plus(backoff), why, giveUp);
        if (item.tellTo() != null && (attempts == 1 || giveUp)) {
            // The person who asked for it hears at once, wherever they asked, not only when the channel next gets a message.
            String title = item.message().title() == null || item.message().title().isBlank() ? "a message" : "\u201c"
                    + item.message().title() + "\u201d";
            outbox.ephemeral(item.platform(), item.channel(), null, dev.triage.adapters.Message.of(dev.triage.adapters.Tone.WARN,
                    "Triage couldn't post " + title + " in this channel: " + why + (giveUp
                            ? ". It has stopped trying; nothing was changed. Ask again in a channel Triage is in."
                            : ". It keeps trying for a few minutes; inviting Triage to the channel lets it through.")), item.tellTo());
        }
    }

    /** Sends an item through its request's reply channel, which gives the message no id: it is recorded as answered there. */
    private boolean respond(Outbox.Item item, ChatPort port, dev.triage.adapters.Response how, boolean told) {
        Delivery delivery = new Delivery(item.id(), role.alive());
        delivery.mayProceed();
        if (item.inDoubt() && item.op() == Outbox.Op.POST) {
            var found = port.findDelivered(item.channel(), null, item.id(), item.sendingAt());
            if (found.isPresent()) {
                log.info("outbox item {} had been answered before the restart; not sending it again", item.id());
                outbox.delivered(item.id(), Outbox.RESPONDED + item.id(), null, clock.instant());
                return true;
            }
        }
        outbox.sending(item.id(), clock.instant());
        port.respond(item.respondTo(), item.channel(), item.message(), how, delivery);
        outbox.delivered(item.id(), Outbox.RESPONDED + item.id(), null, clock.instant());
        if (told) {
            outbox.failuresTold(item.platform(), item.channel());
        }
        return true;
    }

    private void deliverQuietly() {
        try {
            deliverDue();
            storeWasDown = false;
        } catch (dev.triage.bot.store.StoreUnavailableException e) {
            if (!storeWasDown) {
                log.warn("outbox delivery waits for the store: {}", e.getMessage());
                storeWasDown = true;
            }
        } catch (RuntimeException e) {
            log.error("outbox delivery round failed", e);
        }
    }

    private volatile boolean storeWasDown;

    @Override
    public void close() {
        if (worker != null) {
            worker.shutdownNow();
        }
    }
}
