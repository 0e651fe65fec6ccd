package dev.triage.bot.incident;

import dev.triage.bot.ha.Term;
import dev.triage.bot.probe.ProbeEvent;
import dev.triage.bot.probe.ProbeListener;
import dev.triage.bot.probe.ProbeStats;
import dev.triage.bot.probe.TargetHealth;
import dev.triage.bot.store.FencedException;
import dev.triage.bot.store.StoreUnavailableException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's probe events, recorded in the order they happened: one thread takes them from a queue and
 * hands each to the {@link IncidentManager} under the term's fence. When the store can't be reached the same
 * event is tried again — with a growing pause, the events behind it waiting — until the store answers or the
 * term ends; an event is never dropped after one failure. Streaks are kept per target, newest only, and
 * written together every second.
 */
final class EventPump implements ProbeListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EventPump.class);
    private static final Duration FIRST_PAUSE = Duration.ofMillis(250);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(5);

    private final IncidentManager incidents;
    private final IncidentStore store;
    private final Term term;
    private final InstantSource clock;
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final Map<String, TargetHealth.Streak> streaks = new HashMap<>();
    private final Thread worker;
    private volatile boolean closed;

    EventPump(IncidentManager incidents, IncidentStore store, Term term, InstantSource clock) {
        this.incidents = incidents;
        this.store = store;
        this.term = term;
        this.clock = clock;
        this.worker = new Thread(this::run, "triage-events-" + term.epoch());
        worker.setDaemon(true);
        worker.start();
    }

    @Override
    public void onEvent(ProbeEvent event) {
        if (!closed) {
            queue.add(event);
        }
    }

    @Override
    public void onStats(ProbeStats stats) {
        if (!closed) {
            queue.add(stats);
        }
    }

    @Override
    public void onStreak(String target, TargetHealth.Streak streak) {
        synchronized (streaks) {
            streaks.put(target, streak);
        }
    }

    /** Writes the streaks that changed since the last flush; those that could not be written wait for the next. */
    void flushStreaks() {
        Map<String, TargetHealth.Streak> batch;
        synchronized (streaks) {
            if (streaks.isEmpty()) {
                return;
            }
            batch = new HashMap<>(streaks);
            streaks.clear();
        }
        try {
            store.db().transaction(term, c -> {
                store.saveStreaks(batch, term.epoch(), clock.instant());
                return null;
            });
        } catch (FencedException e) {
            // this term is over; the next leader reads what was written before
        } catch (RuntimeException e) {
            synchronized (streaks) {
                batch.forEach(streaks::putIfAbsent);
            }
            if (!(e instanceof StoreUnavailableException)) {
                log.error("could not write the probe streaks", e);
            }
        }
    }

    private void run() {
        while (!closed) {
            Object next;
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (next != STOP) {
                handle(next);
            }
        }
    }

    private void handle(Object next) {
        Duration pause = FIRST_PAUSE;
        while (!closed) {
            if (!term.current()) {
                log.info("dropping {}: this replica no longer leads; the new leader probes on", describe(next));
                return;
            }
            try {
                if (next instanceof ProbeEvent e) {
                    incidents.handle(e, term);
                } else if (next instanceof ProbeStats s) {
                    incidents.onStats(s, term);
                }
                return;
            } catch (FencedException e) {
                log.info("dropping {}: {}", describe(next), e.getMessage());
                return;
            } catch (StoreUnavailableException e) {
                log.warn("{} waits for the store ({}); trying again in {} ms", describe(next), e.getMessage(), pause.toMillis());
                try {
                    Thread.sleep(pause.toMillis());
                } catch (InterruptedException ie) {
                    return;
                }
                pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
            } catch (RuntimeException e) {
                log.error("could not handle {}", describe(next), e);
                return;
            }
        }
    }

    private static String describe(Object o) {
        if (o instanceof ProbeEvent.TargetEvent t) {
            return o.getClass().getSimpleName() + " of " + t.target();
        }
        return o instanceof ProbeStats ? "the probe aggregates" : o.getClass().getSimpleName();
    }

    /** Stops taking events; the one being recorded finishes (its write is fenced if the term is over). */
    @Override
    public void close() {
        closed = true;
        queue.clear();
        queue.add(STOP);
    }

    private static final Object STOP = new Object();
}
