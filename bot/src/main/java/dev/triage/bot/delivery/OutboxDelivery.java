package dev.triage.bot.delivery;

import dev.triage.adapters.ChatPort;
import dev.triage.adapters.MessageRef;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox through a chat port: oldest first, in order within each thread (a thread whose
 * item failed waits for it), at most about one message per second per channel, retried with backoff
 * on failure (the port's own 429/5xx handling comes first). An item is marked delivered the moment the
 * port returns. It is marked as being sent just before, with its id given to the platform as a delivery
 * key: after a crash in between, delivery first asks the platform whether the message arrived, so a
 * restart sends again only what never got there.
 */
public final class OutboxDelivery implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OutboxDelivery.class);
    static final int MAX_ATTEMPTS = 8;

    private final Outbox outbox;
    private final ChatPort port;
    private final InstantSource clock;
    private final Duration perChannel;
    private final Map<String, Instant> lastSent = new HashMap<>();
    private final Object lock = new Object();
    private final AtomicBoolean dirty = new AtomicBoolean(true);
    private ScheduledExecutorService worker;

    /** @param perChannel the least time between two messages to one channel (Slack: ~1 s) */
    public OutboxDelivery(Outbox outbox, ChatPort port, InstantSource clock, Duration perChannel) {
        this.outbox = outbox;
        this.port = port;
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
            Set<String> blocked = new HashSet<>();
            List<Outbox.Item> due = outbox.pending(500);
            dirty.set(false);
            for (Outbox.Item item : due) {
                String thread = threadKey(item);
                Instant now = clock.instant();
                if (blocked.contains(thread) || item.nextAttemptAt().isAfter(now)) {
                    blocked.add(thread);
                    continue;
                }
                Instant last = lastSent.get(item.channel());
                if (last != null && Duration.between(last, now).compareTo(perChannel) < 0) {
                    blocked.add(thread);
                    dirty.set(true);
                    continue;
                }
                if (deliver(item, now)) {
                    delivered++;
                    lastSent.put(item.channel(), clock.instant());
                } else {
                    blocked.add(thread);
                }
            }
            return delivered;
        }
    }

    /** Delivers until nothing due is left (for a clean stop and for tests); bounded by {@code within}. */
    public void drain(Duration within) {
        Instant end = Instant.now().plus(within);
        while (Instant.now().isBefore(end)) {
            deliverDue();
            if (outbox.pending(1).isEmpty()) {
                return;
            }
            try {
                Thread.sleep(Math.min(perChannel.toMillis() + 10, 200));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private boolean deliver(Outbox.Item item, Instant now) {
        try {
            MessageRef parent = null;
            if (item.parent() != null) {
                Outbox.Item p = outbox.item(item.parent()).orElseThrow();
                if (p.deliveredId() == null) {
                    if (p.status() == Outbox.Status.FAILED) {
                        outbox.retryLater(item.id(), now, "its parent " + p.id() + " was never delivered", true);
                    }
                    return false;
                }
                parent = new MessageRef(p.channel(), p.deliveredId(), p.deliveredThread());
            }
            if (item.inDoubt() && item.op() != Outbox.Op.UPDATE) {
                // The process died mid-send last time: ask the platform before sending it a second time.
                var found = port.findDelivered(item.channel(), item.op() == Outbox.Op.REPLY ? parent : null, item.id(),
                        item.sendingAt());
                if (found.isPresent()) {
                    log.info("outbox item {} had arrived before the restart; not sending it again", item.id());
                    outbox.delivered(item.id(), found.get().id(), found.get().threadId(), clock.instant());
                    return true;
                }
            }
            outbox.sending(item.id(), clock.instant());
            switch (item.op()) {
                case POST -> {
                    MessageRef ref = port.post(item.channel(), item.message(), item.id());
                    outbox.delivered(item.id(), ref.id(), ref.threadId(), clock.instant());
                }
                case REPLY -> {
                    MessageRef ref = port.reply(parent, item.message(), item.id());
                    outbox.delivered(item.id(), ref.id(), ref.threadId(), clock.instant());
                }
                case UPDATE -> {
                    port.update(parent, item.message());
                    outbox.delivered(item.id(), parent.id(), parent.threadId(), clock.instant());
                }
            }
            return true;
        } catch (RuntimeException e) {
            int attempts = item.attempts() + 1;
            boolean giveUp = attempts >= MAX_ATTEMPTS;
            Duration backoff = Duration.ofSeconds(Math.min(300, 1L << Math.min(attempts, 8)));
            log.warn("outbox item {} ({} to {}) failed, attempt {}{}: {}", item.id(), item.op(), item.channel(), attempts,
                    giveUp ? ", giving up" : ", retrying in " + backoff.toSeconds() + " s", e.toString());
            outbox.retryLater(item.id(), now.plus(backoff), e.toString(), giveUp);
            return false;
        }
    }

    private static String threadKey(Outbox.Item item) {
        // Replies and edits belong to their parent's thread; posts start one. Order holds within a key.
        return item.parent() == null ? item.id() : item.parent();
    }

    private void deliverQuietly() {
        try {
            deliverDue();
        } catch (RuntimeException e) {
            log.warn("outbox delivery round failed", e);
        }
    }

    @Override
    public void close() {
        if (worker != null) {
            worker.shutdownNow();
        }
    }
}
