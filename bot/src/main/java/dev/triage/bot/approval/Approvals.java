package dev.triage.bot.approval;

import dev.triage.adapters.MessageRef;
import dev.triage.bot.delivery.Answer;
import dev.triage.bot.delivery.Answers;
import dev.triage.adapters.Requester;
import dev.triage.bot.access.Roles;
import dev.triage.bot.command.CommandContext;
import dev.triage.bot.command.UsageException;
import dev.triage.bot.store.Approval;
import dev.triage.bot.store.Ids;
import dev.triage.bot.store.Store;
import dev.triage.bot.store.StoreRetry;
import dev.triage.bot.text.Times;
import dev.triage.checks.action.Action;
import dev.triage.checks.action.ActionOutcome;
import dev.triage.checks.action.ActionPlan;
import dev.triage.config.Access;
import dev.triage.config.Target;
import dev.triage.config.TriageConfig;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every action that changes something goes through here: a request becomes a stored approval and a
 * card with Approve and Deny; a click is decided once in the store (role checked at click time, never
 * the requester, not expired, not already decided); the winner runs gate → command → verification,
 * each step in the card's thread, and the card is edited with the outcome. Everything is audited.
 */
public final class Approvals {
    private static final Logger log = LoggerFactory.getLogger(Approvals.class);
    static final java.time.Duration OUTCOME_WAITS_FOR_STORE = java.time.Duration.ofMinutes(30);

    private final TriageConfig config;
    private final TargetActions actions;
    private final Roles roles;
    private final Store store;
    private final Audit audit;
    private final StormGuard storm;
    private final ApprovalCard card;
    private final Ids ids;
    private final InstantSource clock;
    private volatile ActionObserver observer = ActionObserver.NONE;
    private final String runner;
    /** The runs going on in this process (approval id → the thread running it), for a stop that has to end them. */
    private final java.util.Map<String, Running> running = new java.util.concurrent.ConcurrentHashMap<>();

    /** One run in this process: its thread, and what its end needs. */
    private record Running(Thread thread, Approval approval, Requester who, String channel, RunView view,
                           java.util.concurrent.atomic.AtomicBoolean abandoned) {
    }

    /**
     * Where one run shows itself as it goes: in chat its card (edited as it starts and ends, each step a reply in its
     * thread); at the terminal, lines on standard output. Whatever a view fails to show, the run goes on and is recorded.
     */
    public interface RunView {
        /** Shows nothing: for a run whose view is gone with the process that ran it. */
        RunView NOWHERE = new RunView() {
            @Override
            public void started(Approval a, ActionPlan plan, Instant at) {
            }

            @Override
            public void step(dev.triage.checks.action.ActionStep step) {
            }

            @Override
            public void finished(Approval a, ActionPlan plan, ActionOutcome outcome, Instant at) {
            }
        };

        void started(Approval a, ActionPlan plan, Instant at);

        void step(dev.triage.checks.action.ActionStep step);

        void finished(Approval a, ActionPlan plan, ActionOutcome outcome, Instant at);
    }

    /** The card of a request in chat, as a {@link RunView}. */
    private RunView cardView(Answers answers, Answer cardRef) {
        return new RunView() {
            @Override
            public void started(Approval a, ActionPlan plan, Instant at) {
                answers.update(cardRef, card.approved(a, plan, at));
            }

            @Override
            public void step(dev.triage.checks.action.ActionStep step) {
                answers.reply(cardRef, card.step(step));
            }

            @Override
            public void finished(Approval a, ActionPlan plan, ActionOutcome outcome, Instant at) {
                answers.update(cardRef, card.finished(a, plan, outcome, at));
            }
        };
    }

    /** Hears about requests, decisions and outcomes (the incident timeline listens here). */
    public interface ActionObserver {
        ActionObserver NONE = new ActionObserver() { };

        default void requested(Approval a) {
        }

        default void decided(Approval a) {
        }

        default void started(Approval a, ActionPlan plan) {
        }

        default void finished(Approval a, ActionOutcome outcome) {
        }
    }

