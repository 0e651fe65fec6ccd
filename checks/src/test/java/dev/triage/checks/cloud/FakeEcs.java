package dev.triage.checks.cloud;

import dev.triage.checks.cloud.FakeApi.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One ECS service behind a load balancer as AWS's wire formats describe it, for a {@link FakeApi}: ECS and
 * CloudWatch Logs in JSON 1.1, ELBv2's DescribeTargetGroups in its query/XML protocol, and the service's
 * {@code /health} through the load balancer (503 until a deployment has settled). Document 004 by default:
 * a 60 s grace period, a target group checking {@code /health} every 30 s, healthy after 5.
 * An UpdateService takes the grace period it is given and settles after two more DescribeServices.
 */
public final class FakeEcs {
    /** 02:55:00 UTC, five minutes before {@link MovingClock}'s start: when the tasks in these tests start. */
    public static final long T0 = 1_767_581_700L;
    public static final String CLUSTER_ARN = "arn:aws:ecs:ap-northeast-2:123456789012:cluster/prod-cluster";
    public static final String TASK_ARN = "arn:aws:ecs:ap-northeast-2:123456789012:task/prod-cluster/";
    public static final String TARGET_GROUP = "arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:targetgroup/chat-tg/0123456789abcdef";
    public static final String TASK_DEFINITION = "arn:aws:ecs:ap-northeast-2:123456789012:task-definition/chat-api:7";
    public static final String STOPPED_BY_ELB = "Task failed ELB health checks in (target-group " + TARGET_GROUP + ")";

    /** A task of the service. */
    public record TaskSpec(String id, long startedAt, Long stoppedAt, String stoppedReason) {
        String json() {
            boolean stopped = stoppedAt != null;
            return "{\"taskArn\":\"" + TASK_ARN + id + "\",\"clusterArn\":\"" + CLUSTER_ARN + "\",\"taskDefinitionArn\":\"" + TASK_DEFINITION
                    + "\",\"lastStatus\":\"" + (stopped ? "STOPPED" : "RUNNING") + "\",\"desiredStatus\":\"" + (stopped ? "STOPPED" : "RUNNING")
                    + "\",\"createdAt\":" + (startedAt - 20) + ".0,\"startedAt\":" + startedAt + ".0"
                    + (stopped ? ",\"stoppingAt\":" + stoppedAt + ".0,\"stoppedAt\":" + (stoppedAt + 5) + ".0,\"stoppedReason\":\"" + stoppedReason + "\"" : "")
                    + ",\"containers\":[{\"name\":\"chatbot\"" + (stopped ? ",\"exitCode\":137" : "") + "}]}";
        }
    }

    public volatile int grace = 60;
    public volatile int running = 0;
    public volatile int desired = 1;
    public volatile String rollout = "IN_PROGRESS";
    public volatile boolean loadBalanced = true;
    public volatile String healthCheck = targetGroup(30, 5, 5, 2, "/health");
    public volatile Reply elbError;
    public final List<TaskSpec> tasks = new CopyOnWriteArrayList<>();
    /** Stream name → its events, oldest first: {@code {"timestamp":…,"message":…}}. */
    public final Map<String, List<String>> streams = new ConcurrentHashMap<>();
    public final List<String> updates = new CopyOnWriteArrayList<>();
    private volatile int settleIn = -1;

    public static String targetGroup(int interval, int timeout, int healthy, int unhealthy, String path) {
        return "<DescribeTargetGroupsResponse xmlns=\"http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/\"><DescribeTargetGroupsResult>"
                + "<TargetGroups><member><TargetGroupArn>" + TARGET_GROUP + "</TargetGroupArn><TargetGroupName>chat-tg</TargetGroupName>"
                + "<Protocol>HTTP</Protocol><Port>8501</Port><VpcId>vpc-0435255d630bc4c2d</VpcId><HealthCheckProtocol>HTTP</HealthCheckProtocol>"
                + "<HealthCheckPort>traffic-port</HealthCheckPort><HealthCheckEnabled>true</HealthCheckEnabled>"
                + "<HealthCheckIntervalSeconds>" + interval + "</HealthCheckIntervalSeconds><HealthCheckTimeoutSeconds>" + timeout
                + "</HealthCheckTimeoutSeconds><HealthyThresholdCount>" + healthy + "</HealthyThresholdCount><UnhealthyThresholdCount>"
                + unhealthy + "</UnhealthyThresholdCount><HealthCheckPath>" + path + "</HealthCheckPath><Matcher><HttpCode>200</HttpCode></Matcher>"
                + "<LoadBalancerArns><member>arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:loadbalancer/app/chat-alb/1</member>"
                + "</LoadBalancerArns><TargetType>ip</TargetType></member></TargetGroups></DescribeTargetGroupsResult>"
                + "<ResponseMetadata><RequestId>elb-1</RequestId></ResponseMetadata></DescribeTargetGroupsResponse>";
    }

    /** One log event {@code secondsAfterT0} after {@link #T0}. */
    public static String event(long secondsAfterT0, String message) {
        long ms = (T0 + secondsAfterT0) * 1000;
        return "{\"timestamp\":" + ms + ",\"message\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\",\"ingestionTime\":" + (ms + 200) + "}";
    }

    /** The task's stream under the prefix {@code ecs/chatbot}: {@code ecs/chatbot/TASK_ID}. */
    public void log(String taskId, String... events) {
        streams.put("ecs/chatbot/" + taskId, List.of(events));
    }

