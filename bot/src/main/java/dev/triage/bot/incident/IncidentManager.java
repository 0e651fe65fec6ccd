package dev.triage.bot.incident;

import dev.triage.adapters.Message;
import dev.triage.adapters.Requester;
import dev.triage.adapters.Tone;
import dev.triage.bot.approval.Approvals;
import dev.triage.bot.delivery.Outbox;
import dev.triage.bot.diagnose.DiagnoseService;
import dev.triage.bot.diagnose.Diagnosis;
import dev.triage.bot.diagnose.DiagnosisRenderer;
import dev.triage.bot.probe.Outage;
import dev.triage.bot.probe.ProbeEvent;
import dev.triage.bot.probe.ProbeListener;
import dev.triage.bot.probe.ProbeStats;
import dev.triage.bot.probe.Prober;
import dev.triage.bot.probe.TargetProbeStats;
import dev.triage.bot.probe.UptimeCalculator;
import dev.triage.bot.probe.UptimeReport;
import dev.triage.bot.store.Approval;
import dev.triage.bot.text.Times;
import dev.triage.checks.action.ActionOutcome;
import dev.triage.checks.action.ActionPlan;
import dev.triage.config.Target;
import dev.triage.config.TriageConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.function.BiPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns probe transitions into incidents and tells the incident channel, one thread per incident:
 * DOWN opens it (root message, then the automatic diagnosis in its thread), everything about the target
 * while it is open goes into that thread as timeline events (probe changes, commands, approvals, action
 * steps, notes, acknowledgements), the root is edited as the state changes, UP resolves it with the
 * outage's length. All of it is stored first and sent through the outbox, so a restart continues in the
 * same threads and sends nothing twice.
 */
public final class IncidentManager implements ProbeListener, Approvals.ActionObserver {
    private static final Logger log = LoggerFactory.getLogger(IncidentManager.class);
    /** More targets than this going down within {@link #STORM_WINDOW} share one message per channel. */
    static final int STORM_THRESHOLD = 3;
    static final Duration STORM_WINDOW = Duration.ofMinutes(2);
    /** How long Triage silences a target while its own action runs, at most. */
    static final Duration ACTION_SILENCE = Duration.ofMinutes(5);

    private final TriageConfig config;
    private final IncidentStore store;
    private final Outbox outbox;
    private final IncidentRenderer renderer = new IncidentRenderer();
    private final DiagnoseService diagnose;
    private final BiPredicate<Target, String> fixAvailable;
    private final ExecutorService workers;
    private final InstantSource clock;
    private final UptimeCalculator uptime = new UptimeCalculator();
    private final Map<String, Storm> storms = new ConcurrentHashMap<>();
    private final Map<String, String> fixes = new ConcurrentHashMap<>();
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    private volatile ProbeStats latest;
    private volatile Prober prober;

    /** A storm in one channel: the group message and the incidents in it. */
    private record Storm(String groupItem, Instant started, List<String> incidentIds) {
    }

    public IncidentManager(TriageConfig config, IncidentStore store, Outbox outbox, DiagnoseService diagnose,
                           BiPredicate<Target, String> fixAvailable, ExecutorService workers, InstantSource clock) {
        this.config = config;
        this.store = store;
        this.outbox = outbox;
        this.diagnose = diagnose;
        this.fixAvailable = fixAvailable;
        this.workers = workers;
        this.clock = clock;
    }

    /** The prober whose silences this manager sets (for its own actions and {@code /backend silence}). */
    public void attach(Prober prober) {
        this.prober = prober;
    }

    public IncidentStore store() {
        return store;
    }

    /** The prober's live figures when one is attached, else the last periodic snapshot. */
    public Optional<ProbeStats> latestStats() {
        Prober p = prober;
        return p != null ? Optional.of(p.stats()) : Optional.ofNullable(latest);
    }

    // ---- probe events ------------------------------------------------------------------------

