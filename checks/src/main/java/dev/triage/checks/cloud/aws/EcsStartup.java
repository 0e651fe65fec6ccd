package dev.triage.checks.cloud.aws;

import dev.triage.checks.cloud.CloudApiException;
import dev.triage.checks.cloud.CloudFailure;
import dev.triage.config.CloudSettings;
import dev.triage.config.Service;
import dev.triage.config.Target;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogStream;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.LoadBalancer;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * Reads what {@link StartupTiming} judges, for {@code ecs-startup} and {@code ecs-grace-period}: the
 * service's health-check grace period and task definition (ECS DescribeServices), its target groups'
 * health checks (ELBv2 DescribeTargetGroups), its newest tasks (ListTasks, DescribeTasks) and, for each,
 * its own log stream — from the task's start to its first ready line.
 */
final class EcsStartup {
    /** How many of the newest tasks are read until one has finished starting, one way or the other. */
    static final int TASKS_READ = 3;
    /** GetLogEvents' largest page: a start's lines fit in it. */
    static final int HEAD_LINES = 10_000;
    static final int TAIL_LINES = 100;
    private static final DateTimeFormatter HMS = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private EcsStartup() {
    }

    /**
     * What was read.
     *
     * @param loadBalanced false when the service has no target group: no health-check grace period applies
     * @param notes        what could not be read, and what to configure for it
     */
    record Reading(String service, int graceSeconds, String taskDefinition, boolean loadBalanced, List<TargetGroupHealth> checks,
                   StartupTiming timing, List<String> notes) {
        Reading {
            checks = List.copyOf(checks);
            notes = List.copyOf(notes);
        }
    }

    static String readyMarker(CloudSettings.Aws aws, Target target) {
        return aws.readyMarker() != null ? aws.readyMarker() : target.serviceInfo().map(Service::readyMarker).orElse(null);
    }

    static Reading read(AwsClients clients, CloudSettings.Aws aws, Target target, InstantSource clock) throws CloudApiException {
        Duration timeout = target.timeout();
        try (EcsClient ecs = clients.ecs(aws, timeout)) {
            var service = EcsTasks.service(ecs, aws);
            int grace = service.healthCheckGracePeriodSeconds() == null ? 0 : service.healthCheckGracePeriodSeconds();
            String taskDefinition = EcsTasks.revision(service.taskDefinition());
            List<String> groups = service.loadBalancers().stream().map(LoadBalancer::targetGroupArn).filter(Objects::nonNull)
                    .distinct().toList();
            if (groups.isEmpty()) {
                return new Reading(aws.ecsService(), grace, taskDefinition, false, List.of(), null, List.of());
            }
            List<TargetGroupHealth> checks = clients.elb(aws, timeout).describeTargetGroups(groups);
            List<Task> tasks = EcsTasks.newestFirst(ecs, aws);
            List<String> notes = new ArrayList<>();
            StartupTiming.TaskStart measured = measure(clients, aws, target, tasks, notes);
            StartupTiming timing = StartupTiming.judge(grace, checks, measured, clock.instant());
            return new Reading(aws.ecsService(), grace, taskDefinition, true, checks, timing, notes);
        } catch (software.amazon.awssdk.core.exception.SdkException e) {
            throw AwsFailures.of(e, "ecs");
        }
    }

    /** The newest task that has finished starting (a ready line, or stopped); else the newest one. */
    private static StartupTiming.TaskStart measure(AwsClients clients, CloudSettings.Aws aws, Target target, List<Task> tasks,
                                                  List<String> notes) {
        List<Task> started = tasks.stream().filter(t -> t.startedAt() != null || EcsTasks.stopped(t)).limit(TASKS_READ).toList();
        if (started.isEmpty()) {
            return null;
        }
        String marker = readyMarker(aws, target);
        if (aws.logGroup() == null) {
            notes.add("the task's start is read from its log: set cloud.aws.log_group (and log_stream_prefix)");
        } else if (marker == null) {
            notes.add("set cloud.aws.ready_marker (the log line the app prints once it serves) to measure its start exactly");
        }
        StartupTiming.TaskStart first = null;
        try (CloudWatchLogsClient logs = aws.logGroup() == null ? null : clients.logs(aws, target.timeout())) {
            for (Task t : started) {
                StartupTiming.TaskStart s = start(logs, aws, t, marker, notes);
                if (first == null) {
                    first = s;
                }
                if (s.readyAt() != null || s.stopped()) {
                    return s;
                }
            }
        }
        return first;
    }

    private static StartupTiming.TaskStart start(CloudWatchLogsClient logs, CloudSettings.Aws aws, Task t, String marker, List<String> notes) {
        String id = EcsTasks.id(t);
        Instant startedAt = t.startedAt();
        Instant readyAt = null;
        String setup = null;
        boolean logRead = false;
        if (logs != null) {
            try {
                Optional<LogStream> stream = EcsTasks.stream(logs, aws, id);
                if (stream.isEmpty()) {
                    notes.add("task " + id + " has no log stream " + EcsTasks.expectedStream(aws, id) + " in " + aws.logGroup()
                            + (EcsTasks.stopped(t) ? "" : " yet") + ": log_stream_prefix must be awslogs-stream-prefix/CONTAINER");
                } else {
                    List<SetupSteps.LogLine> lines = lines(logs, aws, stream.get().logStreamName());
                    logRead = true;
                    if (startedAt == null && !lines.isEmpty()) {
                        startedAt = lines.get(0).at();
                    }
                    Instant from = startedAt == null ? Instant.MIN : startedAt.minusSeconds(5);
                    if (marker != null) {
                        readyAt = lines.stream().filter(l -> !l.at().isBefore(from) && l.text().contains(marker))
                                .map(SetupSteps.LogLine::at).findFirst().orElse(null);
                    }
                    setup = SetupSteps.pending(lines, SetupSteps.of(aws.setupMarkers()), marker).map(SetupSteps.Step::label).orElse(null);
                }
            } catch (CloudApiException e) {
                notes.add("task " + id + "'s log could not be read: " + e.getMessage());
            }
        }
        return new StartupTiming.TaskStart(id, EcsTasks.revision(t.taskDefinitionArn()), startedAt, readyAt, EcsTasks.ended(t),
                t.stoppedReason(), EcsTasks.stoppedForHealthChecks(t), setup, logRead, marker != null);
    }

    /** The stream's first lines (a start fits in them) and, when there are more, its last ones. */
    private static List<SetupSteps.LogLine> lines(CloudWatchLogsClient logs, CloudSettings.Aws aws, String stream) throws CloudApiException {
        List<OutputLogEvent> head = AwsFailures.call(() -> logs.getLogEvents(r -> r.logGroupName(aws.logGroup())
                .logStreamName(stream).startFromHead(true).limit(HEAD_LINES)).events(), "logs:GetLogEvents");
        List<OutputLogEvent> all = new ArrayList<>(head);
        if (head.size() >= HEAD_LINES) {
            all.addAll(AwsFailures.call(() -> logs.getLogEvents(r -> r.logGroupName(aws.logGroup())
                    .logStreamName(stream).startFromHead(false).limit(TAIL_LINES)).events(), "logs:GetLogEvents"));
        }
        return all.stream().filter(e -> e.timestamp() != null)
                .map(e -> new SetupSteps.LogLine(Instant.ofEpochMilli(e.timestamp()), e.message())).toList();
    }

    static String time(Instant at) {
        return HMS.format(at);
    }
}