    public Function<FakeApi.Call, Reply> answer() {
        return c -> {
            if (c.path().equals("/health")) {
                return settleIn == 0 ? Reply.json(200, "{\"status\":\"healthy\"}") : Reply.json(503, "{\"message\":\"Service Temporarily Unavailable\"}");
            }
            return switch (c.operation()) {
                case "DescribeServices" -> {
                    if (settleIn > 0 && --settleIn == 0) {
                        running = desired;
                        rollout = "COMPLETED";
                    }
                    yield Reply.awsJson(200, service());
                }
                case "ListTasks" -> {
                    boolean stopped = c.body().contains("\"desiredStatus\":\"STOPPED\"");
                    List<String> arns = tasks.stream().filter(t -> (t.stoppedAt() != null) == stopped).map(t -> "\"" + TASK_ARN + t.id() + "\"").toList();
                    yield Reply.awsJson(200, "{\"taskArns\":[" + String.join(",", arns) + "]}");
                }
                case "DescribeTasks" -> Reply.awsJson(200, "{\"tasks\":[" + String.join(",", tasks.stream()
                        .filter(t -> c.body().contains(TASK_ARN + t.id() + "\"")).map(TaskSpec::json).toList()) + "],\"failures\":[]}");
                case "UpdateService" -> {
                    updates.add(c.body());
                    Matcher m = Pattern.compile("\"healthCheckGracePeriodSeconds\":(\\d+)").matcher(c.body());
                    if (m.find()) {
                        grace = Integer.parseInt(m.group(1));
                    }
                    rollout = "IN_PROGRESS";
                    settleIn = 2;
                    yield Reply.awsJson(200, "{\"service\":" + serviceJson() + "}");
                }
                case "DescribeTargetGroups" -> elbError != null ? elbError : Reply.xml(200, healthCheck);
                case "DescribeLogStreams" -> Reply.awsJson(200, logStreams(c.body()));
                case "GetLogEvents" -> Reply.awsJson(200, logEvents(c.body()));
                default -> Reply.awsJson(400, "{\"__type\":\"InvalidParameterException\",\"message\":\"not faked: " + c.operation() + "\"}");
            };
        };
    }

    private String service() {
        return "{\"services\":[" + serviceJson() + "],\"failures\":[]}";
    }

    private String serviceJson() {
        return "{\"serviceName\":\"chat-api\",\"serviceArn\":\"arn:aws:ecs:ap-northeast-2:123456789012:service/prod-cluster/chat-api\","
                + "\"clusterArn\":\"" + CLUSTER_ARN + "\",\"status\":\"ACTIVE\",\"desiredCount\":" + desired + ",\"runningCount\":" + running
                + ",\"pendingCount\":0,\"taskDefinition\":\"" + TASK_DEFINITION + "\",\"healthCheckGracePeriodSeconds\":" + grace
                + ",\"loadBalancers\":" + (loadBalanced ? "[{\"targetGroupArn\":\"" + TARGET_GROUP + "\",\"containerName\":\"chatbot\",\"containerPort\":8501}]" : "[]")
                + ",\"deployments\":[{\"id\":\"ecs-svc/1\",\"status\":\"PRIMARY\",\"taskDefinition\":\"" + TASK_DEFINITION + "\",\"rolloutState\":\""
                + rollout + "\",\"desiredCount\":" + desired + ",\"runningCount\":" + running + "}],"
                + "\"events\":[{\"id\":\"e1\",\"createdAt\":" + (T0 + 130) + ".0,\"message\":\"(service chat-api) (task 0f1e2d3c) failed ELB health checks in (target-group "
                + TARGET_GROUP + ")\"}]}";
    }

    private String logStreams(String body) {
        Matcher m = Pattern.compile("\"logStreamNamePrefix\":\"([^\"]*)\"").matcher(body);
        String prefix = m.find() ? m.group(1) : "";
        List<String> out = new ArrayList<>();
        streams.forEach((name, events) -> {
            if (name.startsWith(prefix) && !events.isEmpty()) {
                out.add("{\"logStreamName\":\"" + name + "\",\"firstEventTimestamp\":" + timestamp(events.get(0))
                        + ",\"lastEventTimestamp\":" + timestamp(events.get(events.size() - 1)) + "}");
            }
        });
        return "{\"logStreams\":[" + String.join(",", out) + "]}";
    }

    private String logEvents(String body) {
        Matcher m = Pattern.compile("\"logStreamName\":\"([^\"]*)\"").matcher(body);
        List<String> events = m.find() ? streams.getOrDefault(m.group(1), List.of()) : List.of();
        Matcher l = Pattern.compile("\"limit\":(\\d+)").matcher(body);
        int limit = l.find() ? Integer.parseInt(l.group(1)) : 10_000;
        boolean head = body.contains("\"startFromHead\":true");
        List<String> page = head ? events.subList(0, Math.min(limit, events.size()))
                : events.subList(Math.max(0, events.size() - limit), events.size());
        return "{\"events\":[" + String.join(",", page) + "],\"nextForwardToken\":\"f/1\",\"nextBackwardToken\":\"b/1\"}";
    }

    private static String timestamp(String event) {
        Matcher m = Pattern.compile("\"timestamp\":(\\d+)").matcher(event);
        return m.find() ? m.group(1) : "0";
    }
}
