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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * {@code ecs-redeploy} (document 004): UpdateService with {@code forceNewDeployment}, then verified —
 * runningCount reaches desiredCount with the new deployment's rollout complete, and, when the target has
 * a base URL, the health from outside answers 2xx.
 */
public final class EcsRedeployAction implements Action {
    public static final String ID = "ecs-redeploy";

    private final AwsClients clients;
    private final CloudLookup lookup;
    private final Waiting waiting;
    private final HealthVerification health;

    public EcsRedeployAction(AwsClients clients, CloudLookup lookup, Waiting waiting, HealthVerification health) {
        this.clients = clients;
        this.lookup = lookup;
        this.waiting = waiting;
        this.health = health;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public ActionPlan plan(Target target) {
        Optional<CloudSettings.Aws> aws = EcsServiceCheck.settings(lookup, target);
        if (aws.isEmpty()) {
            return ActionPlan.unavailable(ID, target.name(), "no ECS service configured: set cloud.aws.ecs_cluster and ecs_service");
        }
        CloudSettings.Aws a = aws.get();
        return new ActionPlan(ID, target.name(), "ecs:" + a.ecsCluster() + "/" + a.ecsService(),
                "aws ecs update-service --cluster " + a.ecsCluster() + " --service " + a.ecsService() + " --force-new-deployment",
                List.of(), List.of("runningCount = desiredCount, rollout completed, within " + waiting.within().toSeconds() + " s",
                        health.describe(target)), null);
    }

    @Override
    public ActionOutcome run(Target target, Consumer<ActionStep> progress) {
        ActionPlan plan = plan(target);
        if (!plan.available()) {
            return new ActionOutcome(ID, target.name(), ActionOutcome.Result.UNAVAILABLE, plan.unavailableReason(), List.of(), null, null);
        }
        CloudSettings.Aws aws = EcsServiceCheck.settings(lookup, target).orElseThrow();
        Instant start = waiting.clock().instant();
        List<ActionStep> steps = new ArrayList<>();
        Consumer<ActionStep> record = s -> {
            steps.add(s);
            progress.accept(s);
        };
        try (EcsClient ecs = clients.ecs(aws, target.timeout())) {
            try {
                AwsFailures.call(() -> ecs.updateService(r -> r.cluster(aws.ecsCluster()).service(aws.ecsService())
                        .forceNewDeployment(true)), "ecs:UpdateService");
                record.accept(new ActionStep(ActionStep.Phase.COMMAND, "update-service", Status.OK,
                        "new deployment of " + aws.ecsService() + " started", waiting.since(start)));
            } catch (CloudApiException e) {
                record.accept(new ActionStep(ActionStep.Phase.COMMAND, "update-service", Status.ERROR, e.getMessage(), waiting.since(start)));
                return new ActionOutcome(ID, target.name(), ActionOutcome.Result.COMMAND_FAILED, e.getMessage(), steps, waiting.since(start), null);
            }
            return settle(ID, ecs, aws, target, waiting, health, start, steps, record, "redeployed");
        } catch (SdkException e) {
            String why = AwsFailures.of(e, "ecs").getMessage();
            return new ActionOutcome(ID, target.name(), ActionOutcome.Result.ERROR, why, steps, waiting.since(start), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ActionOutcome(ID, target.name(), ActionOutcome.Result.ERROR, "interrupted while waiting for ECS", steps,
                    waiting.since(start), null);
        }
    }

    /**
     * After an UpdateService: waits until runningCount = desiredCount with the rollout completed (a FAILED
     * rollout stops the wait), then for health from outside when the target has a base URL.
     *
     * @param done what the outcome says happened, e.g. {@code redeployed}
     */
    static ActionOutcome settle(String actionId, EcsClient ecs, CloudSettings.Aws aws, Target target, Waiting waiting,
                                HealthVerification health, Instant start, List<ActionStep> steps, Consumer<ActionStep> record,
                                String done) throws InterruptedException {
        Instant settleStart = waiting.clock().instant();
        String[] last = {""};
        Waiting.Answer settled;
        try {
            settled = waiting.until(() -> {
                EcsServiceCheck.EcsState s = EcsServiceCheck.EcsState.read(ecs, aws);
                last[0] = "running " + s.running() + " of " + s.desired() + (s.rollout() == null ? "" : ", rollout " + s.rollout());
                return s.steady() ? Waiting.Answer.DONE : "FAILED".equals(s.rollout()) ? Waiting.Answer.HOPELESS : Waiting.Answer.NOT_YET;
            });
        } catch (CloudApiException e) {
            record.accept(new ActionStep(ActionStep.Phase.VERIFY, "running = desired", Status.ERROR, e.getMessage(), waiting.since(settleStart)));
            return new ActionOutcome(actionId, target.name(), ActionOutcome.Result.VERIFY_FAILED, e.getMessage(), steps, waiting.since(start), null);
        }
        boolean ok = settled == Waiting.Answer.DONE;
        record.accept(new ActionStep(ActionStep.Phase.VERIFY, "running = desired", ok ? Status.OK : Status.FAIL, last[0],
                waiting.since(settleStart)));
        if (!ok) {
            return new ActionOutcome(actionId, target.name(), ActionOutcome.Result.VERIFY_FAILED, aws.ecsService() + ": " + last[0]
                    + " — read the stopped tasks' stoppedReason (ecs-service) and the log (cloud-logs)", steps, waiting.since(start), null);
        }
        ActionStep h = health.verify(target);
        if (h != null) {
            record.accept(h);
            if (h.status() != Status.OK) {
                return new ActionOutcome(actionId, target.name(), ActionOutcome.Result.VERIFY_FAILED, aws.ecsService() + " " + last[0]
                        + ", but health from outside fails: " + h.detail(), steps, waiting.since(start), null);
            }
        }
        return new ActionOutcome(actionId, target.name(), ActionOutcome.Result.DONE, aws.ecsService() + " " + done + ": " + last[0]
                + (h == null ? "" : ", health answers"), steps, waiting.since(start), null);
    }
}
