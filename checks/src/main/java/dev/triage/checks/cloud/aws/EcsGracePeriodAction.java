package dev.triage.checks.cloud.aws;

import dev.triage.checks.Status;
import dev.triage.checks.action.Action;
import dev.triage.checks.action.ActionOutcome;
import dev.triage.checks.action.ActionPlan;
import dev.triage.checks.action.ActionStep;
import dev.triage.checks.cloud.CloudApiException;
import dev.triage.checks.cloud.CloudLookup;
import dev.triage.checks.cloud.HealthVerification;
import dev.triage.checks.cloud.Waiting;
import dev.triage.config.CloudSettings;
import dev.triage.config.Target;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * {@code ecs-grace-period} (document 004's fix: {@code health_check_grace_period_seconds} 60 → 300): sets
 * the service's health-check grace period to the figure the measured start calls for — 1.5 × the time to be
 * healthy at the load balancer (2 × when only a lower bound is known), in half-minutes — with ECS
 * UpdateService, and starts a new deployment so a task starts under it. Offered only while tasks do start
 * slower than the grace period (measured before the card is shown, and again before the change). Verified:
 * the service reads the new figure, runningCount reaches desiredCount with the rollout completed, and the
 * health from outside answers.
 */
public final class EcsGracePeriodAction implements Action {
    public static final String ID = "ecs-grace-period";
    /** Time beyond the new grace period that a new task may take to be counted running. */
    static final Duration SETTLE_BEYOND_GRACE = Duration.ofMinutes(2);

    private final AwsClients clients;
    private final CloudLookup lookup;
    private final Waiting waiting;
    private final HealthVerification health;

    public EcsGracePeriodAction(AwsClients clients, CloudLookup lookup, Waiting waiting, HealthVerification health) {
        this.clients = Objects.requireNonNull(clients, "clients");
        this.lookup = Objects.requireNonNull(lookup, "lookup");
        this.waiting = Objects.requireNonNull(waiting, "waiting");
        this.health = Objects.requireNonNull(health, "health");
    }

    @Override
    public String id() {
        return ID;
    }

    /** What was measured and the figure it calls for; or why the action is not for this target now. */
    private record Intent(CloudSettings.Aws aws, EcsStartup.Reading reading, String unavailable) {
        int figure() {
            return reading.timing().suggestedGrace();
        }
    }

    private Intent intent(Target target) {
        Optional<CloudSettings.Aws> settings = EcsServiceCheck.settings(lookup, target);
        if (settings.isEmpty()) {
            return new Intent(null, null, "no ECS service configured: set cloud.aws.ecs_cluster and ecs_service");
        }
        CloudSettings.Aws aws = settings.get();
        EcsStartup.Reading r;
        try {
            r = EcsStartup.read(clients, aws, target, waiting.clock());
        } catch (CloudApiException e) {
            return new Intent(aws, null, "could not measure how long " + aws.ecsService() + "'s tasks take to start: " + e.getMessage());
        }
        if (!r.loadBalanced()) {
            return new Intent(aws, r, "ECS service " + aws.ecsService() + " has no load balancer target group: no health-check grace period applies");
        }
        StartupTiming t = r.timing();
        String why = switch (t.kind()) {
            case SLOWER_THAN_GRACE -> null;
            case HEALTH_CHECK_FAILS -> "its tasks are ready in " + StartupTiming.seconds(t.start())
                    + " but fail the load balancer's health check: fix the check's path or port, a longer grace period won't help";
            case WITHIN_GRACE -> "its tasks start in time (" + t.measured() + ", grace period " + r.graceSeconds() + " s): nothing to lengthen";
            case STARTING -> "a task is starting now (" + StartupTiming.seconds(t.start()) + " so far, grace period " + r.graceSeconds()
                    + " s): ask again if it is stopped";
            case STUCK -> "its task has no ready line after " + StartupTiming.seconds(t.start()) + ": it is stuck, not slow — read cloud-logs";
            case UNKNOWN -> "its start could not be measured (ecs-startup says what to configure): no figure to set";
        };
        return new Intent(aws, r, why);
    }

    @Override
    public ActionPlan plan(Target target) {
        return plan(target, intent(target));
    }

    private ActionPlan plan(Target target, Intent i) {
        if (i.unavailable() != null) {
            return ActionPlan.unavailable(ID, target.name(), i.unavailable());
        }
        CloudSettings.Aws a = i.aws();
        StartupTiming t = i.reading().timing();
        return new ActionPlan(ID, target.name(), "ecs:" + a.ecsCluster() + "/" + a.ecsService(),
                "aws ecs update-service --cluster " + a.ecsCluster() + " --service " + a.ecsService()
                        + " --health-check-grace-period-seconds " + i.figure() + " --force-new-deployment",
                List.of("tasks still start slower than the grace period, measured again first (now: " + t.measured()
                        + ", " + t.healthyText() + ", grace period " + i.reading().graceSeconds() + " s)"),
                List.of("the service's healthCheckGracePeriodSeconds reads " + i.figure(),
                        "runningCount = desiredCount, rollout completed, within " + settling(i.figure()).within().toSeconds() + " s",
                        health.describe(target)), null);
    }

    private Waiting settling(int figure) {
        Duration needed = Duration.ofSeconds(figure).plus(SETTLE_BEYOND_GRACE);
        return needed.compareTo(waiting.within()) <= 0 ? waiting
                : new Waiting(waiting.clock(), waiting.pacer(), needed, waiting.interval());
    }

    @Override
    public ActionOutcome run(Target target, Consumer<ActionStep> progress) {
        Instant start = waiting.clock().instant();
        Intent i = intent(target);
        List<ActionStep> steps = new ArrayList<>();
        Consumer<ActionStep> record = s -> {
            steps.add(s);
            progress.accept(s);
        };
        if (i.unavailable() != null) {
            if (i.reading() == null || i.aws() == null) {
                return new ActionOutcome(ID, target.name(), ActionOutcome.Result.UNAVAILABLE, i.unavailable(), List.of(), null, null);
            }
            record.accept(new ActionStep(ActionStep.Phase.GATE, "slower than the grace period", Status.FAIL, i.unavailable(),
                    waiting.since(start)));
            return new ActionOutcome(ID, target.name(), ActionOutcome.Result.GATE_FAILED, "Gate failed: " + i.unavailable()
                    + "; nothing was changed", steps, waiting.since(start), null);
        }
        CloudSettings.Aws aws = i.aws();
        StartupTiming t = i.reading().timing();
        int figure = i.figure();
        record.accept(new ActionStep(ActionStep.Phase.GATE, "slower than the grace period", Status.OK, t.measured() + ", "
                + t.healthyText() + ", grace period " + i.reading().graceSeconds() + " s", waiting.since(start)));
        try (EcsClient ecs = clients.ecs(aws, target.timeout())) {
            Instant commandStart = waiting.clock().instant();
            try {
                AwsFailures.call(() -> ecs.updateService(r -> r.cluster(aws.ecsCluster()).service(aws.ecsService())
                        .healthCheckGracePeriodSeconds(figure).forceNewDeployment(true)), "ecs:UpdateService");
            } catch (CloudApiException e) {
                record.accept(new ActionStep(ActionStep.Phase.COMMAND, "update-service", Status.ERROR, e.getMessage(), waiting.since(commandStart)));
                return new ActionOutcome(ID, target.name(), ActionOutcome.Result.COMMAND_FAILED, e.getMessage(), steps, waiting.since(start), null);
            }
            record.accept(new ActionStep(ActionStep.Phase.COMMAND, "update-service", Status.OK, "grace period of " + aws.ecsService()
                    + " set to " + figure + " s (was " + i.reading().graceSeconds() + " s); new deployment started", waiting.since(commandStart)));
            Instant readBack = waiting.clock().instant();
            Integer now;
            try {
                var answer = AwsFailures.call(() -> ecs.describeServices(r -> r.cluster(aws.ecsCluster()).services(aws.ecsService())),
                        "ecs:DescribeServices");
                now = answer.services().isEmpty() ? null : answer.services().get(0).healthCheckGracePeriodSeconds();
            } catch (CloudApiException e) {
                record.accept(new ActionStep(ActionStep.Phase.VERIFY, "grace period", Status.ERROR, e.getMessage(), waiting.since(readBack)));
                return new ActionOutcome(ID, target.name(), ActionOutcome.Result.VERIFY_FAILED, e.getMessage(), steps, waiting.since(start), null);
            }
            boolean held = now != null && now == figure;
            record.accept(new ActionStep(ActionStep.Phase.VERIFY, "grace period", held ? Status.OK : Status.FAIL,
                    "healthCheckGracePeriodSeconds reads " + now, waiting.since(readBack)));
            if (!held) {
                return new ActionOutcome(ID, target.name(), ActionOutcome.Result.VERIFY_FAILED, aws.ecsService()
                        + "'s grace period reads " + now + ", not " + figure + ": something else manages it (Terraform? set"
                        + " health_check_grace_period_seconds there)", steps, waiting.since(start), null);
            }
            return EcsRedeployAction.settle(ID, ecs, aws, target, settling(figure), health, start, steps, record,
                    "grace period " + figure + " s");
        } catch (SdkException e) {
            String why = AwsFailures.of(e, "ecs").getMessage();
            return new ActionOutcome(ID, target.name(), ActionOutcome.Result.ERROR, why, steps, waiting.since(start), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ActionOutcome(ID, target.name(), ActionOutcome.Result.ERROR, "interrupted while waiting for ECS", steps,
                    waiting.since(start), null);
        }
    }
}
