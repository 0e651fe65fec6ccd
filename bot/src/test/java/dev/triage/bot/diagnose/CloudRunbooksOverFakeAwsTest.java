package dev.triage.bot.diagnose;

import dev.triage.bot.runbook.Verdict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.triage.adapters.Message;
import dev.triage.bot.runbook.RunbookLibrary;
import dev.triage.bot.status.CheckCatalog;
import dev.triage.checks.CheckRunner;
import dev.triage.checks.action.Action;
import dev.triage.checks.action.ActionCatalog;
import dev.triage.checks.cloud.CloudChecks;
import dev.triage.checks.cloud.CloudLookup;
import dev.triage.checks.cloud.FakeApi;
import dev.triage.checks.cloud.FakeEcs;
import dev.triage.checks.cloud.MovingClock;
import dev.triage.checks.cloud.RestApi;
import dev.triage.checks.cloud.aws.AwsClients;
import dev.triage.checks.http.HttpHealthCheck;
import dev.triage.checks.http.HttpProber;
import dev.triage.checks.net.LocalListeners;
import dev.triage.checks.ssh.CommandTemplates;
import dev.triage.checks.ssh.SshExecutor;
import dev.triage.config.CloudSettings;
import dev.triage.config.Service;
import dev.triage.config.Target;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The shipped ECS and EC2 runbooks read over the real cloud checks against a fake AWS on 127.0.0.1: a slow
 * start (document 004) is named with its numbers and fixed with the grace period, not a redeploy; a closed
 * security group (document 000) is fixed with security-group-allow.
 */
class CloudRunbooksOverFakeAwsTest {
    static final String TASK = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
    static final String SECRET = "PLANTEDsecretAccessKey/runbook0123456789";

    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final SshExecutor ssh = SshExecutor.withDefaults();
    private final MovingClock clock = new MovingClock();
    private final FakeEcs ecs = new FakeEcs();
    private FakeApi aws;

    @AfterEach
    void tearDown() {
        ssh.close();
        workers.shutdownNow();
        if (aws != null) {
            aws.close();
        }
    }

