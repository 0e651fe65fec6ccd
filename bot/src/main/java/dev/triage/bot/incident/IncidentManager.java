package dev.triage.bot.incident;

import dev.triage.adapters.Message;
import dev.triage.adapters.Requester;
import dev.triage.adapters.Tone;
import dev.triage.bot.approval.Approvals;
import dev.triage.bot.delivery.Outbox;
import dev.triage.bot.diagnose.DiagnoseService;
import dev.triage.bot.diagnose.Diagnosis;
import dev.triage.bot.diagnose.DiagnosisRenderer;
import dev.triage.bot.chart.UptimeChart;
import dev.triage.bot.chart.UptimeChartData;
import dev.triage.bot.probe.Outage;
import dev.triage.bot.probe.ProbePeriod;
import dev.triage.bot.probe.UptimeGoals;
import dev.triage.bot.probe.ProbeEvent;
import dev.triage.bot.probe.ProbeListener;
import dev.triage.bot.probe.ProbeStats;
import dev.triage.bot.probe.Prober;
import dev.triage.bot.probe.TargetProbeStats;
import dev.triage.bot.probe.UptimeCalculator;
import dev.triage.bot.probe.UptimeReport;
import dev.triage.bot.store.Approval;
import dev.triage.bot.store.Database;
import dev.triage.bot.store.Fence;
import dev.triage.bot.store.FencedException;
import dev.triage.bot.store.StoreUnavailableException;
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
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns probe transitions into incidents and tells the incident channel, one thread per incident:
 * DOWN opens it (root message, then the automatic diagnosis in its thread), everything about the target
 * while it is open goes into that thread as timeline events (probe changes, commands, approvals, action
 * steps, notes, acknowledgements), the root is edited as the state changes, UP resolves it with the
 * outage's length.
 *
 * <p>Everything one event causes is written in one transaction — the incident, its timeline lines and the
 * outbox items that carry them — so a retry after a failure does it all or nothing, and a restart or a new
 * leader continues in the same threads and sends nothing twice. Probe events come only from the leader and
 * are written under its {@link Fence}; what people do (commands, clicks, notes) is written by whichever
 * replica received it. Nothing that decides what is posted lives only in memory: silences, storm groups,
 * reminder times, the root's fix button and whether the diagnosis was posted are all in the store.
 */
public final class IncidentManager implements ProbeListener, Approvals.ActionObserver {
    private static final Logger log = LoggerFactory.getLogger(IncidentManager.class);
    /** More targets than this going down within {@link #STORM_WINDOW} share one message per channel. */
    static final int STORM_THRESHOLD = 3;
    static final Duration STORM_WINDOW = Duration.ofMinutes(2);
    /** How long Triage silences a target while its own action runs, at most. */
    static final Duration ACTION_SILENCE = Duration.ofMinutes(5);
    private static final Duration STORE_RETRY = Duration.ofSeconds(1);

    private final TriageConfig config;
    private final Database db;
    private final IncidentStore store;
    private final Outbox outbox;
    private final IncidentRenderer renderer = new IncidentRenderer();
    private final DiagnoseService diagnose;
    private final BiPredicate<Target, String> fixAvailable;
    private final ExecutorService workers;
    private final InstantSource clock;
    private final UptimeCalculator uptime = new UptimeCalculator();
    private final UptimeChart charts = new UptimeChart();
    private volatile ProbeStats latest;
    private volatile Prober prober;

    public IncidentManager(TriageConfig config, IncidentStore store, Outbox outbox, DiagnoseService diagnose,
                           BiPredicate<Target, String> fixAvailable, ExecutorService workers, InstantSource clock) {
        this.config = config;
        this.db = store.db();
        this.store = store;
        this.outbox = outbox;
        this.diagnose = diagnose;
        this.fixAvailable = fixAvailable;
        this.workers = workers;
        this.clock = clock;
    }

