package dev.triage.checks.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import dev.triage.checks.action.ActionOutcome;
import dev.triage.checks.action.ActionPlan;
import dev.triage.checks.action.ActionStep;
import dev.triage.checks.cloud.FakeApi.Reply;
import dev.triage.checks.cloud.FakeEcs.TaskSpec;
import dev.triage.checks.cloud.aws.AwsClients;
import dev.triage.checks.cloud.aws.CloudLogsCheck;
import dev.triage.checks.cloud.aws.EcsGracePeriodAction;
import dev.triage.checks.cloud.aws.EcsRedeployAction;
import dev.triage.checks.cloud.aws.EcsServiceCheck;
import dev.triage.checks.cloud.aws.EcsStartupCheck;
import dev.triage.checks.http.HttpHealthCheck;
import dev.triage.checks.http.HttpProber;
import dev.triage.config.CloudSettings;
import dev.triage.config.Target;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Document 004's root cause against a fake AWS on 127.0.0.1: a container that starts slower than the
 * target group's health checks and the service's 60 s grace period allow, measured from the task's own
 * log stream; the grace-period fix; and cloud-logs following that task and knowing a stalled setup step.
 */
class EcsGraceTest {
    static final String READY = "You can now view your Streamlit app in your browser.";
    static final String TASK = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
    static final String OLDER = "aa11bb22cc33dd44ee55ff6600778899";

    final FakeEcs ecs = new FakeEcs();
    final MovingClock clock = new MovingClock();
    FakeApi aws;

