package dev.triage.bot.incident;

import dev.triage.adapters.Message;
import dev.triage.adapters.Requester;
import dev.triage.adapters.Tone;
import dev.triage.bot.approval.ApprovalCard;
import dev.triage.bot.approval.Audit;
import dev.triage.bot.approval.AuditKind;
import dev.triage.bot.approval.StormGuard;
import dev.triage.bot.approval.TargetActions;
import dev.triage.bot.command.ButtonRouter;
import dev.triage.bot.command.CommandContext;
import dev.triage.bot.command.UsageException;
import dev.triage.bot.ha.Term;
import dev.triage.bot.incident.RemediationStore.Pending;
import dev.triage.bot.incident.RemediationStore.Status;
import dev.triage.bot.store.Database;
import dev.triage.bot.store.Fence;
import dev.triage.bot.store.FencedException;
import dev.triage.bot.store.Ids;
import dev.triage.bot.store.Store;
import dev.triage.bot.store.StoreRetry;
import dev.triage.bot.store.StoreUnavailableException;
import dev.triage.bot.text.Times;
import dev.triage.checks.action.Action;
import dev.triage.checks.action.ActionOutcome;
import dev.triage.checks.action.ActionPlan;
import dev.triage.config.Target;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unattended remediation, opt-in per target ({@code remediate:}). While this replica leads, every second: an open
 * incident whose target has been DOWN for the rule's {@code after}, whose diagnosis proposes the rule's action, that no
 * person has acknowledged or acted on and no silence holds, gets an announcement in its thread with a Hold button; when
 * the hold ends unpressed, the action runs — the same plan (gate → command → verification) as an approved one, inside
 * the same storm guard, its run recorded like an approval's — and is audited as done by Triage under that rule. What
 * it can't fix (the guard holds it back, the run fails, or the target is still DOWN {@code after} the run) is escalated
 * once: the rule's on-call members are mentioned in the thread and the root says a person is needed.
 *
 * <p>One run per incident, never a retry: each step is a conditional update of the incident's one row in
 * {@link RemediationStore}, written under the leader's fence, so a Hold pressed on any replica, a new leader after a
 * failover and the old leader's last moments decide every step exactly once.
 */
public final class Remediator implements dev.triage.bot.incident.LeaderDuties.Duty {
    private static final Logger log = LoggerFactory.getLogger(Remediator.class);
    static final Duration TICK = Duration.ofSeconds(1);
    private static final Duration HOUR = Duration.ofHours(1);
    /** Timeline kinds that mean a person took the incident on: then Triage does nothing by itself. */
    private static final Set<String> PERSON_ON_IT = Set.of("ack", "request", "approval", "hold");
    /** Who the audit says acted: Triage itself. */
    public static final Requester TRIAGE = new Requester("triage", "triage", "Triage", Set.of());

    private final IncidentManager incidents;
    private final IncidentStore incidentStore;
    private final RemediationStore store;
    private final Store approvals;
    private final Database db;
    private final Map<String, RemediationRules.Rule> rules;
    private final TargetActions actions;
    private final Audit audit;
    private final Ids ids;
    private final Executor workers;
    private final InstantSource clock;
    private final String runner;
    private final Duration aliveWithin;
    private final ApprovalCard card = new ApprovalCard();
    private volatile ScheduledExecutorService timer;

    /**
     * @param rules       the configuration's rules ({@link RemediationRules#resolve})
     * @param runner      this replica's id, recorded on the runs it starts
     * @param aliveWithin a replica not seen for this long is gone: its unfinished run is interrupted
     */
    public Remediator(IncidentManager incidents, Store approvals, Map<String, RemediationRules.Rule> rules, TargetActions actions,
                      Audit audit, Ids ids, Executor workers, InstantSource clock, String runner, Duration aliveWithin) {
        this.incidents = incidents;
        this.incidentStore = incidents.store();
        this.db = incidentStore.db();
        this.store = new RemediationStore(db);
        this.approvals = approvals;
        this.rules = Map.copyOf(rules);
        this.actions = actions;
        this.audit = audit;
        this.ids = ids;
        this.workers = workers;
        this.clock = clock;
        this.runner = runner;
        this.aliveWithin = aliveWithin;
    }

    public RemediationStore store() {
        return store;
    }

    /** The Hold button, on any replica. */
    public void register(ButtonRouter buttons) {
        buttons.on("hold", this::hold);
    }

    // ---- the leader's duty -------------------------------------------------------------------

