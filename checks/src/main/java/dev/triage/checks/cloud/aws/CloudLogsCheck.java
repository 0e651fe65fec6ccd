package dev.triage.checks.cloud.aws;

import dev.triage.checks.Check;
import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import dev.triage.checks.cloud.CloudApiException;
import dev.triage.checks.cloud.CloudFailure;
import dev.triage.checks.cloud.CloudLookup;
import dev.triage.checks.cloud.CloudResults;
import dev.triage.checks.cloud.PlatformLog;
import dev.triage.checks.ssh.parse.JournalParser;
import dev.triage.checks.ssh.parse.JournalScan;
import dev.triage.config.CloudSettings;
import dev.triage.config.Service;
import dev.triage.config.Target;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogStream;
import software.amazon.awssdk.services.cloudwatchlogs.model.OrderBy;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * {@code cloud-logs} (document 004): the latest lines of the service's log in CloudWatch Logs, judged with
 * the same error patterns and ready marker as the {@code journal} check. With an ECS service configured it
 * follows the service's newest task in that task's own stream ({@code PREFIX/CONTAINER/TASK_ID}); otherwise
 * the group's newest stream. It also knows a stall (004: "stopped at the AWS CLI installation"): the log
 * ends in a setup step — a setup marker with no ready line after it — and no new line came for
 * {@code cloud.aws.log_stall_after}, or the task stopped there.
 * Everything but the setup step is judged by {@link PlatformLog}, as Render's log and the journal are.
 */
public final class CloudLogsCheck implements Check {
    public static final String ID = "cloud-logs";
    static final int DEFAULT_LINES = 100;

    private final AwsClients clients;
    private final CloudLookup lookup;
    private final InstantSource clock;

    public CloudLogsCheck(AwsClients clients, CloudLookup lookup, InstantSource clock) {
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
        Optional<CloudSettings.Aws> settings = lookup.settings(target).flatMap(CloudSettings::awsSettings).filter(a -> a.logGroup() != null);
        if (settings.isEmpty()) {
            return CheckResult.skipped(ID, "no log group configured: set cloud.aws.log_group (and log_stream_prefix) for " + target.name());
        }
        CloudSettings.Aws aws = settings.get();
        int lines = target.serviceInfo().map(Service::journalLines).filter(n -> n > 0).orElse(DEFAULT_LINES);
        String marker = EcsStartup.readyMarker(aws, target);
        Instant start = clock.instant();
        List<String> notes = new ArrayList<>();
        try (CloudWatchLogsClient logs = clients.logs(aws, target.timeout())) {
            Task task = aws.ecsService() == null ? null : newestTask(aws, target, notes);
            Map<String, String> facts = new LinkedHashMap<>();
            LogStream stream;
            if (task != null) {
                String id = EcsTasks.id(task);
                facts.put("task", id);
                Optional<LogStream> own = EcsTasks.stream(logs, aws, id);
                if (own.isEmpty()) {
                    facts.put("stream", EcsTasks.expectedStream(aws, id));
                    return CheckResult.of(ID, Status.WARN, "task " + id + " has no log stream " + EcsTasks.expectedStream(aws, id) + " in "
                                    + aws.logGroup() + (EcsTasks.stopped(task) ? "" : " yet") + ": it is still pending, or"
                                    + " cloud.aws.log_stream_prefix is not awslogs-stream-prefix/CONTAINER", notes)
                            .withDuration(Duration.between(start, clock.instant())).withFacts(facts);
                }
                stream = own.get();
            } else {
                stream = newestStream(logs, aws);
            }
            List<OutputLogEvent> events = AwsFailures.call(() -> logs.getLogEvents(r -> r.logGroupName(aws.logGroup())
                    .logStreamName(stream.logStreamName()).limit(lines).startFromHead(false)).events(), "logs:GetLogEvents");
            String text = events.stream().map(e -> e.message() == null ? "" : e.message().stripTrailing())
                    .collect(Collectors.joining("\n"));
            List<SetupSteps.LogLine> timed = events.stream().filter(e -> e.timestamp() != null)
                    .map(e -> new SetupSteps.LogLine(Instant.ofEpochMilli(e.timestamp()), e.message())).toList();
            JournalScan scan = JournalParser.parse(text, marker);
            String where = aws.logGroup() + " › " + stream.logStreamName();
            facts.put("stream", stream.logStreamName());
            Optional<SetupSteps.Step> setup = SetupSteps.pending(timed, SetupSteps.of(aws.setupMarkers()), marker);
            Instant now = clock.instant();
            boolean errors = !scan.matches().isEmpty();
            CheckResult judged;
            if (!errors && setup.isPresent() && task != null && EcsTasks.stopped(task)) {
                SetupSteps.Step step = setup.get();
                facts.put("setup", "stopped-during");
                facts.put("setup_step", step.label());
                judged = stalled(Status.FAIL, "task " + EcsTasks.id(task) + " stopped during a setup step, " + step.label()
                        + ": its log " + where + " ends at \"" + CloudResults.oneLine(step.line().text(), 120) + "\"", text, scan, facts);
            } else if (!errors && setup.isPresent() && setup.get().silentFor(now).compareTo(aws.stallAfter()) >= 0) {
                SetupSteps.Step step = setup.get();
                long silent = step.silentFor(now).toSeconds();
                facts.put("setup", "stalled");
                facts.put("setup_step", step.label());
                facts.put("stalled_for", Long.toString(silent));
                judged = stalled(Status.FAIL, "the log " + where + " stalled at a setup step, " + step.label() + ": no new line for "
                        + silent + " s after \"" + CloudResults.oneLine(step.line().text(), 120) + "\"", text, scan, facts);
            } else {
                setup.ifPresent(x -> facts.put("setup", "in-progress"));
                judged = PlatformLog.judge(ID, "the log " + where, text.lines().toList(), marker, facts,
                        Duration.between(start, clock.instant()));
            }
            List<String> shown = new ArrayList<>(judged.evidence());
            shown.addAll(notes);
            return CheckResult.of(ID, judged.status(), judged.summary(), shown)
                    .withDuration(Duration.between(start, clock.instant())).withFacts(judged.facts());
        } catch (CloudApiException e) {
            return CloudResults.error(ID, e, Duration.between(start, clock.instant()));
        } catch (SdkException e) {
            return CloudResults.error(ID, AwsFailures.of(e, "logs"), Duration.between(start, clock.instant()));
        }
    }

