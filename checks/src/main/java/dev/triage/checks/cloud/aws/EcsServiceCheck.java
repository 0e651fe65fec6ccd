package dev.triage.checks.cloud.aws;

import dev.triage.checks.Check;
import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import dev.triage.checks.cloud.CloudApiException;
import dev.triage.checks.cloud.CloudFailure;
import dev.triage.checks.cloud.CloudLookup;
import dev.triage.checks.cloud.CloudResults;
import dev.triage.config.CloudSettings;
import dev.triage.config.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * {@code ecs-service} (document 004): the service's runningCount against its desiredCount, the task
 * definition revision it runs, the stopped tasks' {@code stoppedReason}, and its recent events (a failed
 * health check, "unable to place a task").
 */
public final class EcsServiceCheck implements Check {
    public static final String ID = "ecs-service";
    static final int EVENTS = 5;
    static final int STOPPED_TASKS = 3;

    private final AwsClients clients;
    private final CloudLookup lookup;


    public EcsServiceCheck(AwsClients clients, CloudLookup lookup) {
        this.clients = clients;
        this.lookup = lookup;
    }

    @Override
    public String id() {
        return ID;
    }

    static Optional<CloudSettings.Aws> settings(CloudLookup lookup, Target target) {
        return lookup.settings(target).flatMap(CloudSettings::awsSettings).filter(a -> a.ecsService() != null);
    }

    @Override
    public CheckResult run(Target target) {
        Optional<CloudSettings.Aws> settings = settings(lookup, target);
        if (settings.isEmpty()) {
            return CheckResult.skipped(ID, "no ECS service configured: set cloud.aws.ecs_cluster and ecs_service for " + target.name());
        }
        CloudSettings.Aws aws = settings.get();
        long start = System.nanoTime();
        try (EcsClient ecs = clients.ecs(aws, target.timeout())) {
            EcsState state = EcsState.read(ecs, aws);
            List<Task> stopped = AwsFailures.call(() -> {
                List<String> arns = ecs.listTasks(r -> r.cluster(aws.ecsCluster()).serviceName(aws.ecsService())
                        .desiredStatus(DesiredStatus.STOPPED).maxResults(STOPPED_TASKS)).taskArns();
                return arns.isEmpty() ? List.<Task>of()
                        : ecs.describeTasks(r -> r.cluster(aws.ecsCluster()).tasks(arns)).tasks();
            }, "ecs:ListTasks/ecs:DescribeTasks");
            List<String> evidence = new ArrayList<>();
            evidence.add(aws.ecsService() + ": running " + state.running() + " of " + state.desired() + " desired, pending "
                    + state.pending() + (state.rollout() == null ? "" : ", rollout " + state.rollout())
                    + (state.taskDefinition() == null ? "" : ", task definition " + state.taskDefinition()));
            List<String> reasons = new ArrayList<>();
            for (Task t : stopped) {
                String reason = t.stoppedReason() == null ? "(no reason)" : t.stoppedReason();
                reasons.add(reason);
                String container = t.containers().stream().filter(c -> c.reason() != null || c.exitCode() != null)
                        .map(c -> c.name() + (c.exitCode() == null ? "" : " exit " + c.exitCode()) + (c.reason() == null ? "" : " " + c.reason()))
                        .findFirst().orElse("");
                evidence.add("stopped task " + shortId(t.taskArn()) + ": " + reason + (container.isEmpty() ? "" : " — " + container));
            }
            List<String> healthEvents = new ArrayList<>();
            state.events().stream().limit(EVENTS).forEach(e -> {
                evidence.add("event: " + e);
                String l = e.toLowerCase(Locale.ROOT);
                if (l.contains("unhealthy") || l.contains("health check") || l.contains("unable to")) {
                    healthEvents.add(e);
                }
            });
            Map<String, String> facts = new LinkedHashMap<>();
            facts.put("running", Integer.toString(state.running()));
            facts.put("desired", Integer.toString(state.desired()));
            facts.put("status", String.valueOf(state.status()));
            if (state.taskDefinition() != null) {
                facts.put("task_definition", state.taskDefinition());
            }
            Status status;
            String summary;
            if (!"ACTIVE".equals(state.status())) {
                status = Status.FAIL;
                summary = "ECS service " + aws.ecsService() + " is " + state.status();
            } else if (state.running() < state.desired()) {
                status = Status.FAIL;
                String why = !reasons.isEmpty() ? ": tasks stop with \"" + CloudResults.oneLine(reasons.get(0), 120) + "\""
                        : !healthEvents.isEmpty() ? ": " + CloudResults.oneLine(healthEvents.get(0), 120) : "";
                summary = "ECS service " + aws.ecsService() + " runs " + state.running() + " of " + state.desired() + " tasks" + why;
            } else if (state.desired() == 0) {
                status = Status.FAIL;
                summary = "ECS service " + aws.ecsService() + " wants 0 tasks: set its desired count";
            } else if (!healthEvents.isEmpty()) {
                status = Status.WARN;
                summary = "ECS service " + aws.ecsService() + " runs " + state.running() + " of " + state.desired()
                        + " but recently: " + CloudResults.oneLine(healthEvents.get(0), 120);
            } else {
                status = Status.OK;
                summary = "ECS service " + aws.ecsService() + " runs " + state.running() + " of " + state.desired() + " tasks";
            }
            return CheckResult.of(ID, status, summary, evidence).withDuration(took(start)).withFacts(facts);
        } catch (CloudApiException e) {
            return CloudResults.error(ID, e, took(start));
        } catch (SdkException e) {
            return CloudResults.error(ID, AwsFailures.of(e, "ecs"), took(start));
        }
    }

    private static String shortId(String arn) {
        return arn == null ? "?" : arn.substring(arn.lastIndexOf('/') + 1);
    }

    private static Duration took(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** What DescribeServices says about one service; events newest first. */
    record EcsState(String status, int running, int desired, int pending, String rollout, String taskDefinition, List<String> events) {
        static EcsState read(EcsClient ecs, CloudSettings.Aws aws) throws CloudApiException {
            var s = EcsTasks.service(ecs, aws);
            String rollout = s.deployments().stream().filter(d -> "PRIMARY".equals(d.status()))
                    .map(d -> d.rolloutStateAsString()).filter(java.util.Objects::nonNull).findFirst().orElse(null);
            return new EcsState(s.status(), nz(s.runningCount()), nz(s.desiredCount()), nz(s.pendingCount()), rollout,
                    EcsTasks.revision(s.taskDefinition()), s.events().stream().map(e -> e.message()).toList());
        }

        boolean steady() {
            return "ACTIVE".equals(status) && desired > 0 && running == desired && (rollout == null || "COMPLETED".equals(rollout));
        }

        private static int nz(Integer v) {
            return v == null ? 0 : v;
        }
    }
}