    public Approvals(TriageConfig config, TargetActions actions, Roles roles, Store store, Audit audit, ApprovalCard card,
                     Ids ids, InstantSource clock) {
        this(config, actions, roles, store, audit, card, ids, clock, "local");
    }

    /** @param runner the id of the replica these approvals run their actions on */
    public Approvals(TriageConfig config, TargetActions actions, Roles roles, Store store, Audit audit, ApprovalCard card,
                     Ids ids, InstantSource clock, String runner) {
        this(config, actions, roles, store, audit, card, ids, clock, runner, ActionObserver.NONE);
    }

    /**
     * @param runner   the id of the replica these approvals run their actions on
     * @param observer hears every request, decision, start and outcome (the incident timeline, the metrics)
     */
    public Approvals(TriageConfig config, TargetActions actions, Roles roles, Store store, Audit audit, ApprovalCard card,
                     Ids ids, InstantSource clock, String runner, ActionObserver observer) {
        this.observer = java.util.Objects.requireNonNull(observer, "observer");
        this.runner = runner;
        this.config = config;
        this.actions = actions;
        this.roles = roles;
        this.store = store;
        this.audit = audit;
        this.storm = new StormGuard(store);
        this.card = card;
        this.ids = ids;
        this.clock = clock;
    }

    /** For tests that listen after construction; the composition root passes its observer to the constructor. */
    void observe(ActionObserver observer) {
        this.observer = java.util.Objects.requireNonNull(observer, "observer");
    }

    /** What the action would do on the target; refused (with why) when Triage has no such action or it can't run there. */
    private ActionPlan availablePlan(Target target, String actionId) {
        Action action = actions.find(target, actionId).orElseThrow(() -> new UsageException(
                "Triage has no action " + actionId + " for " + target.name() + "."));
        ActionPlan plan = action.plan(target);
        if (!plan.available()) {
            throw new UsageException(actionId + " can't run on " + target.name() + ": " + plan.unavailableReason());
        }
        return plan;
    }

    /** {@code /backend restart prod}: posts the approval card (or, with {@code dryRun}, only the plan). */
    public Optional<Approval> request(CommandContext ctx, Target target, String actionId, boolean dryRun) {
        Access.ActionPolicy policy = policy(actionId);
        ActionPlan plan = availablePlan(target, actionId);
        if (dryRun) {
            ctx.reply(card.dryRun(target.name(), ctx.user().mention(), plan, policy.approverRole(), policy.twoPerson()));
            audit.record(ctx.user(), AuditKind.DRY_RUN, target.name(), ctx.channel(), actionId + ": " + plan.command(), "shown", null);
            return Optional.empty();
        }
        Instant now = clock.instant();
        Approval a = createRequest(ctx.user(), ctx.channel(), target, actionId, plan, policy, now);
        Answer posted = ctx.card(card.pending(a, plan, now));
        if (posted.isItem()) {
            store.attachCardItem(a.id(), ctx.channel(), posted.handle());
        } else {
            store.attachCard(a.id(), posted.ref().channel(), posted.ref().id());
        }
        audit.record(ctx.user(), AuditKind.REQUEST, target.name(), ctx.channel(), actionId + ": " + plan.command(), "pending " + a.id(), null);
        observer.requested(a);
        return Optional.of(a);
    }

