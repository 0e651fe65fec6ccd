package dev.triage.checks.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import dev.triage.checks.action.ActionOutcome;
import dev.triage.checks.action.ActionStep;
import dev.triage.checks.cloud.FakeApi.Reply;
import dev.triage.checks.cloud.aws.AwsClients;
import dev.triage.checks.cloud.aws.CloudLogsCheck;
import dev.triage.checks.cloud.aws.EcsRedeployAction;
import dev.triage.checks.cloud.aws.EcsServiceCheck;
import dev.triage.checks.cloud.aws.SecurityGroupCheck;
import dev.triage.checks.http.HttpHealthCheck;
import dev.triage.checks.http.HttpProber;
import dev.triage.config.CloudSettings;
import dev.triage.config.Service;
import dev.triage.config.Target;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** The AWS checks against a fake AWS on 127.0.0.1 speaking the EC2 query/XML and the ECS and Logs JSON 1.1 protocols. */
class AwsCloudTest {
    static final String ACCESS_KEY = "AKIAPLANTEDFAKE00001";
    static final String SECRET_KEY = "PLANTEDsecretAccessKey/abcdefghijklmnop";
    static final String EC2_NS = "xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"";

    FakeApi aws;

    @AfterEach
    void stop() {
        if (aws != null) {
            aws.close();
        }
    }

