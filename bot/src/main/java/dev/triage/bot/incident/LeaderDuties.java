package dev.triage.bot.incident;

import dev.triage.bot.ha.LeaderLease;
import dev.triage.bot.ha.Term;
import dev.triage.bot.probe.ProbeListener;
import dev.triage.bot.probe.ProbeSettings;
import dev.triage.bot.probe.Prober;
import dev.triage.bot.probe.Silence;
import dev.triage.bot.probe.TargetHealth;
import dev.triage.bot.store.StoreException;
import dev.triage.bot.store.StoreUnavailableException;
import dev.triage.config.Target;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background work only the leader does, started at each term of leadership and stopped the moment it
 * ends: probing every target (from where the last leader left off: the open incidents, the streaks and the
 * silences in the store), recording what the probes say in order ({@link EventPump}), keeping the prober's
 * silences in step with the store's (set on any replica), posting the diagnoses a dead leader never posted,
 * and whatever else must have one holder (the Discord gateway, as a {@link Duty}).
 */
public final class LeaderDuties implements LeaderLease.Listener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LeaderDuties.class);
    static final Duration SYNC_EVERY = Duration.ofSeconds(1);

    /** Something that runs only while this replica leads. */
    public interface Duty {
        void start(Term term) throws Exception;

        void stop(Term term);
    }

    /** The targets to probe and how. */
    public record Probed(Target target, ProbeSettings settings) {
    }

    private final IncidentManager incidents;
    private final IncidentStore store;
    private final List<Probed> targets;
    private final Function<ProbeListener, Prober> newProber;
    private final InstantSource clock;
    private final List<Duty> duties = new CopyOnWriteArrayList<>();
    private volatile Running running;

    /** One term's running parts. */
    private record Running(Term term, Prober prober, EventPump events, ScheduledExecutorService timer) {
    }

    /**
     * @param newProber builds a prober (not started) that reports to the given listener
     */
    public LeaderDuties(IncidentManager incidents, List<Probed> targets, Function<ProbeListener, Prober> newProber,
                        InstantSource clock) {
        this.incidents = incidents;
        this.store = incidents.store();
        this.targets = List.copyOf(targets);
        this.newProber = newProber;
        this.clock = clock;
    }

    public void add(Duty duty) {
        duties.add(duty);
    }

    /** The prober of the current term, while this replica leads. */
    public Optional<Prober> prober() {
        Running r = running;
        return r != null && r.term().current() ? Optional.of(r.prober()) : Optional.empty();
    }

    @Override
    public void elected(Term term) {
        while (term.current()) {
            try {
                begin(term);
                return;
            } catch (StoreUnavailableException e) {
                log.warn("taking up the lead waits for the store: {}", e.getMessage());
                sleep(Duration.ofSeconds(1));
            } catch (StoreException e) {
                log.error("could not take up the lead", e);
                return;
            }
        }
    }

    private void begin(Term term) {
        Map<String, TargetHealth.Streak> streaks = store.streaks();
        Map<String, Incident> open = new java.util.HashMap<>();
        store.allOpen().forEach(i -> open.put(i.target(), i));
        Map<String, IncidentStore.StoredSilence> silences = store.silences(clock.instant());
        EventPump events = new EventPump(incidents, store, term, clock);
        Prober prober = newProber.apply(events);
        for (Probed p : targets) {
            String name = p.target().name();
            Incident incident = open.get(name);
            TargetHealth health;
            if (incident != null) {
                health = TargetHealth.resumingDown(name, p.settings(), incident.downSince(),
                        incident.lastReminder() != null ? incident.lastReminder() : incident.openedAt());
            } else if (streaks.containsKey(name)) {
                health = TargetHealth.resuming(name, p.settings(), streaks.get(name));
            } else {
                health = new TargetHealth(name, p.settings());
            }
            prober.add(p.target(), p.settings(), health);
            IncidentStore.StoredSilence s = silences.get(name);
            if (s != null) {
                prober.silence(name, s.until(), s.reason());
            }
        }
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "triage-leader-" + term.epoch());
            t.setDaemon(true);
            return t;
        });
        Running r = new Running(term, prober, events, timer);
        if (!term.current()) {
            prober.close();
            events.close();
            timer.shutdownNow();
            return;
        }
        running = r;
        incidents.probedBy(prober);
        prober.start();
        timer.scheduleWithFixedDelay(() -> everySecond(r), SYNC_EVERY.toMillis(), SYNC_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        log.info("leading (epoch {}): probing {} targets, {} open incidents", term.epoch(), targets.size(), open.size());
        try {
            incidents.diagnoseMissing(term);
        } catch (StoreException e) {
            log.warn("could not look for missing diagnoses: {}", e.getMessage());
        }
        for (Duty d : duties) {
            try {
                d.start(term);
            } catch (Exception e) {
                log.error("a leader duty could not start", e);
            }
        }
    }

    private void everySecond(Running r) {
        if (!r.term().current()) {
            return;
        }
        r.events().flushStreaks();
        try {
            syncSilences(r.prober());
        } catch (StoreUnavailableException e) {
            // the lease round notices too; nothing to add
        } catch (RuntimeException e) {
            log.error("could not bring the silences in step with the store", e);
        }
    }

    /** Silences set or lifted on any replica reach this leader's prober within a second. */
    private void syncSilences(Prober prober) {
        Instant now = clock.instant();
        Map<String, IncidentStore.StoredSilence> inStore = store.silences(now);
        for (Probed p : targets) {
            String name = p.target().name();
            IncidentStore.StoredSilence wanted = inStore.get(name);
            Optional<Silence> held = prober.silenceOf(name);
            if (wanted != null && (held.isEmpty() || !held.get().until().equals(wanted.until()))) {
                prober.silence(name, wanted.until(), wanted.reason());
            } else if (wanted == null && held.isPresent()) {
                prober.unsilence(name);
            }
        }
    }

    @Override
    public void deposed(Term term, String why) {
        Running r = running;
        if (r == null || r.term() != term) {
            return;
        }
        running = null;
        incidents.probedBy(null);
        r.prober().close();
        r.events().close();
        r.timer().shutdownNow();
        for (Duty d : duties) {
            try {
                d.stop(term);
            } catch (RuntimeException e) {
                log.error("a leader duty did not stop cleanly", e);
            }
        }
        log.info("stopped leading (epoch {}): {}", term.epoch(), why);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        Running r = running;
        if (r != null) {
            deposed(r.term(), "stopping");
        }
    }
}