    /** While this replica leads: the prober whose live figures and silences it uses; null when it no longer leads. */
    public void probedBy(Prober prober) {
        this.prober = prober;
    }

    public IncidentStore store() {
        return store;
    }

    Outbox outbox() {
        return outbox;
    }

    TriageConfig config() {
        return config;
    }

    /** The prober's live figures while this replica leads, else the last periodic snapshot it saw. */
    public Optional<ProbeStats> latestStats() {
        Prober p = prober;
        return p != null ? Optional.of(p.stats()) : Optional.ofNullable(latest);
    }

    // ---- probe events ------------------------------------------------------------------------

    /** One process, no lease: handles the event at once and logs a failure (tests, and the leader's pump retries). */
    @Override
    public void onEvent(ProbeEvent event) {
        try {
            handle(event, Fence.NONE);
        } catch (RuntimeException e) {
            log.error("could not handle {}", event, e);
        }
    }

    /**
     * Handles one probe event under {@code fence}, all of it in one transaction. Throws when the store can't be
     * reached ({@link StoreUnavailableException}: retry the same event later, in order) or the fence no
     * longer holds ({@link FencedException}: drop it, the new leader probes on).
     */
    public void handle(ProbeEvent event, Fence fence) {
        switch (event) {
            case ProbeEvent.WentDown down when down.pages() -> wentDown(down, fence);
            case ProbeEvent.WentDown silenced -> log.info("{} is down under a silence; nobody paged", silenced.target());
            case ProbeEvent.Reminder reminder -> reminder(reminder, fence);
            case ProbeEvent.WentUp up -> wentUp(up, fence);
            case ProbeEvent.ProberStarved starved -> toIncidentChannel(Message.builder("Triage's prober is starved: "
                            + starved.reason()).tone(Tone.WARN)
                    .field("Scheduling lag", "p50 " + Times.millis(starved.lag().p50()) + ", p99 " + Times.millis(starved.lag().p99())
                            + ", max " + Times.millis(starved.lag().max()))
                    .field("What it means", "probes run late, so failures now say nothing about the targets: none is marked down"
                            + " for them. Give the bot more CPU, raise intervals, or lower the number of targets.")
                    .build(), fence);
            case ProbeEvent.ProberRecovered ok -> toIncidentChannel(Message.of(Tone.OK, "Triage's prober keeps up again after "
                    + Times.length(ok.starvedFor()) + "."), fence);
        }
    }

    @Override
    public void onStats(ProbeStats stats) {
        onStats(stats, Fence.NONE);
    }

    /** Writes the period's aggregates (for {@code /backend uptime} and, on other replicas, {@code /backend probes}). */
    public void onStats(ProbeStats stats, Fence fence) {
        latest = stats;
        db.transaction(fence, c -> {
            for (TargetProbeStats t : stats.targets()) {
                store.saveAggregate(t.target(), stats.at(), t.state().name(), t.probes(), t.failures(),
                        t.latencyP50() == null ? null : t.latencyP50().toMillis(),
                        t.latencyP95() == null ? null : t.latencyP95().toMillis());
            }
            return null;
        });
    }

    /**
     * Whether the store holds a silence for the target now (set on any replica): then an alert the prober
     * was about to page is held back, and the prober learns the silence at once.
     */
    private boolean silencedInStore(String target, Instant at) {
        Optional<IncidentStore.StoredSilence> s = store.silence(target, at);
        if (s.isEmpty()) {
            return false;
        }
        Prober p = prober;
        if (p != null && p.probes(target)) {
            p.heldBack(target, s.get().until(), s.get().reason());
        }
        log.info("{}: alert held back by a silence until {} ({})", target, s.get().until(), s.get().reason());
        return true;
    }