    /** An Approve click. Runs the action when this click is the one that decides the request. */
    public void approve(CommandContext ctx, String approvalId) {
        Approval a = load(approvalId);
        Instant now = clock.instant();
        refuseIfClosed(ctx, a, now);
        Requester who = ctx.user();
        if (!roles.has(who, a.approverRole())) {
            audit.record(who, AuditKind.REFUSE, a.target(), ctx.channel(), "approve " + a.id(), "lacks role " + a.approverRole(), null);
            throw new UsageException("Approving " + a.actionId() + " on " + a.target() + " needs the role " + a.approverRole()
                    + ", and " + who.mention() + " doesn't have it (now). /backend whoami shows your roles.");
        }
        if (a.twoPerson() && a.requestedBy().equals(Roles.memberId(who))) {
            audit.record(who, AuditKind.REFUSE, a.target(), ctx.channel(), "approve " + a.id(), "own request", null);
            throw new UsageException("You asked for this " + a.actionId() + ", so someone else with role " + a.approverRole()
                    + " has to approve it.");
        }
        Access.ActionPolicy policy = policy(a.actionId());
        Decision decision = decideGuarded(a, who, policy, now);
        switch (decision) {
            case Decision.Closed closed -> throw new UsageException(whyClosed(closed.now(), now));
            case Decision.Refused refused -> {
                audit.record(who, AuditKind.REFUSE, a.target(), ctx.channel(), "approve " + a.id(), "storm guard", null);
                throw new UsageException(refused.why() + " The request stays open until it expires.");
            }
            case Decision.Approved ok -> {
            }
        }
        Approval decided = store.approval(a.id()).orElseThrow();
        audit.record(who, AuditKind.APPROVE, a.target(), ctx.channel(), a.actionId() + " " + a.id(), "approved", null);
        observer.decided(decided);
        run(who, ctx.channel(), decided, cardView(ctx.answers(), cardOf(decided, ctx)));
    }

    /**
     * A request approved by the one who makes it, where that is the approval: the CLI's {@code --yes} (or a yes typed at
     * its prompt) is the OS user's. The road of a click on a card, with {@code view} in place of the card: the policy
     * (deny by default), the approver role, one request at a time, the storm guard checked and the run recorded in the
     * decision's transaction, then gate → command → verification, every step and the outcome audited and in the
     * target's incident thread. {@code two_person} binds requests made in chat: on one terminal the asker is the only
     * person there, so the audit records the request and the approval as theirs. Refusals throw {@link UsageException}.
     */
    public ActionOutcome runApprovedByRequester(Requester who, String channel, Target target, String actionId, RunView view) {
        Access.ActionPolicy policy = policy(actionId);
        ActionPlan plan = availablePlan(target, actionId);
        if (!roles.has(who, policy.approverRole())) {
            audit.record(who, AuditKind.REFUSE, target.name(), channel, actionId + " request", "lacks role " + policy.approverRole(), null);
            throw new UsageException(actionId + " needs an approver with the role " + policy.approverRole() + ", and "
                    + Roles.memberId(who) + " doesn't have it: add " + Roles.memberId(who) + " to roles." + policy.approverRole()
                    + " in the config, or ask in chat (/backend " + verbOf(actionId) + " " + target.name() + ").");
        }
        Instant now = clock.instant();
        Approval a = createRequest(who, channel, target, actionId, plan, policy, now);
        audit.record(who, AuditKind.REQUEST, target.name(), channel, actionId + ": " + plan.command(), "pending " + a.id(), null);
        observer.requested(a);
        switch (decideGuarded(a, who, policy, now)) {
            case Decision.Approved ok -> {
            }
            case Decision.Closed closed -> throw new UsageException(whyClosed(closed.now(), now));
            case Decision.Refused refused -> {
                // Another run got in between the check and the decision: this request is withdrawn, not left to block chat.
                store.decide(a.id(), Approval.Status.DENIED, Roles.memberId(who), who.displayName(), now);
                audit.record(who, AuditKind.REFUSE, target.name(), channel, "approve " + a.id(), "storm guard", null);
                throw new UsageException(refused.why());
            }
        }
        Approval decided = store.approval(a.id()).orElseThrow();
        audit.record(who, AuditKind.APPROVE, target.name(), channel, actionId + " " + a.id(), "approved", null);
        observer.decided(decided);
        return run(who, channel, decided, view);
    }

