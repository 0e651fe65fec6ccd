package dev.triage.bot.probe;

import dev.triage.bot.probe.ProbeEvent.Reminder;
import dev.triage.bot.probe.ProbeEvent.WentDown;
import dev.triage.bot.probe.ProbeEvent.WentUp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One target's state machine: fed probe results in order, it answers with the events they cause.
 * Pure and deterministic: no clock and no I/O, time comes from the results and the caller.
 *
 * <ul>
 *   <li>Every target starts {@link HealthState#UNKNOWN}. {@code successesBeforeUp} consecutive good probes
 *       make it UP quietly (a healthy target at start is not news). {@code failuresBeforeDown} consecutive
 *       failures make it DOWN with a {@link WentDown} that pages: a target already down when the bot
 *       starts is still down, and nobody has been told.</li>
 *   <li>Hysteresis: failures count only in an unbroken run, so one good probe among failures resets the
 *       count, and a single failure while UP changes nothing; likewise for successes while DOWN.</li>
 *   <li>While DOWN, a {@link Reminder} at most once per {@code reminderInterval} since the last alert,
 *       checked on each probe — never on every probe.</li>
 *   <li>{@link WentUp} after {@code successesBeforeUp} good probes, with the outage from its first failed
 *       probe to its first good one.</li>
 *   <li>Silences: the state is still tracked and events still emitted, marked so the caller pages no one;
 *       no reminders while silenced. An outage whose alert a silence held back, and which is still DOWN
 *       when the silence ends (expiry seen on the next probe or {@link #tick}, or {@link #unsilence}),
 *       pages then with a {@link WentDown} marked {@code afterSilence}.</li>
 * </ul>
 * Methods are synchronized so the prober's probe thread and a {@code /backend silence} command can meet here.
 */
public final class TargetHealth {
    private final String target;
    private final ProbeSettings settings;

    private HealthState state = HealthState.UNKNOWN;
    private Instant stateSince;

    private int failRun;
    private ProbeResult firstFailureOfRun;
    private ProbeResult lastFailure;
    private int okRun;
    private Instant firstSuccessOfRun;

    private Instant downSince;
    private ProbeResult outageFirstFailure;
    private int outageFailures;
    private boolean paged;
    private Instant lastAlertAt;
    private int reminders;

    private Silence silence;

    public TargetHealth(String target, ProbeSettings settings) {
        this.target = Objects.requireNonNull(target, "target");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * A target that was DOWN with an open incident when the bot stopped: it carries on DOWN without a second
     * {@link WentDown}, reminds from {@code lastAlertAt}, and its {@link WentUp} measures from {@code downSince}.
     */
    public static TargetHealth resumingDown(String target, ProbeSettings settings, Instant downSince, Instant lastAlertAt) {
        TargetHealth h = new TargetHealth(target, settings);
        h.state = HealthState.DOWN;
        h.stateSince = Objects.requireNonNull(downSince, "downSince");
        h.downSince = downSince;
        h.paged = true;
        h.lastAlertAt = Objects.requireNonNull(lastAlertAt, "lastAlertAt");
        return h;
    }

    /**
     * A target's streak as a new leader finds it (HA.md: "probes from where the old leader left off"), with no
     * open incident: a run of failures continues — one short of DOWN at most, so the outage is announced by
     * the leader that sees it, never assumed — and a run of successes continues towards UP.
     */
    public static TargetHealth resuming(String target, ProbeSettings settings, Streak streak) {
        TargetHealth h = new TargetHealth(target, settings);
        h.state = streak.state() == HealthState.DOWN ? HealthState.UNKNOWN : streak.state();
        h.stateSince = h.state == HealthState.UNKNOWN ? null : streak.stateSince();
        h.failRun = Math.min(streak.failures(), settings.failuresBeforeDown() - 1);
        h.firstFailureOfRun = h.failRun > 0 ? streak.firstFailure() : null;
        h.lastFailure = h.firstFailureOfRun;
        h.okRun = h.failRun > 0 ? 0 : Math.min(streak.successes(), settings.successesBeforeUp() - 1);
        h.firstSuccessOfRun = h.okRun > 0 ? streak.firstSuccess() : null;
        return h;
    }

    /**
     * What a new leader needs to continue this target's probing: the state, and the current runs capped at the
     * thresholds (so a steady target's streak stops changing and isn't written again).
     */
    public synchronized Streak streak() {
        return new Streak(state, stateSince, Math.min(failRun, settings.failuresBeforeDown()),
                Math.min(okRun, settings.successesBeforeUp()), firstFailureOfRun, okRun > 0 ? firstSuccessOfRun : null);
    }

    /**
     * @param failures     consecutive failed probes, at most the DOWN threshold
     * @param successes    consecutive good probes, at most the UP threshold
     * @param firstFailure the first failed probe of the current run of failures, or null
     * @param firstSuccess when the current run of good probes began, or null
     */
    public record Streak(HealthState state, Instant stateSince, int failures, int successes, ProbeResult firstFailure,
                         Instant firstSuccess) {
    }

    /**
     * A silence the store holds that this state didn't know about yet, learned as it was about to page: the
     * alert is held back like any silenced one, and pages if the target is still down when the silence ends.
     */
    public synchronized void heldBack(Instant until, String reason) {
        silence = new Silence(until, reason);
        if (state == HealthState.DOWN && paged) {
            paged = false;
            lastAlertAt = null;
        }
    }

    public String target() {
        return target;
    }

    public ProbeSettings settings() {
        return settings;
    }

    /** Takes one probe result (results must come in the order the probes started) and returns what it changed. */
    public synchronized List<ProbeEvent> observe(ProbeResult result) {
        Objects.requireNonNull(result, "result");
        if (!result.target().equals(target)) {
            throw new IllegalArgumentException("result for " + result.target() + " given to the state of " + target);
        }
        Instant at = result.at();
        List<ProbeEvent> events = new ArrayList<>(1);
        expireSilence(at);
        boolean changed = result.ok() ? onSuccess(result, events) : onFailure(result, events);
        pageHeldAlert(at, events);
        if (!changed && events.isEmpty()) {
            remindIfDue(at, events);
        }
        return events;
    }

    /** Holds back alerts until {@code until}; replaces any silence already on. */
    public synchronized void silence(Instant until, String reason) {
        this.silence = new Silence(until, reason);
    }

    /** Ends the silence now; if it held back the alert of an outage still going on, that alert pages now. */
    public synchronized List<ProbeEvent> unsilence(Instant now) {
        silence = null;
        List<ProbeEvent> events = new ArrayList<>(1);
        pageHeldAlert(now, events);
        return events;
    }

    /** Lets time pass without a probe: a silence that ended by {@code now} releases its held alert. */
    public synchronized List<ProbeEvent> tick(Instant now) {
        List<ProbeEvent> events = new ArrayList<>(1);
        expireSilence(now);
        pageHeldAlert(now, events);
        return events;
    }

    public synchronized HealthView view() {
        return new HealthView(state, stateSince, failRun, okRun, silence, downSince, lastFailure);
    }

    private boolean onSuccess(ProbeResult result, List<ProbeEvent> events) {
        failRun = 0;
        firstFailureOfRun = null;
        if (okRun++ == 0) {
            firstSuccessOfRun = result.at();
        }
        if (okRun < settings.successesBeforeUp() || state == HealthState.UP) {
            return false;
        }
        if (state == HealthState.DOWN) {
            boolean quiet = silencedAt(result.at()) || !paged;
            events.add(new WentUp(target, result.at(), downSince, firstSuccessOfRun, okRun, quiet));
            endOutage();
        }
        state = HealthState.UP;
        stateSince = firstSuccessOfRun;
        return true;
    }

    private boolean onFailure(ProbeResult result, List<ProbeEvent> events) {
        okRun = 0;
        firstSuccessOfRun = null;
        if (failRun++ == 0) {
            firstFailureOfRun = result;
        }
        lastFailure = result;
        if (state == HealthState.DOWN) {
            outageFailures++;
            return false;
        }
        if (failRun < settings.failuresBeforeDown()) {
            return false;
        }
        state = HealthState.DOWN;
        stateSince = firstFailureOfRun.at();
        downSince = stateSince;
        outageFirstFailure = firstFailureOfRun;
        outageFailures = failRun;
        reminders = 0;
        boolean silenced = silencedAt(result.at());
        paged = !silenced;
        lastAlertAt = silenced ? null : result.at();
        events.add(new WentDown(target, result.at(), downSince, firstFailureOfRun, failRun, silenced, false));
        return true;
    }

    private void remindIfDue(Instant at, List<ProbeEvent> events) {
        if (state != HealthState.DOWN || !paged || silencedAt(at) || lastFailure == null) {
            return;
        }
        if (Duration.between(lastAlertAt, at).compareTo(settings.reminderInterval()) >= 0) {
            lastAlertAt = at;
            events.add(new Reminder(target, at, downSince, outageFailures, lastFailure, ++reminders));
        }
    }

    private void expireSilence(Instant now) {
        if (silence != null && !silence.activeAt(now)) {
            silence = null;
        }
    }

    private void pageHeldAlert(Instant now, List<ProbeEvent> events) {
        if (state != HealthState.DOWN || paged || silencedAt(now)) {
            return;
        }
        paged = true;
        lastAlertAt = now;
        events.add(new WentDown(target, now, downSince, outageFirstFailure, outageFailures, false, true));
    }

    private boolean silencedAt(Instant at) {
        return silence != null && silence.activeAt(at);
    }

    private void endOutage() {
        downSince = null;
        outageFirstFailure = null;
        outageFailures = 0;
        paged = false;
        lastAlertAt = null;
        reminders = 0;
    }

    /**
     * The state as {@code /backend probes} shows it.
     *
     * @param since               when the current state began (its first probe); null while UNKNOWN
     * @param consecutiveFailures failures in the current run
     * @param consecutiveSuccesses successes in the current run
     * @param silence             the silence on, or null
     * @param downSince           the current outage's first failed probe, or null when not DOWN
     * @param lastFailure         the most recent failed probe, or null
     */
    public record HealthView(HealthState state, Instant since, int consecutiveFailures, int consecutiveSuccesses,
                             Silence silence, Instant downSince, ProbeResult lastFailure) {
    }
}