    @Override
    public void start(Term term) {
        if (rules.isEmpty()) {
            return;
        }
        ScheduledExecutorService t = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread th = new Thread(r, "triage-remediate-" + term.epoch());
            th.setDaemon(true);
            return th;
        });
        timer = t;
        t.scheduleWithFixedDelay(() -> {
            if (!term.current()) {
                return;
            }
            try {
                tick(term);
            } catch (FencedException | StoreUnavailableException e) {
                log.info("unattended remediation waits: {}", e.getMessage());
            } catch (RuntimeException e) {
                log.error("unattended remediation could not look at the incidents", e);
            }
        }, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop(Term term) {
        ScheduledExecutorService t = timer;
        timer = null;
        if (t != null) {
            t.shutdownNow();
        }
    }

    /** One look at every open incident and every unsettled remediation, under {@code fence}. */
    public void tick(Fence fence) {
        if (rules.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        for (Incident i : incidentStore.allOpen()) {
            RemediationRules.Rule rule = rules.get(i.target());
            if (rule != null && whyNot(i, rule, now, true) == null) {
                announce(i, rule, now, fence);
            }
        }
        List<String> orphaned = approvals.runsOfStoppedReplicas(aliveWithin);
        for (Pending p : store.unsettled()) {
            switch (p.status()) {
                case ANNOUNCED -> {
                    if (!now.isBefore(p.runAt())) {
                        startOrClose(p, fence);
                    }
                }
                case RUNNING -> {
                    if (orphaned.contains(p.id())) {
                        interrupted(p, fence);
                    }
                }
                case DONE -> {
                    RemediationRules.Rule rule = rules.get(p.target());
                    Duration settle = rule == null ? Duration.ZERO : rule.remediation().after();
                    if (p.finishedAt() != null && !now.isBefore(p.finishedAt().plus(settle))) {
                        db.transaction(fence, c -> {
                            escalate(p, p.actionId() + " ran without a person at " + Times.utcShort(p.startedAt()) + " and was verified, but "
                                    + p.target() + " is still DOWN " + Times.length(Duration.between(p.finishedAt(), now)) + " later");
                            return null;
                        });
                    }
                }
                default -> {
                }
            }
        }
    }

    /**
     * Why the rule must not act on the incident now; null when it may. {@code waitForDown}: the target must also have
     * been DOWN for {@code after} (to announce; at the start the announcement has waited for that already).
     */
    private String whyNot(Incident i, RemediationRules.Rule rule, Instant now, boolean waitForDown) {
        if (!i.open()) {
            return i.target() + " recovered before it ran";
        }
        if (waitForDown && store.forIncident(i.id()).isPresent()) {
            return "announced already";
        }
        if (i.acknowledgedBy() != null) {
            return "@" + i.acknowledgedBy() + " acknowledged the incident, so a person has it";
        }
        if (i.humanAction() || i.state() == Incident.State.MITIGATING) {
            return "a person's action runs or ran on " + i.target();
        }
        Optional<IncidentStore.Event> person = incidentStore.events(i.id()).stream()
                .filter(e -> PERSON_ON_IT.contains(e.kind())).findFirst();
        if (person.isPresent()) {
            return "@" + person.get().actor() + " " + (person.get().kind().equals("request") ? "asked for an action" : "stepped in")
                    + " at " + Times.utcShort(person.get().at()) + ", so a person has it";
        }
        Optional<IncidentStore.StoredSilence> silence = incidentStore.silence(i.target(), now);
        if (silence.isPresent()) {
            return i.target() + " is silenced until " + Times.utcShort(silence.get().until()) + " by " + silence.get().createdBy();
        }
        if (waitForDown && (i.diagnosedAt() == null || !rule.remediation().action().equals(i.fixAction()))) {
            return "the diagnosis does not propose " + rule.remediation().action();
        }
        if (waitForDown && Duration.between(i.downSince(), now).compareTo(rule.remediation().after()) < 0) {
            return "not DOWN for " + Times.length(rule.remediation().after()) + " yet";
        }
        return null;
    }

    private void announce(Incident i, RemediationRules.Rule rule, Instant now, Fence fence) {
        String action = rule.remediation().action();
        Target target = rule.target();
        Optional<Action> found = actions.find(target, action);
        ActionPlan plan = found.map(a -> a.plan(target)).orElse(ActionPlan.unavailable(action, target.name(), "no such action"));
        Instant runAt = now.plus(rule.remediation().hold());
        String id = ids.next(now);
        db.transaction(fence, c -> {
            if (!store.announce(id, i.id(), target.name(), action, rule.label(), now, runAt)) {
                return null;
            }
            Pending p = store.byId(id).orElseThrow();
            if (i.rootItem() != null) {
                store.attachAnnouncement(id, incidents.outbox().reply(i.rootItem(), announcement(p, plan, rule.remediation().hold())));
            }
            incidents.timeline(i, "remediate", "Triage", action + " in " + Times.length(rule.remediation().hold())
                    + " unless someone presses Hold (" + rule.label() + ")");
            audit.record(TRIAGE, AuditKind.REMEDIATE, target.name(), i.channel(), action + " announced for incident #" + i.number()
                    + ", runs at " + Times.utc(runAt) + " unless held; " + rule.label(), "announced " + id, null);
            return null;
        });
    }

    /** The hold is over: start the run — or, when it must not run any more, say why. All in one transaction. */
    private void startOrClose(Pending p, Fence fence) {
        RemediationRules.Rule rule = rules.get(p.target());
        Instant now = clock.instant();
        Boolean start = db.transaction(fence, c -> {
            approvals.lockGuard(p.target(), p.actionId());
            Pending current = store.byId(p.id()).orElseThrow();
            if (current.status() != Status.ANNOUNCED) {
                return false;   // held, or moved on by another leader
            }
            Incident i = incidentStore.byId(p.incidentId()).orElseThrow();
            String why = rule == null ? "the remediate: rule of " + p.target() + " is no longer in the configuration"
                    : whyNot(i, rule, now, false);
            if (why != null) {
                store.close(p.id(), Status.CANCELLED, why, now);
                edit(p, Message.builder(p.actionId() + " on " + p.target() + " — not run: " + why).tone(Tone.SKIPPED).build());
                if (i.open()) {
                    incidents.timeline(i, "remediate", "Triage", p.actionId() + " not run: " + why);
                }
                audit.record(TRIAGE, AuditKind.REMEDIATE, p.target(), i.channel(), p.actionId() + " " + p.id(), "not run: " + why, null);
                return false;
            }
            Optional<String> guard = StormGuard.judge(approvals.runsSince(p.target(), p.actionId(), now.minus(HOUR)), p.target(),
                    p.actionId(), rule.policy(), now);
            int unattended = store.startedSince(p.target(), p.actionId(), now.minus(HOUR));
            if (guard.isEmpty() && unattended >= rule.remediation().maxPerHour()) {
                guard = Optional.of(p.actionId() + " already ran without a person " + unattended + " times on " + p.target()
                        + " in the last hour (the rule's max_per_hour is " + rule.remediation().maxPerHour() + ")");
            }
            if (guard.isPresent()) {
                store.close(p.id(), Status.REFUSED, guard.get(), now);
                edit(p, Message.builder(p.actionId() + " on " + p.target() + " — not run: the storm guard holds it back").tone(Tone.FAIL)
                        .line(guard.get()).build());
                incidents.timeline(i, "remediate", "Triage", p.actionId() + " not run: " + guard.get());
                audit.record(TRIAGE, AuditKind.REFUSE, p.target(), i.channel(), p.actionId() + " " + p.id() + " (unattended)",
                        "storm guard", null);
                escalate(store.byId(p.id()).orElseThrow(), p.actionId() + " was not run without a person: " + guard.get());
                return false;
            }
            if (!store.start(p.id(), runner, now)) {
                return false;
            }
            approvals.recordRun(ids.next(now), p.target(), p.actionId(), now, p.id(), runner);
            audit.record(TRIAGE, AuditKind.REMEDIATE, p.target(), i.channel(), p.actionId() + " " + p.id() + " by Triage without a person, "
                    + "under " + p.rule(), "started", null);
            return true;
        });
        if (Boolean.TRUE.equals(start)) {
            try {
                workers.execute(() -> run(store.byId(p.id()).orElseThrow(), rule));
            } catch (RejectedExecutionException e) {
                log.warn("{} on {} could not start: the bot is stopping; the next leader marks it interrupted", p.actionId(), p.target());
            }
        }
    }

    /** Runs the action as an approved one runs: its plan's gate, command and verification; then the outcome, once. */
    private void run(Pending p, RemediationRules.Rule rule) {
        Target target = rule.target();
        Instant started = clock.instant();
        ActionOutcome outcome;
        Optional<Action> action = actions.find(target, p.actionId());
        if (action.isEmpty() || !action.get().plan(target).available()) {
            outcome = new ActionOutcome(p.actionId(), p.target(), ActionOutcome.Result.UNAVAILABLE, p.actionId() + " can't run on "
                    + p.target() + " any more; nothing was run", List.of(), Duration.ZERO, null);
        } else {
            ActionPlan plan = action.get().plan(target);
            safely(() -> edit(p, Message.builder(p.actionId() + " on " + p.target() + " — running without a person").tone(Tone.WARN)
                    .field("Runs", plan.command()).field("Rule", p.rule()).build()));
            safely(() -> incidents.unattendedStarted(p.target(), p.actionId(), plan.command()));
            try {
                outcome = action.get().run(target, step -> {
                    safely(() -> reply(p, card.step(step)));
                    safely(() -> audit.record(TRIAGE, AuditKind.STEP, p.target(), null, p.actionId() + " " + step.phase() + " "
                            + step.name() + ": " + step.detail(), step.status().name(), null));
                });
            } catch (RuntimeException e) {
                log.error("unattended {} on {} crashed", p.actionId(), p.target(), e);
                outcome = new ActionOutcome(p.actionId(), p.target(), ActionOutcome.Result.ERROR, "Triage failed while running it ("
                        + e.getClass().getSimpleName() + "); the log has the detail", List.of(), Duration.between(started, clock.instant()), null);
            }
        }
        Thread.interrupted();
        finish(p, outcome);
    }

    private void finish(Pending p, ActionOutcome outcome) {
        Instant done = clock.instant();
        Status status = outcome.succeeded() ? Status.DONE : Status.FAILED;
        String recoveredBy = p.actionId() + " (run by Triage without a person, under " + p.rule() + ")";
        // Not fenced: the run happened, whoever leads now; the conditional update records it once.
        Boolean recorded = StoreRetry.untilAnswered(clock, Duration.ofMinutes(30), Duration.ofSeconds(2), () -> db.transaction(c -> {
            if (!store.finish(p.id(), status, outcome.summary(), done)) {
                return false;
            }
            approvals.finishRun(p.id(), outcome.result().name(), done);
            audit.record(TRIAGE, AuditKind.OUTCOME, p.target(), null, p.actionId() + " " + p.id() + " (unattended): " + outcome.summary(),
                    outcome.result().name(), outcome.outputDigest());
            edit(p, Message.builder(p.actionId() + " on " + p.target() + " — " + (outcome.succeeded() ? "done" : "failed")
                    + " without a person · " + outcome.summary()).tone(outcome.succeeded() ? Tone.OK : Tone.FAIL).field("Rule", p.rule()).build());
            if (!outcome.succeeded()) {
                escalate(store.byId(p.id()).orElseThrow(), p.actionId() + " ran without a person and failed: " + outcome.summary());
            }
            return true;
        }), () -> log.warn("recording the outcome of the unattended {} on {} waits for the store", p.actionId(), p.target()));
        if (Boolean.TRUE.equals(recorded)) {
            safely(() -> incidents.unattendedFinished(p.target(), p.actionId(), outcome, recoveredBy));
        }
    }

    /** A run whose replica stopped before it ended: never run again; what it did is unknown, so a person is needed. */
    private void interrupted(Pending p, Fence fence) {
        Instant now = clock.instant();
        db.transaction(fence, c -> {
            if (!approvals.claimInterrupted(p.id())) {
                return null;
            }
            String why = "the replica running " + p.actionId() + " without a person stopped before it ended, so what it did is unknown";
            store.finish(p.id(), Status.INTERRUPTED, why, now);
            incidentStore.deleteSilence(p.target(), IncidentStore.ACTION);
            incidentStore.byId(p.incidentId()).filter(i -> i.state() == Incident.State.MITIGATING).ifPresent(i ->
                    incidentStore.setState(i.id(), i.acknowledgedBy() == null ? Incident.State.OPEN : Incident.State.ACKNOWLEDGED));
            audit.record(TRIAGE, AuditKind.OUTCOME, p.target(), null, p.actionId() + " " + p.id() + " (unattended): " + why,
                    ActionOutcome.Result.INTERRUPTED.name(), null);
            edit(p, Message.builder(p.actionId() + " on " + p.target() + " — interrupted: " + why).tone(Tone.FAIL).build());
            escalate(store.byId(p.id()).orElseThrow(), why + "; it is not run again");
            return null;
        });
    }

    /**
     * Pages the rule's on-call members in the incident's thread and marks the root "a person is needed" — once per
     * remediation, whoever calls (inside the caller's transaction).
     */
    private void escalate(Pending p, String why) {
        Instant now = clock.instant();
        if (!store.escalate(p.id(), now)) {
            return;
        }
        Incident i = incidentStore.byId(p.incidentId()).orElseThrow();
        RemediationRules.Rule rule = rules.get(p.target());
        List<String> page = rule == null ? List.of() : rule.remediation().escalate();
        if (i.open()) {
            incidentStore.markNeedsPerson(i.id(), why);
        }
        if (i.rootItem() != null) {
            incidents.outbox().reply(i.rootItem(), escalation(i, why, page));
        }
        Incident now2 = incidentStore.byId(i.id()).orElseThrow();
        if (now2.open()) {
            incidents.timeline(now2, "escalate", "Triage", "a person is needed: " + why
                    + (page.isEmpty() ? "" : " · paging " + String.join(", ", page)));
            incidents.refreshRoot(now2);
        }
        audit.record(TRIAGE, AuditKind.ESCALATE, p.target(), i.channel(), "incident #" + i.number() + ": " + why,
                page.isEmpty() ? "nobody configured to page" : "paged " + String.join(", ", page), null);
    }

    // ---- Hold --------------------------------------------------------------------------------

    /** The Hold button: on any replica; the store decides whether it came before the start. */
    private void hold(CommandContext ctx, String id) {
        if (!id.matches("[0-9a-z]{17}")) {
            throw new UsageException("That isn't an unattended run's id (got " + id + ").");
        }
        Requester who = ctx.user();
        Instant now = clock.instant();
        Pending held = db.transaction(c -> {
            Pending p = store.byId(id).orElseThrow(() -> new UsageException("There is no unattended run " + id + " (was the store reset?)."));
            if (!store.hold(id, who.displayName(), now)) {
                return p;
            }
            Pending after = store.byId(id).orElseThrow();
            Incident i = incidentStore.byId(p.incidentId()).orElseThrow();
            incidentStore.markPersonActed(i.id());
            edit(after, Message.builder(p.actionId() + " on " + p.target() + " — held by " + who.mention() + " " + Times.utcShort(now)
                    + ": it will not run without a person").tone(Tone.SKIPPED).field("Rule", p.rule()).build());
            if (i.open()) {
                incidents.timeline(i, "hold", who.displayName(), "held the unattended " + p.actionId() + "; it is a person's now");
                incidents.refreshRoot(incidentStore.byId(i.id()).orElseThrow());
            }
            audit.record(who, AuditKind.REMEDIATE, p.target(), ctx.channel(), "hold " + p.actionId() + " " + id, "held", null);
            return null;
        });
        if (held != null) {
            throw new UsageException(switch (held.status()) {
                case HELD -> "Already held by @" + held.heldBy() + " at " + Times.utc(held.heldAt()) + "; it won't run.";
                case RUNNING -> "Too late to hold: " + held.actionId() + " started at " + Times.utc(held.startedAt())
                        + "; its steps follow in the thread.";
                case DONE, FAILED, INTERRUPTED -> held.actionId() + " already ran (" + held.status().name().toLowerCase(java.util.Locale.ROOT)
                        + ": " + held.summary() + ").";
                default -> "It was not run: " + held.summary() + ".";
            });
        }
        ctx.tell(Message.of(Tone.OK, "Held: Triage won't run it without a person. /backend restart or the incident's buttons "
                + "ask for it with an approval."));
    }

    // ---- messages ----------------------------------------------------------------------------

    private Message announcement(Pending p, ActionPlan plan, Duration hold) {
        return Message.builder(p.actionId() + " on " + p.target() + " in " + Times.length(hold)
                        + " unless someone presses Hold — Triage runs it without a person at " + Times.utcShort(p.runAt()))
                .tone(Tone.WARN)
                .field("Runs", plan.command())
                .field("Gate", plan.gate().isEmpty() ? "none" : String.join(" → ", plan.gate()))
                .field("Verify", String.join(" → ", plan.verify()))
                .field("Rule", p.rule())
                .button(new Message.Button("hold:" + p.id(), "Hold", Message.Button.Style.DANGER))
                .build();
    }

    private Message escalation(Incident i, String why, List<String> page) {
        return Message.builder("A person is needed: " + i.target() + " is still DOWN (incident #" + i.number() + ")").tone(Tone.FAIL)
                .mentioning(page)
                .field("Why", why)
                .field("Paging", page.isEmpty() ? "nobody: set remediate.escalate for " + i.target() : String.join(", ", page))
                .field("Next", "/backend diagnose " + i.target() + ", then act from the root's buttons; Triage won't run it again")
                .build();
    }

    private void edit(Pending p, Message m) {
        if (p.announceItem() != null) {
            incidents.outbox().update(p.announceItem(), m);
        }
    }

    private void reply(Pending p, Message m) {
        incidentStore.byId(p.incidentId()).map(Incident::rootItem).ifPresent(root -> incidents.outbox().reply(root, m));
    }

    private static void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            log.warn("a step beside an unattended run failed, the run goes on: {}", e.toString());
        }
    }
}