    AwsClients clients() {
        return new AwsClients(a -> StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)), 1);
    }

    CloudLookup lookup() {
        return CloudLookup.always(new CloudSettings(new CloudSettings.Aws("ap-northeast-2", null, null, "i-0123456789abcdef0", null, null,
                "prod-cluster", "chat-api", "/ecs/chat-api", "ecs/api", aws.url()), null, null));
    }

    static Target target(URI base) {
        Service service = new Service("systemd", "chat-api", 8000, true, null, List.of(), null, null, "API server is ready!", false, 0, Map.of());
        return new Target("chat", base, "127.0.0.5", 8000, null, Duration.ofSeconds(3), null, null, null, null, null, service);
    }

    FakeApi start(Function<FakeApi.Call, Reply> answer) throws Exception {
        aws = new FakeApi(answer);
        return aws;
    }

    // ---- EC2 ----------------------------------------------------------------------

    static final String INSTANCES = "<DescribeInstancesResponse " + EC2_NS + "><requestId>r1</requestId><reservationSet><item>"
            + "<reservationId>r-1</reservationId><instancesSet><item><instanceId>i-0123456789abcdef0</instanceId>"
            + "<groupSet><item><groupId>sg-0aaaaaaaaaaaaaaa1</groupId><groupName>web</groupName></item></groupSet>"
            + "</item></instancesSet></item></reservationSet></DescribeInstancesResponse>";

    static String groups(String rules) {
        return "<DescribeSecurityGroupsResponse " + EC2_NS + "><requestId>r2</requestId><securityGroupInfo><item>"
                + "<ownerId>123456789012</ownerId><groupId>sg-0aaaaaaaaaaaaaaa1</groupId><groupName>web</groupName>"
                + "<groupDescription>web</groupDescription><ipPermissions>" + rules + "</ipPermissions>"
                + "</item></securityGroupInfo></DescribeSecurityGroupsResponse>";
    }

    static String rule(int from, int to, String cidr) {
        return "<item><ipProtocol>tcp</ipProtocol><fromPort>" + from + "</fromPort><toPort>" + to + "</toPort>"
                + "<ipRanges><item><cidrIp>" + cidr + "</cidrIp></item></ipRanges></item>";
    }

    Function<FakeApi.Call, Reply> ec2(String rules) {
        return c -> switch (c.operation()) {
            case "DescribeInstances" -> Reply.xml(200, INSTANCES);
            case "DescribeSecurityGroups" -> Reply.xml(200, groups(rules));
            default -> Reply.xml(400, ec2Error("InvalidAction", "unknown"));
        };
    }

    static String ec2Error(String code, String message) {
        return "<Response><Errors><Error><Code>" + code + "</Code><Message>" + message + "</Message></Error></Errors>"
                + "<RequestID>req-1</RequestID></Response>";
    }

    @Test
    void portOpenToEveryoneOnTheInstancesGroupIsOk() throws Exception {
        start(ec2(rule(22, 22, "0.0.0.0/0") + rule(8000, 8000, "0.0.0.0/0")));
        CheckResult r = new SecurityGroupCheck(clients(), lookup()).run(target(null));
        assertEquals(Status.OK, r.status(), r::summary);
        assertEquals("tcp 8000 is open to 0.0.0.0/0 by sg-0aaaaaaaaaaaaaaa1 (tcp 8000 from 0.0.0.0/0)", r.summary());
        assertTrue(aws.calls().get(0).header("authorization").contains(ACCESS_KEY), "signed with the fake credentials");
    }

    @Test
    void portOpenOnlyToThePrivateNetworkFailsNamingTheGroupAndTheRuleToAdd() throws Exception {
        start(ec2(rule(22, 22, "0.0.0.0/0") + rule(8000, 8000, "100.64.0.0/16")));
        CheckResult r = new SecurityGroupCheck(clients(), lookup()).run(target(null));
        assertEquals(Status.FAIL, r.status());
        assertEquals("no inbound rule on sg-0aaaaaaaaaaaaaaa1 of i-0123456789abcdef0 opens tcp 8000 to 0.0.0.0/0:"
                + " add Custom TCP 8000 from 0.0.0.0/0 to sg-0aaaaaaaaaaaaaaa1", r.summary());
        assertEquals(List.of("sg-0aaaaaaaaaaaaaaa1 web: tcp 8000 from 100.64.0.0/16"), r.evidence());
        Outputs.assertNoSecret(Outputs.of(r), SECRET_KEY);
    }

    @Test
    void missingEc2PermissionIsAnErrorNamingTheIamAction() throws Exception {
        start(c -> Reply.xml(403, ec2Error("UnauthorizedOperation", "You are not authorized to perform this operation.")));
        CheckResult r = new SecurityGroupCheck(clients(), lookup()).run(target(null));
        assertEquals(Status.ERROR, r.status());
        assertTrue(r.summary().contains("allow ec2:DescribeInstances in the IAM policy"), r::summary);
        assertEquals("PERMISSION", r.fact("cloud.failure"));
    }

    @Test
    void ec2ThrottlingIsAnError() throws Exception {
        start(c -> Reply.xml(503, ec2Error("RequestLimitExceeded", "Request limit exceeded.")));
        CheckResult r = new SecurityGroupCheck(clients(), lookup()).run(target(null));
        assertEquals(Status.ERROR, r.status());
        assertEquals("THROTTLED", r.fact("cloud.failure"), r::summary);
    }

    // ---- ECS ----------------------------------------------------------------------

    static String service(int running, int desired, String rollout, String event) {
        return "{\"services\":[{\"serviceName\":\"chat-api\",\"serviceArn\":\"arn:aws:ecs:ap-northeast-2:123456789012:service/prod-cluster/chat-api\","
                + "\"status\":\"ACTIVE\",\"desiredCount\":" + desired + ",\"runningCount\":" + running + ",\"pendingCount\":0,"
                + "\"deployments\":[{\"id\":\"ecs-svc/1\",\"status\":\"PRIMARY\",\"rolloutState\":\"" + rollout + "\",\"desiredCount\":" + desired
                + ",\"runningCount\":" + running + "}],"
                + "\"events\":[{\"id\":\"e1\",\"createdAt\":1767582000.0,\"message\":\"" + event + "\"}]}],\"failures\":[]}";
    }

    static final String STOPPED = "{\"tasks\":[{\"taskArn\":\"arn:aws:ecs:ap-northeast-2:123456789012:task/prod-cluster/0f1e2d3c\","
            + "\"lastStatus\":\"STOPPED\",\"stoppedReason\":\"Task failed ELB health checks in (target-group arn:aws:elasticloadbalancing:tg/chat)\","
            + "\"containers\":[{\"name\":\"api\",\"exitCode\":137,\"reason\":\"OutOfMemoryError: Container killed due to memory usage\"}]}],\"failures\":[]}";

    Function<FakeApi.Call, Reply> ecs(String describeServices) {
        return c -> switch (c.operation()) {
            case "DescribeServices" -> Reply.awsJson(200, describeServices);
            case "ListTasks" -> Reply.awsJson(200, "{\"taskArns\":[\"arn:aws:ecs:ap-northeast-2:123456789012:task/prod-cluster/0f1e2d3c\"]}");
            case "DescribeTasks" -> Reply.awsJson(200, STOPPED);
            default -> Reply.awsJson(400, "{\"__type\":\"InvalidParameterException\",\"message\":\"unknown\"}");
        };
    }

    @Test
    void ecsServiceRunningAllDesiredTasksIsOk() throws Exception {
        start(ecs(service(2, 2, "COMPLETED", "(service chat-api) has reached a steady state.")));
        CheckResult r = new EcsServiceCheck(clients(), lookup()).run(target(null));
        assertEquals(Status.OK, r.status(), r::summary);
        assertEquals("ECS service chat-api runs 2 of 2 tasks", r.summary());
        assertEquals("AmazonEC2ContainerServiceV20141113.DescribeServices", aws.calls().get(0).header("x-amz-target"));
    }

    @Test
    void ecsServiceShortOfTasksFailsWithTheStoppedReasonAndEvents() throws Exception {
        start(ecs(service(0, 2, "IN_PROGRESS", "(service chat-api) (task 0f1e2d3c) failed ELB health checks")));
        CheckResult r = new EcsServiceCheck(clients(), lookup()).run(target(null));
        assertEquals(Status.FAIL, r.status());
        assertTrue(r.summary().startsWith("ECS service chat-api runs 0 of 2 tasks: tasks stop with \"Task failed ELB health checks"), r::summary);
        assertTrue(r.evidence().stream().anyMatch(e -> e.contains("api exit 137 OutOfMemoryError")), r.evidence()::toString);
        assertTrue(r.evidence().stream().anyMatch(e -> e.startsWith("event: (service chat-api) (task 0f1e2d3c) failed ELB health checks")));
    }

    @Test
    void expiredCredentialsAreAnErrorSayingToRenewThem() throws Exception {
        start(c -> Reply.awsJson(400, "{\"__type\":\"ExpiredTokenException\",\"message\":\"The security token included in the request is expired\"}"));
        CheckResult r = new EcsServiceCheck(clients(), lookup()).run(target(null));
        assertEquals(Status.ERROR, r.status());
        assertEquals("CREDENTIALS", r.fact("cloud.failure"));
        assertTrue(r.summary().contains("expired or invalid — renew them"), r::summary);
        Outputs.assertNoSecret(Outputs.of(r), SECRET_KEY);
        Outputs.assertNoSecret(Outputs.of(r), ACCESS_KEY);
    }

    @Test
    void ecsThrottlingAndAccessDeniedAreErrors() throws Exception {
        start(c -> Reply.awsJson(400, "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}"));
        CheckResult throttled = new EcsServiceCheck(clients(), lookup()).run(target(null));
        assertEquals(Status.ERROR, throttled.status());
        assertEquals("THROTTLED", throttled.fact("cloud.failure"), throttled::summary);
        aws.answer(c -> Reply.awsJson(400, "{\"__type\":\"AccessDeniedException\",\"message\":\"User is not authorized\"}"));
        CheckResult denied = new EcsServiceCheck(clients(), lookup()).run(target(null));
        assertEquals(Status.ERROR, denied.status());
        assertTrue(denied.summary().contains("allow ecs:DescribeServices"), denied::summary);
    }

    @Test
    void ecsRedeployForcesANewDeploymentAndWaitsForRunningToEqualDesiredThenHealth() throws Exception {
        AtomicInteger describes = new AtomicInteger();
        List<String> updates = new java.util.concurrent.CopyOnWriteArrayList<>();
        start(c -> {
            if (c.path().equals("/health")) {
                return Reply.json(200, "{\"status\":\"healthy\"}");
            }
            return switch (c.operation()) {
                case "UpdateService" -> {
                    updates.add(c.body());
                    yield Reply.awsJson(200, "{\"service\":{\"serviceName\":\"chat-api\",\"status\":\"ACTIVE\"}}");
                }
                case "DescribeServices" -> Reply.awsJson(200, describes.incrementAndGet() < 3
                        ? service(1, 2, "IN_PROGRESS", "(service chat-api) has started 1 tasks")
                        : service(2, 2, "COMPLETED", "(service chat-api) has reached a steady state."));
                default -> Reply.awsJson(400, "{\"__type\":\"InvalidParameterException\"}");
            };
        });
        MovingClock clock = new MovingClock();
        Waiting w = new Waiting(clock, clock.pacer(), Duration.ofMinutes(10), Duration.ofSeconds(15));
        EcsRedeployAction action = new EcsRedeployAction(clients(), lookup(), w,
                new HealthVerification(new HttpHealthCheck(new HttpProber()), w));
        List<ActionStep> steps = new ArrayList<>();
        ActionOutcome out = action.run(target(aws.url()), steps::add);
        assertEquals(ActionOutcome.Result.DONE, out.result(), out::summary);
        assertEquals(1, updates.size());
        assertTrue(updates.get(0).contains("\"forceNewDeployment\":true"), updates.get(0));
        assertEquals(List.of("update-service", "running = desired", "http-health"), steps.stream().map(ActionStep::name).toList());
        assertEquals("running 2 of 2, rollout COMPLETED", steps.get(1).detail());
        assertEquals(Duration.ofSeconds(30), steps.get(1).took());
        Outputs.assertNoSecret(Outputs.of(out), SECRET_KEY);
    }

    @Test
    void aConfiguredRoleIsAssumedWithStsAndItsSessionSignsTheCalls() throws Exception {
        String assumed = "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult><Credentials>"
                + "<AccessKeyId>ASIAASSUMEDROLE00001</AccessKeyId><SecretAccessKey>assumedSecret</SecretAccessKey>"
                + "<SessionToken>assumedSessionToken</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>"
                + "<AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/triage/triage</Arn><AssumedRoleId>AROA1:triage</AssumedRoleId>"
                + "</AssumedRoleUser></AssumeRoleResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></AssumeRoleResponse>";
        Function<FakeApi.Call, Reply> ecs = ecs(service(2, 2, "COMPLETED", "(service chat-api) has reached a steady state."));
        start(c -> c.operation().equals("AssumeRole") ? Reply.xml(200, assumed) : ecs.apply(c));
        CloudLookup withRole = CloudLookup.always(new CloudSettings(new CloudSettings.Aws("ap-northeast-2", null,
                "arn:aws:iam::123456789012:role/triage", null, null, null, "prod-cluster", "chat-api", null, null, aws.url()), null, null));
        CheckResult r = new EcsServiceCheck(clients(), withRole).run(target(null));
        assertEquals(Status.OK, r.status(), r::summary);
        assertTrue(aws.calls().get(0).body().contains("RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Ftriage"), aws.calls().get(0).body());
        FakeApi.Call describe = aws.calls().stream().filter(c -> c.operation().equals("DescribeServices")).findFirst().orElseThrow();
        assertTrue(describe.header("authorization").contains("ASIAASSUMEDROLE00001"), describe.header("authorization"));
        assertEquals("assumedSessionToken", describe.header("x-amz-security-token"));
    }

    // ---- CloudWatch Logs --------------------------------------------------------------

    @Test
    void logLinesWithTheJournalsErrorPatternsFail() throws Exception {
        start(c -> switch (c.operation()) {
            case "DescribeLogStreams" -> Reply.awsJson(200, "{\"logStreams\":["
                    + "{\"logStreamName\":\"ecs/api/old\",\"lastEventTimestamp\":1767500000000},"
                    + "{\"logStreamName\":\"ecs/api/0f1e2d3c\",\"lastEventTimestamp\":1767582000000}]}");
            case "GetLogEvents" -> Reply.awsJson(200, "{\"events\":["
                    + "{\"timestamp\":1767581990000,\"message\":\"INFO:     Started server process [1]\",\"ingestionTime\":1767581990100},"
                    + "{\"timestamp\":1767581991000,\"message\":\"ModuleNotFoundError: No module named 'openai'\",\"ingestionTime\":1767581991100}],"
                    + "\"nextForwardToken\":\"f/1\",\"nextBackwardToken\":\"b/1\"}");
            default -> Reply.awsJson(400, "{\"__type\":\"InvalidParameterException\"}");
        });
        CheckResult r = new CloudLogsCheck(clients(), lookup(), new MovingClock()).run(target(null));
        assertEquals(Status.FAIL, r.status(), r::summary);
        assertTrue(r.summary().startsWith("the log /ecs/chat-api › ecs/api/0f1e2d3c shows"), r::summary);
        assertTrue(r.evidence().contains("ModuleNotFoundError: No module named 'openai'"), r.evidence()::toString);
        FakeApi.Call get = aws.calls().stream().filter(c -> c.operation().equals("GetLogEvents")).findFirst().orElseThrow();
        assertTrue(get.body().contains("\"logStreamName\":\"ecs/api/0f1e2d3c\""), get.body());
        assertEquals("Logs_20140328.GetLogEvents", get.header("x-amz-target"));
    }

    @Test
    void cleanLogWithTheReadyMarkerIsOk() throws Exception {
        start(c -> switch (c.operation()) {
            case "DescribeLogStreams" -> Reply.awsJson(200, "{\"logStreams\":[{\"logStreamName\":\"ecs/api/1\",\"lastEventTimestamp\":1}]}");
            case "GetLogEvents" -> Reply.awsJson(200, "{\"events\":[{\"timestamp\":1,\"message\":\"API server is ready!\"}]}");
            default -> Reply.awsJson(400, "{\"__type\":\"InvalidParameterException\"}");
        });
        CheckResult r = new CloudLogsCheck(clients(), lookup(), new MovingClock()).run(target(null));
        assertEquals(Status.OK, r.status(), r::summary);
    }

    @Test
    void notConfiguredChecksAreSkippedNamingWhatToSet() {
        CloudLookup none = t -> java.util.Optional.empty();
        assertTrue(new SecurityGroupCheck(clients(), none).run(target(null)).summary().contains("cloud.aws.instance_id"));
        assertTrue(new EcsServiceCheck(clients(), none).run(target(null)).summary().contains("cloud.aws.ecs_cluster"));
        assertTrue(new CloudLogsCheck(clients(), none, new MovingClock()).run(target(null)).summary().contains("cloud.aws.log_group"));
    }
}
