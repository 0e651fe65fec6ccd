package dev.triage.checks.cloud.aws;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * How long a task takes to start against the time ECS gives it (document 004: the container took longer
 * to start than the 60 s health-check grace period, so ECS stopped it and started another, which did the
 * same). A pure judgement over what ECS, the load balancer and the task's own log say.
 *
 * <p>The load balancer checks a target from the moment it registers, marks one that doesn't answer
 * unhealthy at its {@code unhealthyThreshold}-th failed check, and healthy again only after
 * {@code healthyThreshold} passes in a row; ECS ignores an unhealthy target until the grace period has
 * passed, then stops it. So a task is killed when it is still not ready when the load balancer gives up,
 * and is not seen healthy before the grace period ends:
 * {@code start >= (unhealthyThreshold - 1) × interval} and {@code start + healthyThreshold × interval > grace}.
 *
 * @param kind           the finding
 * @param start          from the task's start to its ready line; with {@code atLeast}, the time it ran without one
 * @param healthyAt      when the load balancer sees it healthy: {@code start + healthyThreshold × interval}
 * @param suggestedGrace the grace period that leaves a margin: 1.5 × healthyAt (2 × for a lower bound), in
 *                       whole half-minutes, at least 30 s more than now
 */
record StartupTiming(Kind kind, TaskStart task, TargetGroupHealth check, int graceSeconds, Duration start, boolean atLeast,
                     Duration healthyAt, int suggestedGrace) {

    /** A task with no ready line after this long is stuck, not slow: a longer grace period won't help. */
    static final Duration STUCK_AFTER = Duration.ofMinutes(15);

    enum Kind {
        /** It is killed before it is healthy: lengthen the grace period. */
        SLOWER_THAN_GRACE("slower-than-grace"),
        /** It was ready in time and still failed the load balancer's checks: the check's path or port is wrong. */
        HEALTH_CHECK_FAILS("health-check-fails"),
        /** It starts and turns healthy within the grace period (or before the load balancer gives up). */
        WITHIN_GRACE("within-grace"),
        /** A task is starting now, within the time it has. */
        STARTING("starting"),
        /** No ready line for longer than anyone starts: hung. */
        STUCK("stuck"),
        /** Nothing to measure, or nothing to tell a slow start from another failure by. */
        UNKNOWN("unknown");

        private final String fact;

        Kind(String fact) {
            this.fact = fact;
        }

        /** The {@code startup} fact runbooks read. */
        String fact() {
            return fact;
        }
    }

    /**
     * One task's start, as ECS and its own log stream tell it.
     *
     * @param startedAt     when its containers started (ECS {@code startedAt}, else its log's first line)
     * @param readyAt       the first ready line of its log; null when there is none (or none is configured)
     * @param endedAt       when it stopped or began stopping; null while it runs
     * @param setupStep     the setup step its log ends in (see {@link SetupSteps}); null when none
     * @param logRead       false when its log could not be read (no log group, no stream yet, no permission)
     * @param readyMarker   true when a ready marker is configured
     */
    record TaskStart(String taskId, String taskDefinition, Instant startedAt, Instant readyAt, Instant endedAt,
                     String stoppedReason, boolean stoppedForHealthChecks, String setupStep, boolean logRead, boolean readyMarker) {
        boolean stopped() {
            return endedAt != null;
        }

        /** Something says it was still starting when it ended (or now): no ready line where one is expected, or a setup step. */
        boolean stillStarting() {
            return logRead && readyAt == null && (readyMarker || setupStep != null);
        }
    }

    /**
     * @param checks the service's target groups; the one slowest to call a target healthy decides
     * @param task   the task to measure; null when none has started
     */
    static StartupTiming judge(int graceSeconds, List<TargetGroupHealth> checks, TaskStart task, Instant now) {
        Objects.requireNonNull(now, "now");
        TargetGroupHealth hc = checks.stream().filter(TargetGroupHealth::enabled)
                .max(Comparator.comparing(TargetGroupHealth::healthyAfter)).orElse(null);
        if (hc == null || task == null || task.startedAt() == null) {
            return new StartupTiming(Kind.UNKNOWN, task, hc, graceSeconds, null, false, null, 0);
        }
        Duration grace = Duration.ofSeconds(graceSeconds);
        if (task.readyAt() != null) {
            Duration start = nonNegative(Duration.between(task.startedAt(), task.readyAt()));
            Duration healthyAt = start.plus(hc.healthyAfter());
            boolean givenUp = start.compareTo(hc.unhealthyAfter()) >= 0;
            Kind kind = givenUp && healthyAt.compareTo(grace) > 0 ? Kind.SLOWER_THAN_GRACE
                    : task.stoppedForHealthChecks() ? Kind.HEALTH_CHECK_FAILS : Kind.WITHIN_GRACE;
            return of(kind, task, hc, graceSeconds, start, false, healthyAt);
        }
        Instant end = task.stopped() ? task.endedAt() : now;
        Duration start = nonNegative(Duration.between(task.startedAt(), end));
        Duration healthyAt = start.plus(hc.healthyAfter());
        Kind kind;
        if (start.compareTo(STUCK_AFTER) > 0 && (task.stillStarting() || !task.stopped())) {
            kind = Kind.STUCK;
        } else if (task.stopped()) {
            kind = task.stoppedForHealthChecks() && task.stillStarting() ? Kind.SLOWER_THAN_GRACE : Kind.UNKNOWN;
        } else if (!task.stillStarting()) {
            kind = Kind.UNKNOWN;
        } else {
            boolean pastIt = start.compareTo(grace) >= 0 && start.compareTo(hc.unhealthyAfter()) >= 0;
            kind = pastIt ? Kind.SLOWER_THAN_GRACE : Kind.STARTING;
        }
        return of(kind, task, hc, graceSeconds, start, true, healthyAt);
    }

    private static StartupTiming of(Kind kind, TaskStart task, TargetGroupHealth hc, int grace, Duration start, boolean atLeast,
                                    Duration healthyAt) {
        double margin = atLeast ? 2.0 : 1.5;
        long wanted = (long) Math.ceil(healthyAt.toSeconds() * margin / 30.0) * 30;
        long suggested = Math.max(wanted, ((grace + 30 + 29) / 30) * 30L);
        return new StartupTiming(kind, task, hc, grace, start, atLeast, healthyAt, (int) Math.min(Integer.MAX_VALUE, suggested));
    }

    private static Duration nonNegative(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }

    /** {@code started in 95 s}, or {@code not ready after 62 s}: the measured part of a verdict. */
    String measured() {
        if (start == null) {
            return "start not measured";
        }
        return (atLeast ? "not ready after " : "started in ") + seconds(start);
    }

    /** {@code healthy after 5 checks 30 s apart: ~245 s}. */
    String healthyText() {
        return "healthy after " + check.healthyThreshold() + " checks " + check.intervalSeconds() + " s apart: "
                + (atLeast ? "over " : "~") + seconds(healthyAt);
    }

    static String seconds(Duration d) {
        long s = d.toSeconds();
        return s < 600 ? s + " s" : (s / 60) + " min " + (s % 60) + " s";
    }
}
