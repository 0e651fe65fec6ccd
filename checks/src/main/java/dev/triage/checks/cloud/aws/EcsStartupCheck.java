package dev.triage.checks.cloud.aws;

import dev.triage.checks.Check;
import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import dev.triage.checks.cloud.CloudApiException;
import dev.triage.checks.cloud.CloudLookup;
import dev.triage.checks.cloud.CloudResults;
import dev.triage.config.CloudSettings;
import dev.triage.config.Target;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code ecs-startup} (document 004, the root cause): does a task start, and turn healthy at the load
 * balancer, within the service's health-check grace period? Reads the grace period and the running task
 * definition, the target group's health check (interval, timeout, thresholds, path), and the newest tasks'
 * start from their own log streams. FAIL when tasks start slower than the grace period allows — with the
 * numbers and the figure {@code ecs-grace-period} would set — or when a task ready in time still fails
 * the health check.
 */
public final class EcsStartupCheck implements Check {
    public static final String ID = "ecs-startup";

    private final AwsClients clients;
    private final CloudLookup lookup;
    private final InstantSource clock;

    public EcsStartupCheck(AwsClients clients, CloudLookup lookup, InstantSource clock) {
        this.clients = Objects.requireNonNull(clients, "clients");
        this.lookup = Objects.requireNonNull(lookup, "lookup");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public CheckResult run(Target target) {
        Optional<CloudSettings.Aws> settings = EcsServiceCheck.settings(lookup, target);
        if (settings.isEmpty()) {
            return CheckResult.skipped(ID, "no ECS service configured: set cloud.aws.ecs_cluster and ecs_service for " + target.name());
        }
        var start = clock.instant();
        try {
            EcsStartup.Reading r = EcsStartup.read(clients, settings.get(), target, clock);
            Duration took = Duration.between(start, clock.instant());
            if (!r.loadBalanced()) {
                return CheckResult.skipped(ID, "ECS service " + r.service() + " has no load balancer target group: no health-check grace period applies")
                        .withDuration(took);
            }
            return judged(r).withDuration(took);
        } catch (CloudApiException e) {
            return CloudResults.error(ID, e, Duration.between(start, clock.instant()));
        }
    }

    private static CheckResult judged(EcsStartup.Reading r) {
        StartupTiming t = r.timing();
        StartupTiming.TaskStart task = t.task();
        List<String> evidence = new ArrayList<>();
        evidence.add(r.service() + ": health-check grace period " + r.graceSeconds() + " s, task definition " + r.taskDefinition());
        r.checks().forEach(c -> evidence.add(c.describe()));
        if (task != null) {
            evidence.add(taskLine(t));
        }
        evidence.addAll(r.notes());
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("startup", t.kind().fact());
        facts.put("grace", Integer.toString(r.graceSeconds()));
        facts.put("task_definition", String.valueOf(r.taskDefinition()));
        if (t.check() != null) {
            facts.put("health_check", t.check().path() == null ? String.valueOf(t.check().protocol()) : t.check().path());
        }
        if (task != null) {
            facts.put("task", task.taskId());
        }
        if (t.start() != null) {
            facts.put("measured", t.measured());
            facts.put("start", Long.toString(t.start().toSeconds()));
            facts.put("healthy_at", Long.toString(t.healthyAt().toSeconds()));
            facts.put("suggested_grace", Integer.toString(t.suggestedGrace()));
        }
        String grace = "grace period " + r.graceSeconds() + " s";
        return switch (t.kind()) {
            case SLOWER_THAN_GRACE -> CheckResult.of(ID, Status.FAIL, r.service() + " starts slower than its health-check grace period: "
                    + t.measured() + ", " + grace + " (" + t.healthyText() + ") — lengthen it to " + t.suggestedGrace()
                    + " s (ecs-grace-period); a redeploy alone repeats this", evidence).withFacts(facts);
            case HEALTH_CHECK_FAILS -> CheckResult.of(ID, Status.FAIL, "task " + task.taskId() + " was ready in "
                    + StartupTiming.seconds(t.start()) + " but failed the load balancer's health check ("
                    + facts.get("health_check") + "): the check's path or port doesn't answer — a longer grace period won't help",
                    evidence).withFacts(facts);
            case WITHIN_GRACE -> CheckResult.of(ID, Status.OK, r.service() + " tasks start in time: " + t.measured() + ", "
                    + t.healthyText() + ", " + grace, evidence).withFacts(facts);
            case STARTING -> CheckResult.of(ID, Status.OK, "task " + task.taskId() + " is starting (" + StartupTiming.seconds(t.start())
                    + " so far), " + grace, evidence).withFacts(facts);
            case STUCK -> CheckResult.of(ID, Status.WARN, "task " + task.taskId() + " has no ready line after "
                    + StartupTiming.seconds(t.start()) + ": stuck, not slow — read its log (cloud-logs)", evidence).withFacts(facts);
            case UNKNOWN -> unknown(r, t, evidence, facts);
        };
    }

    private static CheckResult unknown(EcsStartup.Reading r, StartupTiming t, List<String> evidence, Map<String, String> facts) {
        StartupTiming.TaskStart task = t.task();
        if (t.check() == null) {
            return CheckResult.of(ID, Status.OK, r.service() + "'s target groups don't health-check their targets: no grace period to exceed",
                    evidence).withFacts(facts);
        }
        if (task == null) {
            return CheckResult.of(ID, Status.OK, "no task of " + r.service() + " has started in the last hour: start not measured ("
                    + "grace period " + r.graceSeconds() + " s)", evidence).withFacts(facts);
        }
        if (task.stopped() && task.stoppedForHealthChecks()) {
            return CheckResult.of(ID, Status.WARN, "task " + task.taskId() + " failed the health checks after "
                    + StartupTiming.seconds(t.start()) + " (grace period " + r.graceSeconds() + " s), and nothing says whether it was "
                    + "still starting: set cloud.aws.ready_marker to tell a slow start from a failing health check", evidence).withFacts(facts);
        }
        if (task.stopped()) {
            return CheckResult.of(ID, Status.OK, "task " + task.taskId() + " stopped, not for its health checks"
                    + (task.stoppedReason() == null ? "" : " (" + CloudResults.oneLine(task.stoppedReason(), 100) + ")")
                    + ": its start is not the problem (ecs-service has the reason)", evidence).withFacts(facts);
        }
        return CheckResult.of(ID, Status.OK, "task " + task.taskId() + " runs; its start is not measured (" + "grace period "
                + r.graceSeconds() + " s): set cloud.aws.ready_marker to measure it", evidence).withFacts(facts);
    }

    private static String taskLine(StartupTiming t) {
        StartupTiming.TaskStart task = t.task();
        StringBuilder b = new StringBuilder("task " + task.taskId());
        if (task.taskDefinition() != null) {
            b.append(" (").append(task.taskDefinition()).append(")");
        }
        if (task.startedAt() != null) {
            b.append(": started ").append(EcsStartup.time(task.startedAt()));
        }
        if (task.readyAt() != null) {
            b.append(", ready line at ").append(EcsStartup.time(task.readyAt()));
        }
        if (task.stopped()) {
            b.append(", stopped ").append(EcsStartup.time(task.endedAt()));
            if (task.stoppedReason() != null) {
                b.append(": ").append(CloudResults.oneLine(task.stoppedReason(), 200));
            }
        }
        if (task.setupStep() != null) {
            b.append("; its log ends in ").append(task.setupStep());
        }
        return b.toString();
    }
}
