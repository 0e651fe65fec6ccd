package dev.triage.checks.cloud.aws;

import java.time.Duration;

/**
 * A load balancer target group's health check, as DescribeTargetGroups states it: how often it asks,
 * how long it waits, and how many answers in a row turn a target healthy or unhealthy.
 *
 * @param name             the target group's name, for messages
 * @param protocol         {@code HTTP}, {@code HTTPS}, {@code TCP}…
 * @param path             the health-check path (HTTP/HTTPS); null for TCP
 * @param enabled          false when the group does not check its targets at all
 * @param intervalSeconds  HealthCheckIntervalSeconds
 * @param timeoutSeconds   HealthCheckTimeoutSeconds
 * @param healthyThreshold HealthyThresholdCount: passes in a row before a target is healthy
 * @param unhealthyThreshold UnhealthyThresholdCount: failures in a row before it is unhealthy
 */
record TargetGroupHealth(String arn, String name, String protocol, String path, boolean enabled, int intervalSeconds,
                         int timeoutSeconds, int healthyThreshold, int unhealthyThreshold) {

    /** How long a target that answers takes to be seen healthy: {@code healthyThreshold} checks, one interval apart. */
    Duration healthyAfter() {
        return Duration.ofSeconds((long) healthyThreshold * intervalSeconds);
    }

    /**
     * How long a target that doesn't answer yet takes to be marked unhealthy: the first check comes as it
     * registers, so the {@code unhealthyThreshold}-th failure is {@code unhealthyThreshold - 1} intervals later.
     */
    Duration unhealthyAfter() {
        return Duration.ofSeconds((long) Math.max(0, unhealthyThreshold - 1) * intervalSeconds);
    }

    /** One line: {@code target group chat-tg: GET /health every 30 s, timeout 5 s, healthy after 5, unhealthy after 2}. */
    String describe() {
        if (!enabled) {
            return "target group " + name + ": health checks disabled";
        }
        String what = path == null ? String.valueOf(protocol) : (protocol == null ? "" : protocol + " ") + path;
        return "target group " + name + ": " + what + " every " + intervalSeconds + " s, timeout " + timeoutSeconds
                + " s, healthy after " + healthyThreshold + ", unhealthy after " + unhealthyThreshold;
    }
}