    @Override
    public void onEvent(ProbeEvent event) {
        try {
            switch (event) {
                case ProbeEvent.WentDown down when down.pages() -> wentDown(down);
                case ProbeEvent.WentDown silenced -> log.info("{} is down under a silence; nobody paged", silenced.target());
                case ProbeEvent.Reminder reminder -> reminder(reminder);
                case ProbeEvent.WentUp up -> wentUp(up);
                case ProbeEvent.ProberStarved starved -> toIncidentChannel(Message.builder("Triage's prober is starved: "
                                + starved.reason()).tone(Tone.WARN)
                        .field("Scheduling lag", "p50 " + Times.millis(starved.lag().p50()) + ", p99 " + Times.millis(starved.lag().p99())
                                + ", max " + Times.millis(starved.lag().max()))
                        .field("What it means", "probes run late, so failures now say nothing about the targets: none is marked down"
                                + " for them. Give the bot more CPU, raise intervals, or lower the number of targets.")
                        .build());
                case ProbeEvent.ProberRecovered ok -> toIncidentChannel(Message.of(Tone.OK, "Triage's prober keeps up again after "
                        + Times.length(ok.starvedFor()) + "."));
            }
        } catch (RuntimeException e) {
            log.error("could not handle {}", event, e);
        }
    }

    @Override
    public void onStats(ProbeStats stats) {
        latest = stats;
        for (TargetProbeStats t : stats.targets()) {
            store.saveAggregate(t.target(), stats.at(), t.state().name(), t.probes(), t.failures(),
                    t.latencyP50() == null ? null : t.latencyP50().toMillis(), t.latencyP95() == null ? null : t.latencyP95().toMillis());
        }
    }

    private void wentDown(ProbeEvent.WentDown down) {
        Target target = config.target(down.target()).orElse(null);
        if (target == null) {
            return;
        }
        String evidence = down.firstFailure().headline();
        String channel = target.incidentChannel() != null ? target.incidentChannel() : config.channels().incidents();
        IncidentStore.Opened opened = store.open(target.name(), channel, down.since(), down.at(), evidence);
        Incident incident = opened.incident();
        failures.put(incident.id(), down.failures());
        String text = down.firstFailure().failingCheck() + " FAIL ×" + down.failures() + " → DOWN"
                + (down.afterSilence() ? " (still down after a silence ended)" : "") + " · " + down.firstFailure().summary();
        if (!opened.created()) {
            timeline(incident, "probe", null, text);
            return;
        }
        String root = placeRoot(incident, channel, down.at());
        store.setRoot(incident.id(), root);
        incident = store.byId(incident.id()).orElseThrow();
        timeline(incident, "probe", null, text);
        Incident forDiagnosis = incident;
        workers.execute(() -> diagnoseInThread(target, forDiagnosis));
    }

    /** Posts the root message, or joins the channel's storm message when many targets fall at once. */
    private String placeRoot(Incident incident, String channel, Instant now) {
        List<Incident> recent = store.recent(now.minus(STORM_WINDOW), 50).stream()
                .filter(i -> i.channel().equals(channel) && !i.openedAt().isBefore(now.minus(STORM_WINDOW))).toList();
        if (recent.size() < STORM_THRESHOLD) {
            return outbox.post(channel, renderer.root(incident, failures.getOrDefault(incident.id(), 0), null, now));
        }
        Storm storm = storms.compute(channel, (ch, s) -> {
            if (s == null || s.started().isBefore(now.minus(STORM_WINDOW))) {
                List<String> ids = new ArrayList<>(recent.stream().map(Incident::id).toList());
                return new Storm(null, now, ids);
            }
            List<String> ids = new ArrayList<>(s.incidentIds());
            ids.add(incident.id());
            return new Storm(s.groupItem(), s.started(), ids);
        });
        List<Incident> members = storm.incidentIds().stream().map(store::byId).flatMap(Optional::stream).toList();
        if (storm.groupItem() == null) {
            String item = outbox.post(channel, renderer.group(members, now));
            storms.put(channel, new Storm(item, storm.started(), storm.incidentIds()));
            return item;
        }
        outbox.update(storm.groupItem(), renderer.group(members, now));
        return storm.groupItem();
    }