    private void wentDown(ProbeEvent.WentDown down, Fence fence) {
        Target target = config.target(down.target()).orElse(null);
        if (target == null || silencedInStore(down.target(), down.at())) {
            return;
        }
        String evidence = down.firstFailure().headline();
        String channel = target.incidentChannel() != null ? target.incidentChannel() : config.channels().incidents();
        String text = down.firstFailure().failingCheck() + " FAIL ×" + down.failures() + " → DOWN"
                + (down.afterSilence() ? " (still down after a silence ended)" : "") + " · " + down.firstFailure().summary();
        Incident opened = db.transaction(fence, c -> {
            IncidentStore.Opened o = store.open(target.name(), channel, down.since(), down.at(), evidence, down.failures());
            Incident incident = o.incident();
            if (!o.created()) {
                if (!incident.downSince().equals(down.since())) {
                    timeline(incident, "probe", null, text);
                }   // else: this very event again, after a commit whose answer was lost
                return null;
            }
            String root = placeRoot(incident, channel, down.at());
            store.setRoot(incident.id(), root);
            Incident placed = store.byId(incident.id()).orElseThrow();
            timeline(placed, "probe", null, text);
            return placed;
        });
        if (opened != null) {
            log.warn("{} is DOWN after {} failed probes (incident #{}): {}", target.name(), down.failures(), opened.number(),
                    down.firstFailure().summary());
            diagnoseLater(target, opened, fence);
        }
    }

    /** Posts the root message, or joins the channel's storm message when many targets are down at once. */
    private String placeRoot(Incident incident, String channel, Instant now) {
        List<Incident> downNow = store.openInChannelSince(channel, now.minus(STORM_WINDOW));
        long targets = downNow.stream().map(Incident::target).distinct().count();
        if (targets < STORM_THRESHOLD) {
            return outbox.post(channel, renderer.root(incident, incident.failures(), null, now));
        }
        Optional<IncidentStore.Storm> current = store.currentStorm(channel, now.minus(STORM_WINDOW));
        if (current.isEmpty()) {
            String item = outbox.post(channel, renderer.group(downNow, now));
            IncidentStore.Storm storm = store.createStorm(channel, item, now);
            downNow.forEach(i -> store.joinStorm(i.id(), storm.id()));
            return item;
        }
        IncidentStore.Storm storm = current.get();
        store.joinStorm(incident.id(), storm.id());
        outbox.update(storm.groupItem(), renderer.group(store.stormMembers(storm.id()), now));
        return storm.groupItem();
    }

    /** The diagnoses of open incidents whose leader died before posting them: this leader posts them now. */
    public void diagnoseMissing(Fence fence) {
        for (Incident i : store.undiagnosed()) {
            config.target(i.target()).ifPresent(t -> diagnoseLater(t, i, fence));
        }
    }

    private void diagnoseLater(Target target, Incident incident, Fence fence) {
        try {
            workers.execute(() -> diagnoseInThread(target, incident, fence));
        } catch (RejectedExecutionException e) {
            log.info("not diagnosing {}: the bot is stopping; the next leader will", target.name());
        }
    }

    private void diagnoseInThread(Target target, Incident incident, Fence fence) {
        Diagnosis d;
        try {
            d = diagnose.diagnose(target, r -> { });
        } catch (RuntimeException e) {
            log.error("automatic diagnosis of {} failed", target.name(), e);
            retryingStore(fence, "the failed diagnosis of " + target.name(), () -> db.transaction(fence, c -> {
                if (store.recordDiagnosis(incident.id(), null, null, clock.instant())) {
                    timeline(store.byId(incident.id()).orElseThrow(), "diagnosis", null, "could not run ("
                            + e.getClass().getSimpleName() + "); try /backend diagnose " + target.name());
                }
                return null;
            }));
            return;
        }
        String fix = d.verdict().fix() == null ? null : d.verdict().fix().actionId();
        String offered = fix != null && fixAvailable.test(target, fix) ? fix : null;
        Message verdict = new DiagnosisRenderer().verdict(d, id -> fixAvailable.test(target, id));
        retryingStore(fence, "the diagnosis of " + target.name(), () -> db.transaction(fence, c -> {
            if (!store.recordDiagnosis(incident.id(), d.verdict().healthy() ? null : d.verdict().cause(), offered, clock.instant())) {
                return null;   // posted already, by this leader or an earlier one
            }
            Incident now = store.byId(incident.id()).orElseThrow();
            outbox.reply(now.rootItem(), withAck(verdict, now));
            store.addEvent(incident.id(), clock.instant(), "diagnosis", null, "likely cause: " + d.verdict().cause());
            refreshRoot(now);
            return null;
        }));
    }