    /** The service's newest task, running or stopped; null (with a note) when ECS can't say. */
    private Task newestTask(CloudSettings.Aws aws, Target target, List<String> notes) {
        try (EcsClient ecs = clients.ecs(aws, target.timeout())) {
            List<Task> tasks = EcsTasks.newestFirst(ecs, aws);
            if (tasks.isEmpty()) {
                notes.add("ECS service " + aws.ecsService() + " has no recent task: this is the group's newest stream");
            }
            return tasks.isEmpty() ? null : tasks.get(0);
        } catch (CloudApiException e) {
            notes.add("the newest task is unknown (" + e.getMessage() + "): this is the group's newest stream");
            return null;
        } catch (SdkException e) {
            notes.add("the newest task is unknown (" + AwsFailures.of(e, "ecs").getMessage() + "): this is the group's newest stream");
            return null;
        }
    }

    /** With a prefix CloudWatch can only order by name, so the newest event decides among that page. */
    private static LogStream newestStream(CloudWatchLogsClient logs, CloudSettings.Aws aws) throws CloudApiException {
        List<LogStream> streams = AwsFailures.call(() -> aws.logStreamPrefix() == null
                ? logs.describeLogStreams(r -> r.logGroupName(aws.logGroup()).orderBy(OrderBy.LAST_EVENT_TIME).descending(true).limit(1)).logStreams()
                : logs.describeLogStreams(r -> r.logGroupName(aws.logGroup()).logStreamNamePrefix(aws.logStreamPrefix()).limit(50)).logStreams(),
                "logs:DescribeLogStreams");
        return streams.stream()
                .max(Comparator.comparing((LogStream s) -> s.lastEventTimestamp() == null ? 0L : s.lastEventTimestamp()))
                .orElseThrow(() -> new CloudApiException(CloudFailure.NOT_FOUND, "no log stream in " + aws.logGroup()
                        + (aws.logStreamPrefix() == null ? "" : " starting with " + aws.logStreamPrefix())
                        + ": check cloud.aws.log_group and log_stream_prefix (the task definition's awslogs settings)"));
    }

    /** A setup step the log never got past: the last lines as evidence, and the same facts PlatformLog gives. */
    private static CheckResult stalled(Status status, String summary, String text, JournalScan scan, Map<String, String> facts) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("patterns", "");
        all.put("lines", Integer.toString(scan.lineCount()));
        all.put("readyMarker", scan.readyMarker().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        all.putAll(facts);
        List<String> l = text.lines().map(x -> CloudResults.oneLine(x, 300)).toList();
        return CheckResult.of(ID, status, summary, l.subList(Math.max(0, l.size() - 6), l.size())).withFacts(all);
    }

}