    /**
     * The request's first steps, for chat and the terminal alike: the storm guard (a request it would refuse is not
     * stored), then the request stored — unless one for this target and action is pending already.
     */
    private Approval createRequest(Requester who, String channel, Target target, String actionId, ActionPlan plan,
                                   Access.ActionPolicy policy, Instant now) {
        storm.refusal(target.name(), actionId, policy, now).ifPresent(why -> {
            audit.record(who, AuditKind.REFUSE, target.name(), channel, actionId + " request", "storm guard", null);
            throw new UsageException(why);
        });
        Approval a = Approval.pending(ids.next(now), target.name(), actionId, plan.command(), Roles.memberId(who),
                who.displayName(), channel, policy.approverRole(), policy.twoPerson(), now, now.plus(config.access().approvalExpiry()));
        Optional<Approval> already = store.createApproval(a);
        if (already.isPresent()) {
            Approval first = already.get();
            audit.record(who, AuditKind.REFUSE, target.name(), channel, actionId + " request", "already pending " + first.id(), null);
            throw new UsageException(actionId + " on " + target.name() + " was already asked for by @" + first.requestedByName()
                    + " at " + Times.utc(first.createdAt()) + " and waits for approval"
                    + (first.cardChannel() == null ? "" : " on its card in " + first.cardChannel())
                    + " until " + Times.utc(first.expiresAt()) + ". Approve or deny that card; there is one request at a time.");
        }
        return a;
    }

    /** A Deny click: the approver role, or the requester withdrawing their own request. */
    public void deny(CommandContext ctx, String approvalId) {
        Approval a = load(approvalId);
        Instant now = clock.instant();
        refuseIfClosed(ctx, a, now);
        Requester who = ctx.user();
        boolean own = a.requestedBy().equals(Roles.memberId(who));
        if (!own && !roles.has(who, a.approverRole())) {
            throw new UsageException("Denying " + a.actionId() + " on " + a.target() + " needs the role " + a.approverRole()
                    + " (or being the one who asked).");
        }
        if (!store.decide(a.id(), Approval.Status.DENIED, Roles.memberId(who), who.displayName(), now)) {
            throw new UsageException(whyClosed(store.approval(a.id()).orElse(a), now));
        }
        Approval decided = store.approval(a.id()).orElseThrow();
        audit.record(who, AuditKind.DENY, a.target(), ctx.channel(), a.actionId() + " " + a.id(), own ? "withdrawn" : "denied", null);
        observer.decided(decided);
        target(a).ifPresent(t -> actions.find(t, a.actionId()).ifPresent(action ->
                ctx.update(cardOf(decided, ctx), card.denied(decided, action.plan(t), now))));
    }

    /** What one approve click decided. */
    private sealed interface Decision {
        record Approved() implements Decision {
        }

        /** Decided before (by another click, on any replica), or expired. */
        record Closed(Approval now) implements Decision {
        }

        /** The restart-storm guard holds it back. */
        record Refused(String why) implements Decision {
        }
    }

    /**
     * The decision and the storm guard in one transaction, under a lock on the guard's row: the cooldown and the
     * hourly cap are checked, the request approved once, and the run recorded — all or nothing, so two requests
     * approved at the same moment on two replicas give one run and one refusal saying when the next may run.
     */
    private Decision decideGuarded(Approval a, Requester who, Access.ActionPolicy policy, Instant now) {
        return store.db().transaction(c -> {
            store.lockGuard(a.target(), a.actionId());
            Approval current = store.approval(a.id()).orElse(a);
            if (current.status() != Approval.Status.PENDING) {
                return new Decision.Closed(current);
            }
            Optional<String> storming = StormGuard.judge(store.runsSince(a.target(), a.actionId(), now.minus(java.time.Duration.ofHours(1))),
                    a.target(), a.actionId(), policy, now);
            if (storming.isPresent()) {
                return new Decision.Refused(storming.get());
            }
            if (!store.decide(a.id(), Approval.Status.APPROVED, Roles.memberId(who), who.displayName(), now)) {
                return new Decision.Closed(store.approval(a.id()).orElse(a));
            }
            store.recordRun(ids.next(now), a.target(), a.actionId(), now, a.id(), runner, true);   // run() says it is alive
            return new Decision.Approved();
        });
    }

