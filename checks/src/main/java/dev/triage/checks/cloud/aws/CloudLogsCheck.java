package dev.triage.checks.cloud.aws;

import dev.triage.checks.Check;
import dev.triage.checks.CheckResult;
import dev.triage.checks.cloud.CloudApiException;
import dev.triage.checks.cloud.CloudFailure;
import dev.triage.checks.cloud.CloudLookup;
import dev.triage.checks.cloud.CloudResults;
import dev.triage.checks.cloud.PlatformLog;
import dev.triage.config.CloudSettings;
import dev.triage.config.Service;
import dev.triage.config.Target;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogStream;
import software.amazon.awssdk.services.cloudwatchlogs.model.OrderBy;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;

/**
 * {@code cloud-logs} (document 004): the latest lines of the service's newest CloudWatch Logs stream,
 * judged with the same error patterns and ready marker as the {@code journal} check ({@link PlatformLog}).
 */
public final class CloudLogsCheck implements Check {
    public static final String ID = "cloud-logs";
    static final int DEFAULT_LINES = 100;

    private final AwsClients clients;
    private final CloudLookup lookup;

    public CloudLogsCheck(AwsClients clients, CloudLookup lookup) {
        this.clients = clients;
        this.lookup = lookup;
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
        String marker = target.serviceInfo().map(Service::readyMarker).orElse(null);
        long start = System.nanoTime();
        try (CloudWatchLogsClient logs = clients.logs(aws, target.timeout())) {
            LogStream stream = newestStream(logs, aws);
            List<OutputLogEvent> events = SecurityGroupCheck.call(() -> logs.getLogEvents(r -> r.logGroupName(aws.logGroup())
                    .logStreamName(stream.logStreamName()).limit(lines).startFromHead(false)).events(), "logs:GetLogEvents");
            List<String> text = events.stream().map(e -> e.message() == null ? "" : e.message().stripTrailing()).toList();
            return PlatformLog.judge(ID, "the log " + aws.logGroup() + " › " + stream.logStreamName(), text, marker,
                    Map.of("stream", stream.logStreamName()), took(start), Instant.now());
        } catch (CloudApiException e) {
            return CloudResults.error(ID, e, took(start));
        } catch (SdkException e) {
            return CloudResults.error(ID, AwsFailures.of(e, "logs"), took(start));
        }
    }

    /** With a prefix CloudWatch can only order by name, so the newest event decides among that page. */
    private static LogStream newestStream(CloudWatchLogsClient logs, CloudSettings.Aws aws) throws CloudApiException {
        List<LogStream> streams = SecurityGroupCheck.call(() -> aws.logStreamPrefix() == null
                ? logs.describeLogStreams(r -> r.logGroupName(aws.logGroup()).orderBy(OrderBy.LAST_EVENT_TIME).descending(true).limit(1)).logStreams()
                : logs.describeLogStreams(r -> r.logGroupName(aws.logGroup()).logStreamNamePrefix(aws.logStreamPrefix()).limit(50)).logStreams(),
                "logs:DescribeLogStreams");
        return streams.stream()
                .max(Comparator.comparing((LogStream s) -> s.lastEventTimestamp() == null ? 0L : s.lastEventTimestamp()))
                .orElseThrow(() -> new CloudApiException(CloudFailure.NOT_FOUND, "no log stream in " + aws.logGroup()
                        + (aws.logStreamPrefix() == null ? "" : " starting with " + aws.logStreamPrefix())
                        + ": check cloud.aws.log_group and log_stream_prefix (the task definition's awslogs settings)"));
    }

    private static Duration took(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
