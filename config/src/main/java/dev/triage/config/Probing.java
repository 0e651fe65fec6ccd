package dev.triage.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Scheduled probing: whether it runs, how many probes may be in flight, and each target's probe
 * settings (from {@code targets[].probe}); a target without a {@code probe:} block gets the defaults.
 */
public record Probing(boolean enabled, int maxInFlight, Map<String, TargetProbe> targets) {
    public static final int DEFAULT_MAX_IN_FLIGHT = 64;
    /** How often a target is probed unless its {@code probe.interval} says otherwise (the one home of this default). */
    public static final java.time.Duration DEFAULT_INTERVAL = java.time.Duration.ofSeconds(30);
    /** While a target is down, at most one reminder per this unless {@code probe.reminder} says otherwise. */
    public static final java.time.Duration DEFAULT_REMINDER = java.time.Duration.ofMinutes(30);

    public Probing {
        targets = targets == null ? Map.of() : Map.copyOf(targets);
        maxInFlight = maxInFlight <= 0 ? DEFAULT_MAX_IN_FLIGHT : maxInFlight;
    }

    public static Probing defaults() {
        return new Probing(true, DEFAULT_MAX_IN_FLIGHT, Map.of());
    }

    public Optional<TargetProbe> target(String name) {
        return Optional.ofNullable(targets.get(name));
    }

    /**
     * One target's probe settings; null fields take the prober's defaults (http-health every 30 s, DOWN
     * after 3 failures, UP after 2 successes, reminders every 30 min).
     */
    public record TargetProbe(boolean enabled, List<String> checks, Duration interval, Duration timeout, Integer failuresBeforeDown,
                              Integer successesBeforeUp, Duration startJitter, Duration reminderInterval) {
    }
}