    private void diagnoseInThread(Target target, Incident incident) {
        try {
            Diagnosis d = diagnose.diagnose(target, r -> { });
            String fix = d.verdict().fix() == null ? null : d.verdict().fix().actionId();
            if (fix != null && fixAvailable.test(target, fix)) {
                fixes.put(incident.id(), fix);
            }
            store.setCause(incident.id(), d.verdict().healthy() ? null : d.verdict().cause());
            Incident now = store.byId(incident.id()).orElseThrow();
            Message verdict = new DiagnosisRenderer().verdict(d, id -> fixAvailable.test(target, id));
            outbox.reply(now.rootItem(), withAck(verdict, now));
            store.addEvent(incident.id(), clock.instant(), "diagnosis", null, "likely cause: " + d.verdict().cause());
            refreshRoot(now);
        } catch (RuntimeException e) {
            log.error("automatic diagnosis of {} failed", target.name(), e);
            timeline(incident, "diagnosis", null, "could not run (" + e.getClass().getSimpleName() + "); try /backend diagnose "
                    + target.name());
        }
    }

    private static Message withAck(Message m, Incident i) {
        List<Message.Button> buttons = new ArrayList<>();
        if (i.state() == Incident.State.OPEN) {
            buttons.add(new Message.Button("ack:" + i.id(), "Acknowledge", Message.Button.Style.PRIMARY));
        }
        buttons.addAll(m.buttons());
        return new Message(m.title(), m.tone(), m.lines(), m.fields(), buttons, m.footer());
    }

    private void reminder(ProbeEvent.Reminder r) {
        store.openFor(r.target()).ifPresent(i -> {
            store.reminded(i.id(), r.at());
            timeline(i, "reminder", null, "still DOWN after " + Times.length(r.downFor()) + " (" + r.failures() + " failed probes) · "
                    + r.lastFailure().headline());
            refreshRoot(i);
        });
    }

    private void wentUp(ProbeEvent.WentUp up) {
        Optional<Incident> open = store.openFor(up.target());
        if (open.isEmpty()) {
            return;
        }
        Incident i = open.get();
        if (!store.resolve(i.id(), up.upSince())) {
            return;
        }
        Incident resolved = store.byId(i.id()).orElseThrow();
        Instant now = clock.instant();
        String fixedBy = resolved.recoveredBy();
        timeline(resolved, "probe", null, "health OK ×" + up.successes() + " → UP");
        timeline(resolved, "resolved", null, "down for " + Times.length(resolved.length(now))
                + (fixedBy == null ? "; recovered without an action" : "; recovered by " + fixedBy));
        outbox.reply(resolved.rootItem(), renderer.resolution(resolved, resolved.cause(), fixedBy, month(resolved.target(), now), now));
        refreshRoot(resolved);
        fixes.remove(i.id());
        failures.remove(i.id());
    }

    // ---- people and actions ------------------------------------------------------------------

    /** A command someone ran about a target with an open incident goes into its timeline. */
    public void commandRan(Requester who, String target, String what, String result) {
        if (target == null || what.startsWith("button approve") || what.startsWith("button deny")) {
            return;
        }
        store.openFor(target).ifPresent(i -> timeline(i, "command", who.displayName(), what
                + (result.equals("ok") ? "" : " → " + result)));
    }

    /** {@code /backend note TARGET text}; false when the target has no open incident. */
    public boolean note(Requester who, String target, String text) {
        Optional<Incident> open = store.openFor(target);
        open.ifPresent(i -> timeline(i, "note", who.displayName(), text));
        return open.isPresent();
    }

    /** The Acknowledge button or {@code /backend ack}; returns the incident, empty when none is open. */
    public Optional<Incident> acknowledge(Requester who, String incidentIdOrTarget) {
        Optional<Incident> i = store.byId(incidentIdOrTarget).filter(Incident::open).or(() -> store.openFor(incidentIdOrTarget));
        i.ifPresent(incident -> {
            store.acknowledge(incident.id(), who.displayName(), clock.instant());
            Incident now = store.byId(incident.id()).orElseThrow();
            timeline(now, "ack", who.displayName(), "acknowledged");
            refreshRoot(now);
        });
        return i;
    }

    @Override
    public void requested(Approval a) {
        store.openFor(a.target()).ifPresent(i -> timeline(i, "request", a.requestedByName(), "asked for " + a.actionId()));
    }

