package dev.triage.bot.probe;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How one target is probed and when its state changes. A null argument takes the default, so a config
 * parser can pass what the YAML leaves out; a given value that makes no sense is refused with a message
 * naming it.
 *
 * @param checks             check ids each probe runs (ids of {@code CheckCatalog}), default {@code [http-health]}
 * @param interval           time between two probes of the target, default 30 s
 * @param timeout            deadline of one probe; null means the target's own {@code timeout}
 * @param failuresBeforeDown consecutive failed probes before DOWN, default 3
 * @param successesBeforeUp  consecutive successful probes before UP, default 2
 * @param startJitter        the first probe starts at a random point within this, default the interval,
 *                           so targets added together don't probe in lockstep
 * @param reminderInterval   while DOWN, at most one reminder per this, default 30 min
 *
 * <p>What may run without a person is not the prober's to say: a target's {@code remediate:} rule
 * ({@code dev.triage.config.Remediation}, run by {@code dev.triage.bot.incident.Remediator}).
 */
public record ProbeSettings(
        List<String> checks,
        Duration interval,
        Duration timeout,
        int failuresBeforeDown,
        int successesBeforeUp,
        Duration startJitter,
        Duration reminderInterval) {

    public static final List<String> DEFAULT_CHECKS = List.of("http-health");
    public static final Duration DEFAULT_INTERVAL = dev.triage.config.Probing.DEFAULT_INTERVAL;
    public static final int DEFAULT_FAILURES_BEFORE_DOWN = 3;
    public static final int DEFAULT_SUCCESSES_BEFORE_UP = 2;
    public static final Duration DEFAULT_REMINDER_INTERVAL = dev.triage.config.Probing.DEFAULT_REMINDER;
    /** Probing more often than this is a load test, not monitoring. */
    public static final Duration MIN_INTERVAL = Duration.ofMillis(100);

    public ProbeSettings(List<String> checks, Duration interval, Duration timeout, Integer failuresBeforeDown,
                         Integer successesBeforeUp, Duration startJitter, Duration reminderInterval) {
        this(checks, interval, timeout,
                failuresBeforeDown == null ? DEFAULT_FAILURES_BEFORE_DOWN : failuresBeforeDown,
                successesBeforeUp == null ? DEFAULT_SUCCESSES_BEFORE_UP : successesBeforeUp,
                startJitter, reminderInterval);
    }

    public ProbeSettings {
        checks = checks == null ? DEFAULT_CHECKS : List.copyOf(checks);
        if (checks.isEmpty()) {
            throw new IllegalArgumentException("probe checks cannot be empty: name at least one check id, e.g. http-health");
        }
        for (String id : checks) {
            if (id.isBlank()) {
                throw new IllegalArgumentException("probe check id cannot be blank: " + checks);
            }
        }
        interval = interval == null ? DEFAULT_INTERVAL : interval;
        if (interval.compareTo(MIN_INTERVAL) < 0) {
            throw new IllegalArgumentException("probe interval must be at least " + MIN_INTERVAL.toMillis() + " ms: "
                    + interval.toMillis() + " ms");
        }
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("probe timeout must be positive: " + timeout.toMillis() + " ms");
        }
        if (timeout != null && timeout.compareTo(interval) > 0) {
            throw new IllegalArgumentException("probe timeout " + timeout.toMillis() + " ms is longer than the interval "
                    + interval.toMillis() + " ms: probes of one target would overlap");
        }
        if (failuresBeforeDown < 1) {
            throw new IllegalArgumentException("failures before down must be at least 1: " + failuresBeforeDown);
        }
        if (successesBeforeUp < 1) {
            throw new IllegalArgumentException("successes before up must be at least 1: " + successesBeforeUp);
        }
        startJitter = startJitter == null ? interval : startJitter;
        if (startJitter.isNegative() || startJitter.compareTo(interval) > 0) {
            throw new IllegalArgumentException("start jitter must be between 0 and the interval " + interval.toMillis()
                    + " ms: " + startJitter.toMillis() + " ms");
        }
        reminderInterval = reminderInterval == null ? DEFAULT_REMINDER_INTERVAL : reminderInterval;
        if (reminderInterval.compareTo(interval) < 0) {
            throw new IllegalArgumentException("reminder interval " + reminderInterval.toMillis()
                    + " ms is shorter than the probe interval " + interval.toMillis() + " ms: that would remind on every probe");
        }
    }

    /** A target's {@code probe:} as the config reads it (validated there by the same rules as here). */
    public static ProbeSettings from(dev.triage.config.Probing.TargetProbe p) {
        return new ProbeSettings(p.checks(), p.interval(), p.timeout(), p.failuresBeforeDown(), p.successesBeforeUp(),
                p.startJitter(), p.reminderInterval());
    }

    /** Every default: {@code http-health} every 30 s, DOWN after 3 failures, UP after 2 successes. */
    public static ProbeSettings defaults() {
        return new ProbeSettings(null, null, null, (Integer) null, null, null, null);
    }

    /** Demo mode: the same, every {@code interval} (2 s in the demo), so {@code /demo stop} alerts within seconds. */
    public static ProbeSettings every(Duration interval) {
        return new ProbeSettings(null, Objects.requireNonNull(interval, "interval"), null, (Integer) null, null, null, null);
    }

    public ProbeSettings withInterval(Duration newInterval) {
        Objects.requireNonNull(newInterval, "newInterval");
        Duration jitter = startJitter.equals(interval) || startJitter.compareTo(newInterval) > 0 ? null : startJitter;
        return new ProbeSettings(checks, newInterval, timeout, failuresBeforeDown, successesBeforeUp, jitter,
                reminderInterval);
    }

    public ProbeSettings withThresholds(int failures, int successes) {
        return new ProbeSettings(checks, interval, timeout, failures, successes, startJitter, reminderInterval);
    }

    public ProbeSettings withReminderInterval(Duration reminders) {
        return new ProbeSettings(checks, interval, timeout, failuresBeforeDown, successesBeforeUp, startJitter,
                Objects.requireNonNull(reminders, "reminders"));
    }

    public ProbeSettings withStartJitter(Duration jitter) {
        return new ProbeSettings(checks, interval, timeout, failuresBeforeDown, successesBeforeUp,
                Objects.requireNonNull(jitter, "jitter"), reminderInterval);
    }

    public ProbeSettings withChecks(List<String> ids) {
        return new ProbeSettings(Objects.requireNonNull(ids, "ids"), interval, timeout, failuresBeforeDown,
                successesBeforeUp, startJitter, reminderInterval);
    }

    public ProbeSettings withTimeout(Duration probeTimeout) {
        return new ProbeSettings(checks, interval, Objects.requireNonNull(probeTimeout, "probeTimeout"),
                failuresBeforeDown, successesBeforeUp, startJitter, reminderInterval);
    }
}