    private static AwsClients clients() {
        return new AwsClients(a -> StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAPLANTEDRUNBOOK01", SECRET)), 1);
    }

    /** Diagnosis with the built-in checks, the cloud checks reading {@code settings}; and the cloud actions. */
    private record Bench(DiagnoseService diagnose, ActionCatalog actions) {
    }

    private Bench bench(CloudSettings.Aws settings) {
        CloudLookup lookup = CloudLookup.always(new CloudSettings(settings, null, null));
        CloudChecks cloud = new CloudChecks(clients(), new RestApi(), lookup, clock);
        CheckCatalog catalog = new CheckCatalog(new HttpProber(), ssh, new CommandTemplates());
        cloud.checks().forEach(catalog::register);
        List<Action> actions = cloud.actions(new HttpHealthCheck(new HttpProber()), clock, clock.pacer());
        return new Bench(new DiagnoseService(catalog, new CheckRunner(workers, clock), RunbookLibrary.shipped(), clock),
                new ActionCatalog(actions));
    }

    private static java.util.function.Predicate<String> available(ActionCatalog actions, Target target) {
        return id -> actions.find(id).map(a -> a.plan(target).available()).orElse(false);
    }

    @Test
    void aSlowStartIsNamedWithItsNumbersAndFixedWithTheGracePeriod() throws Exception {
        aws = new FakeApi(ecs.answer());
        ecs.tasks.add(new FakeEcs.TaskSpec(TASK, FakeEcs.T0, FakeEcs.T0 + 130, FakeEcs.STOPPED_BY_ELB));
        ecs.log(TASK, FakeEcs.event(2, "Reading package lists..."),
                FakeEcs.event(45, "  inflating: aws/dist/awscli/data/ec2/2016-11-15/service-2.json"),
                FakeEcs.event(95, "  You can now view your Streamlit app in your browser."));
        Bench b = bench(new CloudSettings.Aws("ap-northeast-1", null, null, null, null, null, "prod-cluster", "chat-api",
                "/ecs/chat-api", "ecs/chatbot", aws.url(), "You can now view your Streamlit app", null, null, null));
        // The load balancer (the fake) answers /health with 503 while no task is healthy.
        Target target = new Target("chatbot", aws.url(), null, null, null, Duration.ofSeconds(3), null, null, null, null, null, null);
        var runbook = RunbookLibrary.shipped().named("ecs-fargate").orElseThrow();
        Diagnosis d = b.diagnose().diagnose(target, runbook, r -> { });

        Verdict v = d.verdict();
        assertEquals("the task starts slower than the health-check grace period: started in 95 s, grace period 60 s", v.cause(),
                v::toString);
        assertEquals("document 004, problem 1, root cause (container start exceeds the health check); problem 2 (60 s grace period)",
                v.reference());
        assertEquals("ecs-grace-period", v.fix().actionId());
        assertTrue(v.fix().advice().startsWith("lengthen the service's health-check grace period to 390 s (healthy at the load balancer"
                + " after ~245 s); a redeploy alone repeats the failure"), v.fix().advice());
        assertTrue(v.evidence().stream().anyMatch(e -> e.text().contains("target group chat-tg: HTTP /health every 30 s, timeout 5 s,"
                + " healthy after 5, unhealthy after 2")), v.evidence()::toString);
        assertTrue(v.evidence().stream().anyMatch(e -> e.text().contains("task definition chat-api:7")), v.evidence()::toString);

        Message m = new DiagnosisRenderer().verdict(d, available(b.actions(), target));
        assertTrue(m.buttons().stream().anyMatch(x -> x.id().equals("request:ecs-grace-period:chatbot")), m.buttons()::toString);
        assertTrue(m.buttons().stream().noneMatch(x -> x.id().startsWith("request:ecs-redeploy")), "the redeploy repeats the failure");
        assertEquals("aws ecs update-service --cluster prod-cluster --service chat-api --health-check-grace-period-seconds 390"
                + " --force-new-deployment", b.actions().find("ecs-grace-period").orElseThrow().plan(target).command());
        assertTrue(!d.toString().contains(SECRET) && !m.toString().contains(SECRET), "no AWS key in what is shown");
    }

    @Test
    void aStalledSetupWithoutTheStartupCheckIsNamedFromTheLog() throws Exception {
        aws = new FakeApi(ecs.answer());
        ecs.loadBalanced = false;   // no target group: ecs-startup has nothing to measure against
        ecs.running = 1;
        ecs.rollout = "COMPLETED";
        ecs.tasks.add(new FakeEcs.TaskSpec(TASK, FakeEcs.T0, null, null));
        ecs.log(TASK, FakeEcs.event(2, "Reading package lists..."), FakeEcs.event(200, "Archive:  awscliv2.zip"));
        Bench b = bench(new CloudSettings.Aws("ap-northeast-1", null, null, null, null, null, "prod-cluster", "chat-api",
                "/ecs/chat-api", "ecs/chatbot", aws.url(), "You can now view your Streamlit app", null, null, null));
        Target target = new Target("chatbot", aws.url(), null, null, null, Duration.ofSeconds(3), null, null, null, null, null, null);
        Diagnosis d = b.diagnose().diagnose(target, RunbookLibrary.shipped().named("ecs-fargate").orElseThrow(), r -> { });
        assertEquals("the task's log stalled at a setup step (the AWS CLI download): no new line for 100 s", d.verdict().cause(),
                d.verdict()::toString);
        assertEquals(null, d.verdict().fix().actionId(), "neither a redeploy nor a longer grace period unsticks a hung setup");
    }

    @Test
    void aClosedSecurityGroupIsFixedWithSecurityGroupAllow() throws Exception {
        int port = LocalListeners.closedPort();
        String groups = "<DescribeSecurityGroupsResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>r2</requestId>"
                + "<securityGroupInfo><item><ownerId>123456789012</ownerId><groupId>sg-0aaaaaaaaaaaaaaa1</groupId><groupName>web</groupName>"
                + "<groupDescription>web</groupDescription><ipPermissions><item><ipProtocol>tcp</ipProtocol><fromPort>22</fromPort>"
                + "<toPort>22</toPort><ipRanges><item><cidrIp>0.0.0.0/0</cidrIp></item></ipRanges></item></ipPermissions></item>"
                + "</securityGroupInfo></DescribeSecurityGroupsResponse>";
        aws = new FakeApi(c -> c.operation().equals("DescribeSecurityGroups") ? FakeApi.Reply.xml(200, groups)
                : FakeApi.Reply.xml(400, "<Response><Errors><Error><Code>InvalidAction</Code><Message>no</Message></Error></Errors></Response>"));
        Bench b = bench(new CloudSettings.Aws("ap-northeast-2", null, null, null, List.of("sg-0aaaaaaaaaaaaaaa1"), null, null, null,
                null, null, aws.url()));
        Service service = new Service("systemd", "langchain-backend", port, true, null, List.of(), null, null, null, false, 0, Map.of());
        Target target = new Target("ec2-backend", URI.create("http://127.0.0.1:" + port), null, null, null, Duration.ofSeconds(2), null,
                null, null, null, null, service);
        Diagnosis d = b.diagnose().diagnose(target, RunbookLibrary.shipped().named("ec2-systemd").orElseThrow(), r -> { });
        Verdict v = d.verdict();
        assertEquals("the instance's security group doesn't open port " + port + " to 0.0.0.0/0", v.cause(), v::toString);
        assertEquals("document 000, step 1; cause 1, 90 % of cases", v.reference());
        assertEquals("security-group-allow", v.fix().actionId());
        assertEquals("add an inbound rule Custom TCP " + port + " from 0.0.0.0/0 to the instance's security group", v.fix().advice());
        Message m = new DiagnosisRenderer().verdict(d, available(b.actions(), target));
        assertTrue(m.buttons().stream().anyMatch(x -> x.id().equals("request:security-group-allow:ec2-backend")), m.buttons()::toString);
    }
}