    /** How often a run says it is still going while its action works ({@link Store#runAlive}): well inside the 2 s shortest lease. */
    static final java.time.Duration RUN_ALIVE_EVERY = java.time.Duration.ofMillis(500);
    private volatile boolean sayingRunsAlive = true;

    /** Tests: this process falls silent as a dead one would, while its actions' threads still run. */
    void stopSayingRunsAlive() {
        sayingRunsAlive = false;
    }

    /**
     * Runs an approved action (below), saying every {@link #RUN_ALIVE_EVERY} that the run is still going, so that no
     * leader takes it for interrupted while this process works on it — a replica's or a terminal's.
     */
    private ActionOutcome run(Requester who, String channel, Approval a, RunView view) {
        Thread alive = Thread.ofVirtual().name("run-alive-" + a.id()).start(() -> {
            while (sayingRunsAlive) {
                try {
                    Thread.sleep(RUN_ALIVE_EVERY);
                    if (sayingRunsAlive) {
                        store.runAlive(a.id());
                    }
                } catch (InterruptedException done) {
                    return;
                } catch (RuntimeException storeDown) {
                    // the next beat tries again; a run that can't say it is alive for a lease's length may be ended by a leader
                }
            }
        });
        try {
            return runAndRecord(who, channel, a, view);
        } finally {
            alive.interrupt();
        }
    }

    /**
     * Runs an approved action. Whatever fails from here on — the platform refusing the card edit, the incident
     * timeline, the action itself — the run ends with an outcome: recorded (once the store answers), in the audit,
     * on the card, and in the incident's thread. A run never strands on "running".
     */
    private ActionOutcome runAndRecord(Requester who, String channel, Approval a, RunView view) {
        Instant started = clock.instant();
        Optional<Target> target = target(a);
        Optional<Action> action = target.flatMap(t -> actions.find(t, a.actionId()));
        Running me = new Running(Thread.currentThread(), a, who, channel, view, new java.util.concurrent.atomic.AtomicBoolean());
        running.put(a.id(), me);
        try {
            return runAndEnd(who, channel, a, started, target, action, view, me);
        } finally {
            running.remove(a.id(), me);
        }
    }

    private ActionOutcome runAndEnd(Requester who, String channel, Approval a, Instant started, Optional<Target> target,
                                    Optional<Action> action, RunView view, Running me) {
        ActionOutcome outcome;
        ActionPlan plan = null;
        if (target.isEmpty() || action.isEmpty()) {
            outcome = failed(a, started, target.isEmpty() ? "the target " + a.target() + " is no longer in the configuration; nothing was run"
                    : a.actionId() + " is no longer available for " + a.target() + "; nothing was run");
        } else {
            try {
                plan = action.get().plan(target.get());
                ActionPlan planned = plan;
                safely(() -> view.started(a, planned, started));
                safely(() -> observer.started(a, planned));
                outcome = action.get().run(target.get(), step -> {
                    safely(() -> view.step(step));
                    // A store that goes away mid-action must not stop the action half-way; the outcome is recorded below.
                    safely(() -> audit.record(who, AuditKind.STEP, a.target(), channel, a.actionId() + " " + step.phase() + " "
                            + step.name() + ": " + step.detail(), step.status().name(), null));
                });
            } catch (RuntimeException e) {
                log.error("action {} on {} crashed", a.actionId(), a.target(), e);
                outcome = failed(a, started, "Triage failed while running it (" + e.getClass().getSimpleName() + "); the log has the detail");
            }
        }
        // An action interrupted by a stop ends with the flag set, and its outcome says so. The flag is cleared, not kept:
        // on this (one task's) thread it would cut the store's connection under the recording of that outcome and the audit.
        Thread.interrupted();
        if (me.abandoned().get()) {
            log.info("{} on {} ended after the stop had recorded it interrupted: {}", a.actionId(), a.target(), outcome.summary());
            return outcome;
        }
        end(who, channel, a, plan, outcome, view);
        return outcome;
    }

    /** How many actions run in this process now. */
    public int runningHere() {
        return running.size();
    }

