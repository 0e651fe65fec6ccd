package dev.triage.checks.cloud.aws;

import dev.triage.checks.cloud.CloudApiException;
import dev.triage.config.CloudSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogStream;
import software.amazon.awssdk.services.cloudwatchlogs.model.OrderBy;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * The tasks of one ECS service, and each task's own log stream. With the awslogs driver a task writes to
 * {@code PREFIX/CONTAINER/TASK_ID} (document 004: {@code ecs/dual-nova-chatbot-production-container/TASK_ID}),
 * so the stream follows from the task id and {@code cloud.aws.log_stream_prefix}.
 */
final class EcsTasks {
    /** How many running and how many stopped tasks are asked about (ECS keeps stopped ones for about an hour). */
    static final int LISTED = 10;

    private EcsTasks() {
    }

    /** The service's running (and pending) and recently stopped tasks, newest first. */
    /** The configured service as DescribeServices tells it; NOT_FOUND naming the keys to check when it doesn't. */
    static software.amazon.awssdk.services.ecs.model.Service service(EcsClient ecs, CloudSettings.Aws aws) throws CloudApiException {
        var answer = AwsFailures.call(() -> ecs.describeServices(r -> r.cluster(aws.ecsCluster()).services(aws.ecsService())),
                "ecs:DescribeServices");
        if (answer.services().isEmpty()) {
            String why = answer.failures().isEmpty() ? "not found" : answer.failures().get(0).reason();
            throw new CloudApiException(dev.triage.checks.cloud.CloudFailure.NOT_FOUND, "ECS service " + aws.ecsService()
                    + " in cluster " + aws.ecsCluster() + ": " + why + " — check cloud.aws.ecs_cluster and ecs_service");
        }
        return answer.services().get(0);
    }

    static List<Task> newestFirst(EcsClient ecs, CloudSettings.Aws aws) throws CloudApiException {
        List<String> arns = new ArrayList<>();
        for (DesiredStatus status : List.of(DesiredStatus.RUNNING, DesiredStatus.STOPPED)) {
            arns.addAll(AwsFailures.call(() -> ecs.listTasks(r -> r.cluster(aws.ecsCluster()).serviceName(aws.ecsService())
                    .desiredStatus(status).maxResults(LISTED)).taskArns(), "ecs:ListTasks"));
        }
        if (arns.isEmpty()) {
            return List.of();
        }
        List<Task> tasks = AwsFailures.call(() -> ecs.describeTasks(r -> r.cluster(aws.ecsCluster()).tasks(arns)).tasks(),
                "ecs:DescribeTasks");
        return tasks.stream().sorted(Comparator.comparing(EcsTasks::created, Comparator.nullsLast(Comparator.reverseOrder()))).toList();
    }

    private static Instant created(Task t) {
        return t.createdAt() != null ? t.createdAt() : t.startedAt();
    }

    /** The task's id, the last part of its ARN. */
    static String id(Task t) {
        return shortId(t.taskArn());
    }

    static String shortId(String arn) {
        return arn == null ? "?" : arn.substring(arn.lastIndexOf('/') + 1);
    }

    /** {@code family:revision} of a task definition ARN, e.g. {@code chat-api:7}. */
    static String revision(String taskDefinitionArn) {
        return taskDefinitionArn == null ? null : shortId(taskDefinitionArn);
    }

    /** When ECS began to stop the task (the moment it gave up on it), else when it stopped; null while it runs. */
    static Instant ended(Task t) {
        return t.stoppingAt() != null ? t.stoppingAt() : t.executionStoppedAt() != null ? t.executionStoppedAt() : t.stoppedAt();
    }

    static boolean stopped(Task t) {
        return "STOPPED".equals(t.lastStatus()) || "STOPPED".equals(t.desiredStatus()) || ended(t) != null;
    }

    /** True when ECS stopped the task for failing health checks (the load balancer's or the container's). */
    static boolean stoppedForHealthChecks(Task t) {
        return t.stoppedReason() != null && t.stoppedReason().toLowerCase(java.util.Locale.ROOT).contains("health check");
    }

    /**
     * The task's own stream, once it has one. With a prefix: {@code PREFIX/TASK_ID} (the prefix being
     * awslogs-stream-prefix/CONTAINER), else any {@code PREFIX/…/TASK_ID}; without one, the group's recent streams.
     */
    static Optional<LogStream> stream(CloudWatchLogsClient logs, CloudSettings.Aws aws, String taskId) throws CloudApiException {
        String suffix = "/" + taskId;
        if (aws.logStreamPrefix() != null) {
            String prefix = aws.logStreamPrefix().endsWith("/") ? aws.logStreamPrefix() : aws.logStreamPrefix() + "/";
            List<LogStream> exact = AwsFailures.call(() -> logs.describeLogStreams(r -> r.logGroupName(aws.logGroup())
                    .logStreamNamePrefix(prefix + taskId).limit(5)).logStreams(), "logs:DescribeLogStreams");
            Optional<LogStream> found = exact.stream().filter(s -> s.logStreamName().endsWith(suffix)).findFirst();
            if (found.isPresent()) {
                return found;
            }
            return AwsFailures.call(() -> logs.describeLogStreams(r -> r.logGroupName(aws.logGroup())
                    .logStreamNamePrefix(prefix).limit(50)).logStreams(), "logs:DescribeLogStreams")
                    .stream().filter(s -> s.logStreamName().endsWith(suffix)).findFirst();
        }
        return AwsFailures.call(() -> logs.describeLogStreams(r -> r.logGroupName(aws.logGroup())
                .orderBy(OrderBy.LAST_EVENT_TIME).descending(true).limit(50)).logStreams(), "logs:DescribeLogStreams")
                .stream().filter(s -> s.logStreamName().endsWith(suffix)).findFirst();
    }

    /** The name the task's stream has (or will have) under the configured prefix, for messages. */
    static String expectedStream(CloudSettings.Aws aws, String taskId) {
        if (aws.logStreamPrefix() == null) {
            return "…/" + taskId;
        }
        return (aws.logStreamPrefix().endsWith("/") ? aws.logStreamPrefix() : aws.logStreamPrefix() + "/") + taskId;
    }
}