    @BeforeEach
    void start() throws Exception {
        aws = new FakeApi(ecs.answer());
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    AwsClients clients() {
        return new AwsClients(a -> StaticCredentialsProvider.create(AwsBasicCredentials.create(AwsCloudTest.ACCESS_KEY, AwsCloudTest.SECRET_KEY)), 1);
    }

    CloudLookup lookup(String readyMarker, List<String> setupMarkers) {
        return CloudLookup.always(new CloudSettings(new CloudSettings.Aws("ap-northeast-2", null, null, null, null, null,
                "prod-cluster", "chat-api", "/ecs/chat-api", "ecs/chatbot", aws.url(), readyMarker, null, setupMarkers, Duration.ofSeconds(60)),
                null, null));
    }

    CloudLookup lookup() {
        return lookup(READY, null);
    }

    Target target() {
        return new Target("chatbot", aws.url(), null, null, null, Duration.ofSeconds(3), null, null, null, null, null, null);
    }

    /** Started at T0, ready 95 s later, stopped by the load balancer's health checks at 130 s. */
    void slowStartOf95Seconds() {
        ecs.tasks.add(new TaskSpec(TASK, FakeEcs.T0, FakeEcs.T0 + 130, FakeEcs.STOPPED_BY_ELB));
        ecs.log(TASK, FakeEcs.event(1, "Get:1 http://deb.debian.org/debian bookworm InRelease [151 kB]"),
                FakeEcs.event(3, "Reading package lists..."),
                FakeEcs.event(40, "  inflating: aws/dist/awscli/data/ec2/2016-11-15/service-2.json"),
                FakeEcs.event(60, "You can now run: /usr/local/bin/aws --version"),
                FakeEcs.event(70, "download: s3://dual-nova-chatbot-production-code-62eea701/requirements.txt to ./requirements.txt"),
                FakeEcs.event(95, "  " + READY),
                FakeEcs.event(96, "  URL: http://0.0.0.0:8501"));
    }

    // ---- ecs-startup ------------------------------------------------------------------------

    @Test
    void aStartSlowerThanTheGracePeriodFailsWithTheNumbersAndTheFigureToSet() {
        slowStartOf95Seconds();
        CheckResult r = new EcsStartupCheck(clients(), lookup(), clock).run(target());
        assertEquals(Status.FAIL, r.status(), r::summary);
        assertEquals("chat-api starts slower than its health-check grace period: started in 95 s, grace period 60 s"
                + " (healthy after 5 checks 30 s apart: ~245 s) — lengthen it to 390 s (ecs-grace-period); a redeploy alone repeats this",
                r.summary());
        assertEquals("slower-than-grace", r.fact("startup"));
        assertEquals("started in 95 s", r.fact("measured"));
        assertEquals("60", r.fact("grace"));
        assertEquals("390", r.fact("suggested_grace"));
        assertEquals("chat-api:7", r.fact("task_definition"));
        assertEquals(List.of("chat-api: health-check grace period 60 s, task definition chat-api:7",
                "target group chat-tg: HTTP /health every 30 s, timeout 5 s, healthy after 5, unhealthy after 2",
                "task " + TASK + " (chat-api:7): started 02:55:00, ready line at 02:56:35, stopped 02:57:10: " + FakeEcs.STOPPED_BY_ELB),
                r.evidence());
        FakeApi.Call elb = aws.calls().stream().filter(c -> c.operation().equals("DescribeTargetGroups")).findFirst().orElseThrow();
        assertTrue(elb.body().contains("TargetGroupArns.member.1=arn%3Aaws%3Aelasticloadbalancing"), elb.body());
        assertTrue(elb.header("authorization").contains(AwsCloudTest.ACCESS_KEY + "/"), "signed with the fake credentials");
        assertTrue(elb.header("authorization").contains("/ap-northeast-2/elasticloadbalancing/aws4_request"), elb.header("authorization"));
        FakeApi.Call streams = aws.calls().stream().filter(c -> c.operation().equals("DescribeLogStreams")).findFirst().orElseThrow();
        assertTrue(streams.body().contains("\"logStreamNamePrefix\":\"ecs/chatbot/" + TASK + "\""), "the task's own stream: " + streams.body());
        Outputs.assertNoSecret(Outputs.of(r), AwsCloudTest.SECRET_KEY);
    }

    @Test
    void aTaskNeverReadyAndStoppedDuringSetupIsSlowMeasuredAsALowerBound() {
        ecs.tasks.add(new TaskSpec(TASK, FakeEcs.T0, FakeEcs.T0 + 62, FakeEcs.STOPPED_BY_ELB));
        ecs.log(TASK, FakeEcs.event(2, "Reading package lists..."), FakeEcs.event(30, "Archive:  awscliv2.zip"),
                FakeEcs.event(50, "  inflating: aws/dist/awscli/botocore/data/endpoints.json"));
        CheckResult r = new EcsStartupCheck(clients(), lookup(null, null), clock).run(target());
        assertEquals(Status.FAIL, r.status(), r::summary);
        assertTrue(r.summary().startsWith("chat-api starts slower than its health-check grace period: not ready after 62 s, grace period 60 s"
                + " (healthy after 5 checks 30 s apart: over 212 s) — lengthen it to 450 s"), r.summary());
        assertTrue(r.evidence().get(2).endsWith("; its log ends in an unzip"), r.evidence().get(2));
    }

    @Test
    void aTaskReadyInTimeThatStillFailsTheHealthCheckIsAWrongCheckNotASlowStart() {
        ecs.tasks.add(new TaskSpec(TASK, FakeEcs.T0, FakeEcs.T0 + 75, FakeEcs.STOPPED_BY_ELB));
        ecs.log(TASK, FakeEcs.event(8, READY));
        CheckResult r = new EcsStartupCheck(clients(), lookup(), clock).run(target());
        assertEquals(Status.FAIL, r.status(), r::summary);
        assertEquals("health-check-fails", r.fact("startup"));
        assertEquals("task " + TASK + " was ready in 8 s but failed the load balancer's health check (/health): the check's path or"
                + " port doesn't answer — a longer grace period won't help", r.summary());
        ActionPlan plan = grace().plan(target());
        assertFalse(plan.available());
        assertTrue(plan.unavailableReason().contains("fix the check's path or port"), plan.unavailableReason());
    }

    @Test
    void aQuickStartWithinTheGracePeriodIsOkAndOffersNoGracePeriodChange() {
        ecs.running = 1;
        ecs.rollout = "COMPLETED";
        ecs.tasks.add(new TaskSpec(TASK, FakeEcs.T0, null, null));
        ecs.log(TASK, FakeEcs.event(12, READY));
        CheckResult r = new EcsStartupCheck(clients(), lookup(), clock).run(target());
        assertEquals(Status.OK, r.status(), r::summary);
        assertEquals("chat-api tasks start in time: started in 12 s, healthy after 5 checks 30 s apart: ~162 s, grace period 60 s", r.summary());
        ActionPlan plan = grace().plan(target());
        assertEquals("its tasks start in time (started in 12 s, grace period 60 s): nothing to lengthen", plan.unavailableReason());
    }

    @Test
    void aServiceWithoutALoadBalancerIsSkipped() {
        ecs.loadBalanced = false;
        CheckResult r = new EcsStartupCheck(clients(), lookup(), clock).run(target());
        assertEquals(Status.SKIPPED, r.status());
        assertEquals("ECS service chat-api has no load balancer target group: no health-check grace period applies", r.summary());
    }

    @Test
    void aDeniedTargetGroupReadIsAnErrorNamingTheElbPermission() {
        slowStartOf95Seconds();
        ecs.elbError = Reply.xml(403, "<ErrorResponse xmlns=\"http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/\"><Error>"
                + "<Type>Sender</Type><Code>AccessDenied</Code><Message>User is not authorized to perform:"
                + " elasticloadbalancing:DescribeTargetGroups</Message></Error><RequestId>r</RequestId></ErrorResponse>");
        CheckResult r = new EcsStartupCheck(clients(), lookup(), clock).run(target());
        assertEquals(Status.ERROR, r.status());
        assertEquals("PERMISSION", r.fact("cloud.failure"));
        assertEquals("AWS denied elasticloadbalancing:DescribeTargetGroups (AccessDenied): allow elasticloadbalancing:DescribeTargetGroups"
                + " in the IAM policy of the bot's role or user", r.summary());
        Outputs.assertNoSecret(Outputs.of(r), AwsCloudTest.SECRET_KEY);
    }

    @Test
    void throttledTargetGroupReadIsAnError() {
        slowStartOf95Seconds();
        ecs.elbError = Reply.xml(400, "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message>"
                + "</Error></ErrorResponse>");
        CheckResult r = new EcsStartupCheck(clients(), lookup(), clock).run(target());
        assertEquals(Status.ERROR, r.status());
        assertEquals("THROTTLED", r.fact("cloud.failure"), r::summary);
    }

    @Test
    void ecsServiceReportsTheRunningTaskDefinitionRevision() {
        slowStartOf95Seconds();
        CheckResult r = new EcsServiceCheck(clients(), lookup()).run(target());
        assertEquals(Status.FAIL, r.status());
        assertEquals("chat-api: running 0 of 1 desired, pending 0, rollout IN_PROGRESS, task definition chat-api:7", r.evidence().get(0));
        assertEquals("chat-api:7", r.fact("task_definition"));
    }

    // ---- ecs-grace-period ---------------------------------------------------------------------

    EcsGracePeriodAction grace() {
        Waiting w = new Waiting(clock, clock.pacer(), Duration.ofMinutes(10), Duration.ofSeconds(15));
        return new EcsGracePeriodAction(clients(), lookup(), w, new HealthVerification(new HttpHealthCheck(new HttpProber()), w));
    }

    @Test
    void theGracePeriodFixIsOfferedWithTheFigureItWillSet() {
        slowStartOf95Seconds();
        ActionPlan plan = grace().plan(target());
        assertTrue(plan.available(), plan::unavailableReason);
        assertEquals("aws ecs update-service --cluster prod-cluster --service chat-api --health-check-grace-period-seconds 390"
                + " --force-new-deployment", plan.command());
        assertEquals(List.of("tasks still start slower than the grace period, measured again first (now: started in 95 s,"
                + " healthy after 5 checks 30 s apart: ~245 s, grace period 60 s)"), plan.gate());
        assertEquals(List.of("the service's healthCheckGracePeriodSeconds reads 390",
                "runningCount = desiredCount, rollout completed, within 600 s", "GET /health answers 2xx within 600 s"), plan.verify());
        assertTrue(ecs.updates.isEmpty(), "a plan changes nothing");
    }

    @Test
    void theGracePeriodFixSetsItStartsADeploymentAndVerifiesTasksAndHealth() {
        slowStartOf95Seconds();
        List<ActionStep> steps = new ArrayList<>();
        ActionOutcome out = grace().run(target(), steps::add);
        assertEquals(ActionOutcome.Result.DONE, out.result(), out::summary);
        assertEquals(1, ecs.updates.size());
        assertTrue(ecs.updates.get(0).contains("\"healthCheckGracePeriodSeconds\":390"), ecs.updates.get(0));
        assertTrue(ecs.updates.get(0).contains("\"forceNewDeployment\":true"), ecs.updates.get(0));
        assertEquals(List.of("slower than the grace period", "update-service", "grace period", "running = desired", "http-health"),
                steps.stream().map(ActionStep::name).toList());
        assertEquals("grace period of chat-api set to 390 s (was 60 s); new deployment started", steps.get(1).detail());
        assertEquals("healthCheckGracePeriodSeconds reads 390", steps.get(2).detail());
        assertEquals("running 1 of 1, rollout COMPLETED", steps.get(3).detail());
        assertEquals("chat-api grace period 390 s: running 1 of 1, rollout COMPLETED, health answers", out.summary());
        Outputs.assertNoSecret(Outputs.of(out), AwsCloudTest.SECRET_KEY);
    }

    @Test
    void aGracePeriodThatDoesNotHoldFailsTheVerification() {
        slowStartOf95Seconds();
        aws.answer(c -> {
            Reply r = ecs.answer().apply(c);
            if (c.operation().equals("UpdateService")) {
                ecs.grace = 60;   // something else (Terraform) puts it back
            }
            return r;
        });
        ActionOutcome out = grace().run(target(), s -> { });
        assertEquals(ActionOutcome.Result.VERIFY_FAILED, out.result(), out::summary);
        assertTrue(out.summary().startsWith("chat-api's grace period reads 60, not 390: something else manages it"), out.summary());
    }

    @Test
    void aDeniedUpdateServiceIsACommandFailureNamingThePermission() {
        slowStartOf95Seconds();
        aws.answer(c -> c.operation().equals("UpdateService")
                ? Reply.awsJson(400, "{\"__type\":\"AccessDeniedException\",\"message\":\"User is not authorized to perform ecs:UpdateService\"}")
                : ecs.answer().apply(c));
        ActionOutcome out = grace().run(target(), s -> { });
        assertEquals(ActionOutcome.Result.COMMAND_FAILED, out.result());
        assertTrue(out.summary().contains("allow ecs:UpdateService"), out.summary());
    }

    @Test
    void theRedeployAloneLeavesTheGracePeriodAsItWas() throws Exception {
        slowStartOf95Seconds();
        Waiting w = new Waiting(clock, clock.pacer(), Duration.ofMinutes(10), Duration.ofSeconds(15));
        new EcsRedeployAction(clients(), lookup(), w, new HealthVerification(new HttpHealthCheck(new HttpProber()), w)).run(target(), s -> { });
        assertFalse(ecs.updates.get(0).contains("healthCheckGracePeriodSeconds"), ecs.updates.get(0));
        assertEquals(60, ecs.grace);
    }

    // ---- cloud-logs: the task's own stream, and a stall --------------------------------------

    @Test
    void cloudLogsFollowsTheNewestTasksOwnStream() {
        ecs.tasks.add(new TaskSpec(OLDER, FakeEcs.T0 - 600, null, null));
        ecs.tasks.add(new TaskSpec(TASK, FakeEcs.T0, FakeEcs.T0 + 20, "Essential container in task exited"));
        ecs.log(OLDER, FakeEcs.event(-590, READY));
        ecs.log(TASK, FakeEcs.event(5, "Traceback (most recent call last):"),
                FakeEcs.event(6, "ModuleNotFoundError: No module named 'core'"));
        CheckResult r = new CloudLogsCheck(clients(), lookup(), clock).run(target());
        assertEquals(Status.FAIL, r.status(), r::summary);
        assertTrue(r.summary().startsWith("the log /ecs/chat-api › ecs/chatbot/" + TASK + " shows Traceback"),
                r.summary());
        assertEquals(TASK, r.fact("task"));
        FakeApi.Call get = aws.calls().stream().filter(c -> c.operation().equals("GetLogEvents")).findFirst().orElseThrow();
        assertTrue(get.body().contains("\"logStreamName\":\"ecs/chatbot/" + TASK + "\""), get.body());
    }

    @Test
    void aLogSilentForLongerThanTheStallTimeAfterASetupStepIsAStall() {
        ecs.tasks.add(new TaskSpec(TASK, FakeEcs.T0, null, null));
        // the clock reads T0 + 300 s: the last line, the AWS CLI's unzip, is 95 s old
        ecs.log(TASK, FakeEcs.event(2, "Reading package lists..."), FakeEcs.event(180, "Archive:  awscliv2.zip"),
                FakeEcs.event(205, "  inflating: aws/dist/awscli/botocore/data/endpoints.json"));
        CheckResult r = new CloudLogsCheck(clients(), lookup(), clock).run(target());
        assertEquals(Status.FAIL, r.status(), r::summary);
        assertEquals("the log /ecs/chat-api › ecs/chatbot/" + TASK + " stalled at a setup step, an unzip:"
                + " no new line for 95 s after \"inflating: aws/dist/awscli/botocore/data/endpoints.json\"", r.summary());
        assertEquals("stalled", r.fact("setup"));
        assertEquals("95", r.fact("stalled_for"));
    }

    @Test
    void aSetupStepStillWritingIsNoStall() {
        ecs.tasks.add(new TaskSpec(TASK, FakeEcs.T0, null, null));
        ecs.log(TASK, FakeEcs.event(250, "Collecting streamlit==1.38.0"), FakeEcs.event(280, "  Downloading streamlit-1.38.0-py2.py3-none-any.whl (8.7 MB)"));
        CheckResult r = new CloudLogsCheck(clients(), lookup(), clock).run(target());
        assertEquals(Status.WARN, r.status(), r::summary);
        assertTrue(r.summary().contains("is not in the last 2 lines"), r.summary());
        assertEquals("in-progress", r.fact("setup"));
    }

    @Test
    void configuredSetupMarkersReplaceTheDefaults() {
        ecs.tasks.add(new TaskSpec(TASK, FakeEcs.T0, null, null));
        ecs.log(TASK, FakeEcs.event(10, "Fetching model weights from s3://models/llm.bin"));
        CheckResult custom = new CloudLogsCheck(clients(), lookup(READY, List.of("fetching model weights")), clock).run(target());
        assertEquals(Status.FAIL, custom.status(), custom::summary);
        assertTrue(custom.summary().contains("stalled at a setup step, \"fetching model weights\": no new line for 290 s"), custom.summary());
        ecs.log(TASK, FakeEcs.event(10, "Reading package lists..."));
        CheckResult defaults = new CloudLogsCheck(clients(), lookup(READY, List.of("fetching model weights")), clock).run(target());
        assertNull(defaults.fact("setup"), "apt-get is no setup step once markers are configured");
    }

    @Test
    void aTaskStoppedInTheMiddleOfItsSetupIsAFinding() {
        ecs.tasks.add(new TaskSpec(TASK, FakeEcs.T0, FakeEcs.T0 + 62, FakeEcs.STOPPED_BY_ELB));
        ecs.log(TASK, FakeEcs.event(50, "  inflating: aws/dist/awscli/botocore/data/endpoints.json"));
        CheckResult r = new CloudLogsCheck(clients(), lookup(), clock).run(target());
        assertEquals(Status.FAIL, r.status(), r::summary);
        assertEquals("task " + TASK + " stopped during a setup step, an unzip: its log /ecs/chat-api › ecs/chatbot/" + TASK
                + " ends at \"inflating: aws/dist/awscli/botocore/data/endpoints.json\"", r.summary());
        assertEquals("stopped-during", r.fact("setup"));
    }

    @Test
    void anS3KeyThatDoesNotExistIsAMissingFile() {
        ecs.tasks.add(new TaskSpec(TASK, FakeEcs.T0, FakeEcs.T0 + 20, "Essential container in task exited"));
        ecs.log(TASK, FakeEcs.event(15, "fatal error: An error occurred (404) when calling the HeadObject operation: Key \"chatbot_app.py\" does not exist"));
        CheckResult r = new CloudLogsCheck(clients(), lookup(), clock).run(target());
        assertEquals(Status.FAIL, r.status(), r::summary);
        assertEquals("ENOENT", r.fact("patterns"));
    }

    @Test
    void aTaskWithoutItsStreamYetSaysWhatTheStreamWouldBeCalled() {
        ecs.tasks.add(new TaskSpec(TASK, FakeEcs.T0, null, null));
        CheckResult r = new CloudLogsCheck(clients(), lookup(), clock).run(target());
        assertEquals(Status.WARN, r.status());
        assertEquals("task " + TASK + " has no log stream ecs/chatbot/" + TASK + " in /ecs/chat-api yet: it is still pending, or"
                + " cloud.aws.log_stream_prefix is not awslogs-stream-prefix/CONTAINER", r.summary());
    }
}