    /**
     * For a bot that is stopping and can wait no longer: interrupts every action still running here (render-restart
     * then resumes the service at once, an SSH command is cut off), waits up to {@code grace} for each to end with its
     * own outcome, and records any that hasn't as INTERRUPTED — in the store and the audit, on its card and in its
     * incident's thread — as the next leader would, so nobody waits on "running …". Returns "ACTION on TARGET" for each
     * that was interrupted.
     */
    public java.util.List<String> interruptRunning(java.time.Duration grace) {
        java.util.List<Running> now = java.util.List.copyOf(running.values());
        now.forEach(r -> r.thread().interrupt());
        long end = System.nanoTime() + grace.toNanos();
        java.util.List<String> interrupted = new java.util.ArrayList<>();
        for (Running r : now) {
            interrupted.add(r.approval().actionId() + " on " + r.approval().target());
            try {
                long left = Math.max(1, java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()));
                r.thread().join(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (r.thread().isAlive() && r.abandoned().compareAndSet(false, true) && store.claimInterrupted(r.approval().id())) {
                Approval a = r.approval();
                ActionOutcome outcome = new ActionOutcome(a.actionId(), a.target(), ActionOutcome.Result.INTERRUPTED,
                        "Triage was stopped while it ran and it didn't end in time, so what it did is unknown: check " + a.target()
                                + " (/backend status " + a.target() + ") before asking again", java.util.List.of(), null, null);
                ActionPlan plan = target(a).flatMap(t -> actions.find(t, a.actionId()).map(x -> x.plan(t))).orElse(null);
                end(r.who(), r.channel(), a, plan, outcome, r.view());
                log.warn("{} on {} (request {}) was still running when Triage stopped: recorded as interrupted", a.actionId(),
                        a.target(), a.id());
            }
        }
        return interrupted;
    }

    private ActionOutcome failed(Approval a, Instant started, String why) {
        return new ActionOutcome(a.actionId(), a.target(), ActionOutcome.Result.ERROR, why, java.util.List.of(),
                java.time.Duration.between(started, clock.instant()), null);
    }

    /** Records a run's outcome (retried until the store answers), edits its card and tells the incident thread. */
    private void end(Requester who, String channel, Approval a, ActionPlan plan, ActionOutcome outcome, RunView view) {
        Instant done = clock.instant();
        StoreRetry.untilAnswered(clock, OUTCOME_WAITS_FOR_STORE, java.time.Duration.ofSeconds(2), () -> store.db().transaction(c -> {
            store.finish(a.id(), outcome.result().name(), outcome.summary(), outcome.outputDigest(), done);
            store.finishRun(a.id(), outcome.result().name(), done);
            audit.record(who, AuditKind.OUTCOME, a.target(), channel, a.actionId() + " " + a.id() + ": " + outcome.summary(),
                    outcome.result().name(), outcome.outputDigest());
            return null;
        }), () -> log.warn("recording the outcome of {} on {} waits for the store", a.actionId(), a.target()));
        ActionPlan shown = plan != null ? plan : ActionPlan.unavailable(a.actionId(), a.target(), outcome.summary());
        safely(() -> view.finished(a, shown, outcome, done));
        safely(() -> observer.finished(a, outcome));
    }

    /**
     * Runs that were approved and started but never ended because the replica running them stopped (a crash, a
     * kill): each is marked INTERRUPTED once — in the store and the audit, on its card through {@code port}, and in
     * the incident's thread — so nobody waits on "running …" for ever. Returns how many were.
     */
    public int endInterruptedRuns(Answers answers, java.time.Duration aliveWithin) {
        int ended = 0;
        for (String id : store.runsOfStoppedReplicas(aliveWithin)) {
            Optional<Approval> found = store.approval(id);
            if (found.isEmpty() || !store.claimInterrupted(id)) {
                continue;   // another leader got to it
            }
            Approval a = found.get();
            ActionOutcome interrupted = new ActionOutcome(a.actionId(), a.target(), ActionOutcome.Result.INTERRUPTED,
                    "the replica running it stopped before it ended, so what it did is unknown: check " + a.target()
                            + " (/backend status " + a.target() + ") before asking again", java.util.List.of(), null, null);
            ActionPlan plan = target(a).flatMap(t -> actions.find(t, a.actionId()).map(x -> x.plan(t))).orElse(null);
            // A run from the CLI has no card: its outcome is in the store, the audit and the incident thread.
            RunView view = a.cardItem() == null && a.cardId() == null ? RunView.NOWHERE : cardView(answers, cardOf(a, null));
            end(new Requester("triage", "triage", "Triage", java.util.Set.of()), a.channel(), a, plan, interrupted, view);
            log.warn("{} on {} (request {}) was interrupted: its replica stopped", a.actionId(), a.target(), a.id());
            ended++;
        }
        return ended;
    }

    private void refuseIfClosed(CommandContext ctx, Approval a, Instant now) {
        if (a.expiredAt(now)) {
            if (store.expire(a.id(), now)) {
                Approval expired = store.approval(a.id()).orElse(a);
                target(a).ifPresent(t -> actions.find(t, a.actionId()).ifPresent(action ->
                        safely(() -> ctx.update(cardOf(expired, ctx), card.expired(expired, action.plan(t), now)))));
            }
            throw new UsageException("This request expired at " + Times.utc(a.expiresAt()) + ". Ask again: /backend "
                    + verbOf(a.actionId()) + " " + a.target());
        }
        if (a.status() != Approval.Status.PENDING) {
            throw new UsageException(whyClosed(a, now));
        }
    }

    private static String whyClosed(Approval a, Instant now) {
        return switch (a.status()) {
            case APPROVED -> "Already approved by @" + a.decidedByName() + " at " + Times.utc(a.decidedAt()) + "; it runs once.";
            case DENIED -> "Already denied by @" + a.decidedByName() + " at " + Times.utc(a.decidedAt()) + ".";
            case EXPIRED -> "This request expired at " + Times.utc(a.expiresAt()) + ". Ask again.";
            case PENDING -> a.expiredAt(now) ? "This request expired at " + Times.utc(a.expiresAt()) + ". Ask again."
                    : "This request is still open.";
        };
    }

    private Access.ActionPolicy policy(String actionId) {
        return config.access().policy(actionId).orElseThrow(() -> new UsageException(
                actionId + " has no approval policy, so it can't run (deny by default). Add access.actions." + actionId
                        + " with an approver role to the config."));
    }

    private Approval load(String id) {
        if (!id.matches("[0-9a-z]{17}")) {
            throw new UsageException("That isn't an approval request id (got " + id + ").");
        }
        return store.approval(id).orElseThrow(() -> new UsageException("There is no approval request " + id
                + " (was the store reset?). Ask again."));
    }

    private Optional<Target> target(Approval a) {
        return config.target(a.target());
    }

    /**
     * The card, as an answer to edit and reply under: the queued item it was posted as; or, for a card posted straight to
     * the platform, where it landed — or, when a click on another replica arrives before the one that posted it has
     * stored where it landed, the message the click came from, which is the card.
     */
    private Answer cardOf(Approval a, CommandContext ctx) {
        if (a.cardItem() != null) {
            return new Answer(a.cardItem());
        }
        if (a.cardId() == null && ctx != null && ctx.message() != null) {
            store.attachCard(a.id(), ctx.message().channel(), ctx.message().id());
            return Answer.ref(new MessageRef(ctx.message().channel(), ctx.message().id(), null));
        }
        return Answer.ref(new MessageRef(a.cardChannel() == null ? a.channel() : a.cardChannel(), a.cardId() == null ? "?" : a.cardId(),
                null));
    }

    static String verbOf(String actionId) {
        return ActionVerbs.verbFor(actionId);
    }

    /** A step of a run whose failure must not stop the run: logged in one line (a platform's or the store's refusal). */
    private static void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            log.warn("a step beside an action run failed, the run goes on: {}", e.toString());
        }
    }
}