    @Override
    public void decided(Approval a) {
        store.openFor(a.target()).ifPresent(i -> timeline(i, "approval", a.decidedByName(),
                a.status() == Approval.Status.APPROVED ? "approved " + a.actionId() : "denied " + a.actionId()));
    }

    @Override
    public void started(Approval a, ActionPlan plan) {
        Prober p = prober;
        if (p != null) {
            // Triage's own restart must not page: silence the target while the action runs.
            p.silence(a.target(), clock.instant().plus(ACTION_SILENCE), a.actionId() + " running (approved by @" + a.decidedByName() + ")");
        }
        store.openFor(a.target()).ifPresent(i -> {
            store.setState(i.id(), Incident.State.MITIGATING);
            Incident now = store.byId(i.id()).orElseThrow();
            timeline(now, "action", null, a.actionId() + " running: " + plan.command());
            refreshRoot(now);
        });
    }

    @Override
    public void finished(Approval a, ActionOutcome outcome) {
        Prober p = prober;
        if (p != null) {
            p.unsilence(a.target());
        }
        store.openFor(a.target()).ifPresent(i -> {
            if (outcome.succeeded()) {
                store.markHumanAction(i.id(), a.actionId() + " (requested by @" + a.requestedByName() + ", approved by @"
                        + a.decidedByName() + ")");
            }
            store.setState(i.id(), i.acknowledgedBy() == null ? Incident.State.OPEN : Incident.State.ACKNOWLEDGED);
            Incident now = store.byId(i.id()).orElseThrow();
            timeline(now, "action", null, a.actionId() + " " + outcome.result() + ": " + outcome.summary());
            refreshRoot(now);
        });
    }

    // ---- silences ----------------------------------------------------------------------------

    public void silence(Requester who, String target, Duration length, String reason) {
        Instant until = clock.instant().plus(length);
        store.saveSilence(target, until, reason, who.displayName(), clock.instant());
        Prober p = prober;
        if (p != null) {
            p.silence(target, until, reason);
        }
        store.openFor(target).ifPresent(i -> timeline(i, "silence", who.displayName(), "silenced for " + Times.length(length)
                + (reason == null ? "" : ": " + reason)));
    }

    public void unsilence(Requester who, String target) {
        store.deleteSilence(target);
        Prober p = prober;
        if (p != null) {
            p.unsilence(target);
        }
        store.openFor(target).ifPresent(i -> timeline(i, "silence", who.displayName(), "silence lifted"));
    }

    // ---- uptime ------------------------------------------------------------------------------

    public UptimeReport uptime(String target, Duration window) {
        Instant now = clock.instant();
        Instant from = now.minus(window);
        List<Outage> outages = store.overlapping(target, from).stream()
                .map(i -> i.resolvedAt() == null ? Outage.open(i.downSince()) : new Outage(i.downSince(), i.resolvedAt(), i.humanAction()))
                .toList();
        return uptime.calculate(outages, from, now);
    }

    private UptimeReport month(String target, Instant now) {
        return uptime(target, Duration.ofDays(30));
    }

    // ---- helpers -----------------------------------------------------------------------------

    private void timeline(Incident i, String kind, String actor, String text) {
        IncidentStore.Event e = store.addEvent(i.id(), clock.instant(), kind, actor, text);
        if (i.rootItem() != null) {
            boolean grouped = storms.values().stream().anyMatch(s -> s.groupItem() != null && s.groupItem().equals(i.rootItem()));
            outbox.reply(i.rootItem(), renderer.event(i.target(), grouped, e));
        }
    }

    private void refreshRoot(Incident i) {
        if (i.rootItem() == null) {
            return;
        }
        Instant now = clock.instant();
        for (Storm s : storms.values()) {
            if (i.rootItem().equals(s.groupItem())) {
                List<Incident> members = s.incidentIds().stream().map(store::byId).flatMap(Optional::stream).toList();
                outbox.update(s.groupItem(), renderer.group(members, now));
                return;
            }
        }
        outbox.update(i.rootItem(), renderer.root(i, failures.getOrDefault(i.id(), 0), fixes.get(i.id()), now));
    }

    private void toIncidentChannel(Message m) {
        outbox.post(config.channels().incidents(), m);
    }
}