    /** Runs a write again while the store can't be reached and the fence still holds. */
    private void retryingStore(Fence fence, String what, Runnable write) {
        while (true) {
            try {
                write.run();
                return;
            } catch (FencedException e) {
                log.info("not recording {}: {}", what, e.getMessage());
                return;
            } catch (StoreUnavailableException e) {
                if (!fence.locallyValid()) {
                    log.info("not recording {}: this replica no longer leads", what);
                    return;
                }
                log.warn("recording {} waits for the store: {}", what, e.getMessage());
                try {
                    Thread.sleep(STORE_RETRY.toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static Message withAck(Message m, Incident i) {
        List<Message.Button> buttons = new ArrayList<>();
        if (i.state() == Incident.State.OPEN) {
            buttons.add(new Message.Button("ack:" + i.id(), "Acknowledge", Message.Button.Style.PRIMARY));
        }
        buttons.addAll(m.buttons());
        return new Message(m.title(), m.tone(), m.lines(), m.fields(), buttons, m.footer(), m.image(), m.mentions());
    }

    private void reminder(ProbeEvent.Reminder r, Fence fence) {
        if (silencedInStore(r.target(), r.at())) {
            return;
        }
        db.transaction(fence, c -> {
            store.openFor(r.target()).ifPresent(i -> {
                store.reminded(i.id(), r.at());
                timeline(i, "reminder", null, "still DOWN after " + Times.length(r.downFor()) + " (" + r.failures()
                        + " failed probes) · " + r.lastFailure().headline());
                refreshRoot(store.byId(i.id()).orElseThrow());
            });
            return null;
        });
    }

    private void wentUp(ProbeEvent.WentUp up, Fence fence) {
        // Drawn before the transaction, which holds the store's write lock: drawing takes a moment (the first time, a second).
        Optional<Message.Image> chart = store.openFor(up.target()).isPresent() ? resolutionChart(up.target(), up.upSince())
                : Optional.empty();
        Incident closed = db.transaction(fence, c -> {
            Optional<Incident> open = store.openFor(up.target());
            if (open.isEmpty() || !store.resolve(open.get().id(), up.upSince())) {
                return null;
            }
            Incident resolved = store.byId(open.get().id()).orElseThrow();
            Instant now = clock.instant();
            String fixedBy = resolved.recoveredBy();
            timeline(resolved, "probe", null, "health OK ×" + up.successes() + " → UP");
            timeline(resolved, "resolved", null, "down for " + Times.length(resolved.length(now))
                    + (fixedBy == null ? "; recovered without an action" : "; recovered by " + fixedBy));
            outbox.reply(resolved.rootItem(), renderer.resolution(resolved, resolved.cause(), fixedBy, month(resolved.target(), now), now));
            chart.ifPresent(image -> outbox.reply(resolved.rootItem(), renderer.chart(resolved.target(), "24 hours", image)));
            refreshRoot(resolved);
            return resolved;
        });
        if (closed != null) {
            log.info("{} is UP again (incident #{} resolved): down for {}", up.target(), closed.number(), Times.length(up.outage()));
        }
    }

    // ---- people and actions ------------------------------------------------------------------

    /** A command someone ran about a target with an open incident goes into its timeline. */
    public void commandRan(Requester who, String target, dev.triage.bot.command.Invocation invocation, String result) {
        if (target == null || invocation.decision()) {
            return;   // a decision is in the timeline by its own event, with what it decided
        }
        db.transaction(c -> {
            store.openFor(target).ifPresent(i -> timeline(i, "command", who.displayName(), invocation.line()
                    + (result.equals("ok") ? "" : " → " + result)));
            return null;
        });
    }

    /** {@code /backend note TARGET text}; false when the target has no open incident. */
    public boolean note(Requester who, String target, String text) {
        return db.transaction(c -> {
            Optional<Incident> open = store.openFor(target);
            open.ifPresent(i -> timeline(i, "note", who.displayName(), text));
            return open.isPresent();
        });
    }

    /** The Acknowledge button or {@code /backend ack}; returns the incident, empty when none is open. */
    public Optional<Incident> acknowledge(Requester who, String incidentIdOrTarget) {
        return db.transaction(c -> {
            Optional<Incident> i = store.byId(incidentIdOrTarget).filter(Incident::open).or(() -> store.openFor(incidentIdOrTarget));
            i.ifPresent(incident -> {
                store.acknowledge(incident.id(), who.displayName(), clock.instant());
                Incident now = store.byId(incident.id()).orElseThrow();
                timeline(now, "ack", who.displayName(), "acknowledged");
                refreshRoot(now);
            });
            return i;
        });
    }

    @Override
    public void requested(Approval a) {
        db.transaction(c -> {
            store.openFor(a.target()).ifPresent(i -> timeline(i, "request", a.requestedByName(), "asked for " + a.actionId()));
            return null;
        });
    }

    @Override
    public void decided(Approval a) {
        db.transaction(c -> {
            store.openFor(a.target()).ifPresent(i -> timeline(i, "approval", a.decidedByName(),
                    a.status() == Approval.Status.APPROVED ? "approved " + a.actionId() : "denied " + a.actionId()));
            return null;
        });
    }

    @Override
    public void started(Approval a, ActionPlan plan) {
        // Triage's own restart must not page: silence the target while the action runs. In the store, so the
        // leader holds it whichever replica runs the action.
        Instant now = clock.instant();
        Instant until = now.plus(ACTION_SILENCE);
        String reason = a.actionId() + " running (approved by @" + a.decidedByName() + ")";
        db.transaction(c -> {
            store.saveSilence(a.target(), IncidentStore.ACTION, until, reason, "triage", now);
            store.openFor(a.target()).ifPresent(i -> {
                store.setState(i.id(), Incident.State.MITIGATING);
                Incident mitigating = store.byId(i.id()).orElseThrow();
                timeline(mitigating, "action", null, a.actionId() + " running: " + plan.command());
                refreshRoot(mitigating);
            });
            return null;
        });
        Prober p = prober;
        if (p != null && p.probes(a.target())) {
            p.silence(a.target(), until, reason);
        }
    }

    @Override
    public void finished(Approval a, ActionOutcome outcome) {
        db.transaction(c -> {
            store.deleteSilence(a.target(), IncidentStore.ACTION);
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
            return null;
        });
        Prober p = prober;
        if (p != null && p.probes(a.target())) {
            // A person's silence still in the store holds on; the leader's sync puts it back within a second.
            p.unsilence(a.target());
        }
    }

    /**
     * Triage's own run under a target's {@code remediate:} rule begins: the target is silenced and its incident
     * MITIGATING, as for a person's approved run.
     */
    void unattendedStarted(String target, String actionId, String command) {
        Instant now = clock.instant();
        Instant until = now.plus(ACTION_SILENCE);
        String reason = actionId + " running (unattended, under " + target + "'s remediate: rule)";
        db.transaction(c -> {
            store.saveSilence(target, IncidentStore.ACTION, until, reason, "triage", now);
            store.openFor(target).ifPresent(i -> {
                store.setState(i.id(), Incident.State.MITIGATING);
                Incident mitigating = store.byId(i.id()).orElseThrow();
                timeline(mitigating, "action", "Triage", actionId + " running without a person: " + command);
                refreshRoot(mitigating);
            });
            return null;
        });
        Prober p = prober;
        if (p != null && p.probes(target)) {
            p.silence(target, until, reason);
        }
    }

    /** The unattended run ended: the silence lifted, the outcome in the timeline; a success is what recovered it, with no person. */
    void unattendedFinished(String target, String actionId, ActionOutcome outcome, String recoveredBy) {
        db.transaction(c -> {
            store.deleteSilence(target, IncidentStore.ACTION);
            store.openFor(target).ifPresent(i -> {
                if (outcome.succeeded()) {
                    store.markUnattendedAction(i.id(), recoveredBy);
                }
                store.setState(i.id(), i.acknowledgedBy() == null ? Incident.State.OPEN : Incident.State.ACKNOWLEDGED);
                Incident now = store.byId(i.id()).orElseThrow();
                timeline(now, "action", "Triage", actionId + " " + outcome.result() + ": " + outcome.summary());
                refreshRoot(now);
            });
            return null;
        });
        Prober p = prober;
        if (p != null && p.probes(target)) {
            p.unsilence(target);
        }
    }

    // ---- silences ----------------------------------------------------------------------------

    public void silence(Requester who, String target, Duration length, String reason) {
        Instant now = clock.instant();
        Instant until = now.plus(length);
        db.transaction(c -> {
            store.saveSilence(target, IncidentStore.PERSON, until, reason, who.displayName(), now);
            store.openFor(target).ifPresent(i -> timeline(i, "silence", who.displayName(), "silenced for " + Times.length(length)
                    + (reason == null ? "" : ": " + reason)));
            return null;
        });
        Prober p = prober;
        if (p != null && p.probes(target)) {
            p.silence(target, until, reason);
        }
    }

    public void unsilence(Requester who, String target) {
        db.transaction(c -> {
            store.deleteSilence(target, IncidentStore.PERSON);
            store.openFor(target).ifPresent(i -> timeline(i, "silence", who.displayName(), "silence lifted"));
            return null;
        });
        Prober p = prober;
        if (p != null && p.probes(target) && store.silence(target, clock.instant()).isEmpty()) {
            p.unsilence(target);
        }
    }

    // ---- uptime ------------------------------------------------------------------------------

    /** How far back the chart under a resolution reaches: a day, so the outage shows as more than a hairline. */
    static final Duration RESOLUTION_CHART = Duration.ofDays(1);

    /** Figures of one target (or all, when null) over the window, from the store: its incidents and its stats periods. */
    public UptimeReport uptime(String target, Duration window) {
        Instant now = clock.instant();
        Instant from = now.minus(window);
        List<ProbePeriod> periods = target == null ? List.of() : store.periods(target, from, now);
        return uptime.calculate(outages(target, from, null), periods, from, now);
    }

    /** The figures of {@link #uptime} and their chart, drawn from the same rows; only for one target. */
    public record Uptime(UptimeReport report, Optional<Message.Image> chart) {
    }

    /** {@link #uptime} with its chart; the chart is left out (and the log says why) when it can't be drawn here. */
    public Uptime uptimeWithChart(String target, Duration window, String windowName) {
        Instant now = clock.instant();
        Instant from = now.minus(window);
        List<ProbePeriod> periods = store.periods(target, from, now);
        List<Incident> incidents = store.overlapping(target, from);
        UptimeReport report = uptime.calculate(outages(incidents, null), periods, from, now);
        return new Uptime(report, chart(target, windowName, from, now, periods, incidents, null, report));
    }

    private List<Outage> outages(String target, Instant from, Instant openEndsAt) {
        return outages(store.overlapping(target, from), openEndsAt);
    }

    /** @param openEndsAt where an incident still open ends (its recovery, about to be written), or null: it goes on */
    private static List<Outage> outages(List<Incident> incidents, Instant openEndsAt) {
        return incidents.stream().map(i -> outage(i, openEndsAt)).toList();
    }

    private static Outage outage(Incident i, Instant openEndsAt) {
        if (i.resolvedAt() != null) {
            return new Outage(i.downSince(), i.resolvedAt(), i.humanAction());
        }
        return openEndsAt == null || openEndsAt.isBefore(i.downSince()) ? Outage.open(i.downSince())
                : new Outage(i.downSince(), openEndsAt, i.humanAction());
    }

    /** The chart of a target that just recovered (at {@code upSince}): the last day, this outage ended there. */
    private Optional<Message.Image> resolutionChart(String target, Instant upSince) {
        try {
            Instant now = clock.instant();
            Instant from = now.minus(RESOLUTION_CHART);
            List<ProbePeriod> periods = store.periods(target, from, now);
            List<Incident> incidents = store.overlapping(target, from);
            UptimeReport report = uptime.calculate(outages(incidents, upSince), periods, from, now);
            return chart(target, "24h", from, now, periods, incidents, upSince, report);
        } catch (StoreUnavailableException e) {
            log.info("no chart under the resolution of {}: the store can't be reached ({})", target, e.getMessage());
            return Optional.empty();
        }
    }

    private Optional<Message.Image> chart(String target, String windowName, Instant from, Instant now, List<ProbePeriod> periods,
                                          List<Incident> incidents, Instant openEndsAt, UptimeReport report) {
        List<UptimeChartData.NumberedOutage> numbered = incidents.stream()
                .map(i -> new UptimeChartData.NumberedOutage(i.number(), outage(i, openEndsAt))).toList();
        UptimeChartData data = UptimeChartData.of(target, from, now, periods, numbered,
                UptimeGoals.DOCUMENT_003.responseTime().toMillis());
        try {
            byte[] png = charts.png(data);
            return Optional.of(new Message.Image(UptimeChart.fileName(target, windowName, now),
                    "Uptime chart of " + target + ", last " + windowName + ": " + IncidentRenderer.uptimeLine(report)
                            + report.response().map(r -> " · response time p50 " + r.p50().toMillis() + " ms, p95 "
                            + r.p95().toMillis() + " ms").orElse(""), png));
        } catch (RuntimeException | LinkageError | InternalError e) {
            // Headless AWT without fontconfig or a font fails here ("FontConfiguration.head is null"): the text still goes out.
            log.warn("could not draw the uptime chart of {} ({}); it needs fontconfig, a font (fonts-dejavu-core) and, with Debian's "
                    + "headless JRE, libharfbuzz0b, and -Djava.awt.headless=true (bin/triage-java sets it)", target, e.toString());
            return Optional.empty();
        }
    }

    private UptimeReport month(String target, Instant now) {
        return uptime(target, Duration.ofDays(30));
    }

    // ---- helpers -----------------------------------------------------------------------------

    void timeline(Incident i, String kind, String actor, String text) {
        IncidentStore.Event e = store.addEvent(i.id(), clock.instant(), kind, actor, text);
        if (i.rootItem() != null) {
            outbox.reply(i.rootItem(), renderer.event(i.target(), grouped(i), e));
        }
    }

    /** Whether the incident's thread is its storm's: its lines then name their target. */
    private boolean grouped(Incident i) {
        return i.stormId() != null && store.storm(i.stormId()).map(s -> s.groupItem().equals(i.rootItem())).orElse(false);
    }

    void refreshRoot(Incident i) {
        if (i.rootItem() == null) {
            return;
        }
        Instant now = clock.instant();
        Optional<IncidentStore.Storm> storm = i.stormId() == null ? Optional.empty() : store.storm(i.stormId());
        storm.ifPresent(s -> outbox.update(s.groupItem(), renderer.group(store.stormMembers(s.id()), now)));
        if (storm.isPresent() && storm.get().groupItem().equals(i.rootItem())) {
            return;
        }
        outbox.update(i.rootItem(), renderer.root(i, i.failures(), i.fixAction(), now));
    }

    private void toIncidentChannel(Message m, Fence fence) {
        db.transaction(fence, c -> outbox.post(config.channels().incidents(), m));
    }
}
