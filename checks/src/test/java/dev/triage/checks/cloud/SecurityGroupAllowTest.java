package dev.triage.checks.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import dev.triage.checks.action.ActionOutcome;
import dev.triage.checks.action.ActionPlan;
import dev.triage.checks.action.ActionStep;
import dev.triage.checks.cloud.FakeApi.Reply;
import dev.triage.checks.cloud.aws.AwsClients;
import dev.triage.checks.cloud.aws.SecurityGroupAllowAction;
import dev.triage.checks.cloud.aws.SecurityGroupCheck;
import dev.triage.checks.net.LocalListeners;
import dev.triage.config.CloudSettings;
import dev.triage.config.Service;
import dev.triage.config.Target;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Document 000's cause 1 through the EC2 query API on 127.0.0.1: which ports the security group is judged
 * on (the public ones with nginx in front, the app's own port expected closed), and security-group-allow
 * adding the missing rule, verified by the group listing it and a real tcp-connect.
 */
class SecurityGroupAllowTest {
    static final String GROUP = "sg-0aaaaaaaaaaaaaaa1";

    final List<String> rules = new CopyOnWriteArrayList<>();
    final List<String> authorized = new CopyOnWriteArrayList<>();
    final MovingClock clock = new MovingClock();
    FakeApi aws;

    @AfterEach
    void stop() {
        if (aws != null) {
            aws.close();
        }
    }

    AwsClients clients() {
        return new AwsClients(a -> StaticCredentialsProvider.create(AwsBasicCredentials.create(AwsCloudTest.ACCESS_KEY, AwsCloudTest.SECRET_KEY)), 1);
    }

    /** A fake EC2 whose group holds {@link #rules}; AuthorizeSecurityGroupIngress adds to them as EC2 does. */
    void ec2(String... initial) throws Exception {
        rules.addAll(List.of(initial));
        aws = new FakeApi(c -> switch (c.operation()) {
            case "DescribeInstances" -> Reply.xml(200, AwsCloudTest.INSTANCES);
            case "DescribeSecurityGroups" -> Reply.xml(200, AwsCloudTest.groups(String.join("", rules)));
            case "AuthorizeSecurityGroupIngress" -> {
                authorized.add(c.body());
                int port = Integer.parseInt(c.body().replaceAll(".*IpPermissions\\.1\\.FromPort=(\\d+).*", "$1"));
                String cidr = java.net.URLDecoder.decode(c.body().replaceAll(".*IpRanges\\.1\\.CidrIp=([^&]+).*", "$1"),
                        java.nio.charset.StandardCharsets.UTF_8);
                rules.add(AwsCloudTest.rule(port, port, cidr));
                yield Reply.xml(200, "<AuthorizeSecurityGroupIngressResponse " + AwsCloudTest.EC2_NS + "><requestId>r3</requestId>"
                        + "<return>true</return></AuthorizeSecurityGroupIngressResponse>");
            }
            default -> Reply.xml(400, AwsCloudTest.ec2Error("InvalidAction", "unknown"));
        });
    }

    CloudLookup lookup(List<Integer> publicPorts) {
        return CloudLookup.always(new CloudSettings(new CloudSettings.Aws("ap-northeast-2", null, null, "i-0123456789abcdef0", null, null,
                null, null, null, null, aws.url(), null, publicPorts, null, null), null, null));
    }

    static Target target(URI base, int appPort, boolean nginx) {
        Service service = new Service("systemd", "chat-api", appPort, true, null, List.of(), null, null, null, nginx, 0, Map.of());
        return new Target("chat", base, null, null, null, Duration.ofSeconds(2), null, null, null, null, null, service);
    }

    SecurityGroupAllowAction action() {
        return new SecurityGroupAllowAction(clients(), lookup(List.of()), new Waiting(clock, clock.pacer(), Duration.ofSeconds(30),
                Duration.ofSeconds(5)));
    }

    // ---- which ports the check judges -------------------------------------------------------

    @Test
    void behindNginxThePublicPortIsJudgedAndTheOpenAppPortIsNamedAsWrong() throws Exception {
        ec2(AwsCloudTest.rule(22, 22, "0.0.0.0/0"), AwsCloudTest.rule(8000, 8000, "0.0.0.0/0"));
        CheckResult r = new SecurityGroupCheck(clients(), lookup(List.of())).run(target(URI.create("http://api.example.com"), 8000, true));
        assertEquals(Status.FAIL, r.status(), r::summary);
        assertEquals("no inbound rule on " + GROUP + " of i-0123456789abcdef0 opens tcp 80 to 0.0.0.0/0 (the public port the proxy"
                + " listens on): add Custom TCP 80 from 0.0.0.0/0 to " + GROUP + "; and tcp 8000, the app's own port behind the proxy, is"
                + " open to 0.0.0.0/0 by " + GROUP + " (tcp 8000 from 0.0.0.0/0): close it, clients come through 80", r.summary());
        assertEquals("80", r.fact("port"));
        assertEquals("8000", r.fact("exposed"));
        assertEquals(List.of(GROUP + " web: no inbound rule for port 80", GROUP + " web: tcp 8000 from 0.0.0.0/0"), r.evidence());
    }

    @Test
    void behindNginxAnOpenPublicPortAndAClosedAppPortIsOk() throws Exception {
        ec2(AwsCloudTest.rule(443, 443, "0.0.0.0/0"), AwsCloudTest.rule(8000, 8000, "127.0.0.0/16"));
        CheckResult r = new SecurityGroupCheck(clients(), lookup(List.of())).run(target(URI.create("https://api.example.com"), 8000, true));
        assertEquals(Status.OK, r.status(), r::summary);
        assertEquals("tcp 443 is open to 0.0.0.0/0 by " + GROUP + " (tcp 443 from 0.0.0.0/0); the app's own 8000 is closed from outside,"
                + " as it should be behind the proxy", r.summary());
    }

    @Test
    void behindNginxTheAppPortOpenToTheWorldIsAWarning() throws Exception {
        ec2(AwsCloudTest.rule(80, 80, "0.0.0.0/0"), AwsCloudTest.rule(8000, 8000, "0.0.0.0/0"));
        CheckResult r = new SecurityGroupCheck(clients(), lookup(List.of())).run(target(URI.create("http://api.example.com"), 8000, true));
        assertEquals(Status.WARN, r.status(), r::summary);
        assertTrue(r.summary().contains("tcp 8000, the app's own port behind the proxy, is open to 0.0.0.0/0"), r.summary());
        assertEquals("8000", r.fact("port"));
    }

    @Test
    void configuredPublicPortsAreEachJudgedAndTheClosedOneNamed() throws Exception {
        ec2(AwsCloudTest.rule(80, 80, "0.0.0.0/0"));
        CheckResult r = new SecurityGroupCheck(clients(), lookup(List.of(80, 443))).run(target(URI.create("http://api.example.com:8080"), 8000, false));
        assertEquals(Status.FAIL, r.status(), r::summary);
        assertEquals("443", r.fact("port"));
        assertTrue(r.summary().startsWith("no inbound rule on " + GROUP + " of i-0123456789abcdef0 opens tcp 443 to 0.0.0.0/0 (the public"
                + " port the proxy listens on; the app's own 8000 stays closed)"), r.summary());
    }

    @Test
    void withoutAProxyTheAppsOwnPortIsJudged() throws Exception {
        ec2(AwsCloudTest.rule(80, 80, "0.0.0.0/0"));
        CheckResult r = new SecurityGroupCheck(clients(), lookup(List.of())).run(target(URI.create("http://api.example.com"), 8000, false));
        assertEquals(Status.FAIL, r.status());
        assertEquals("8000", r.fact("port"));
    }

    // ---- security-group-allow ------------------------------------------------------------------

    @Test
    void theMissingRuleIsAddedAndVerifiedByTheGroupAndATcpConnect() throws Exception {
        ec2(AwsCloudTest.rule(22, 22, "0.0.0.0/0"));
        try (ServerSocket app = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Target t = target(URI.create("http://127.0.0.1:" + app.getLocalPort()), app.getLocalPort(), false);
            ActionPlan plan = action().plan(t);
            assertTrue(plan.available(), plan::unavailableReason);
            assertEquals("aws ec2 authorize-security-group-ingress --group-id " + GROUP + " --protocol tcp --port " + app.getLocalPort()
                    + " --cidr 0.0.0.0/0", plan.command());
            assertEquals(List.of(GROUP + " lists tcp " + app.getLocalPort() + " from 0.0.0.0/0",
                    "tcp-connect from the bot to 127.0.0.1:" + app.getLocalPort() + " within 30 s"), plan.verify());
            assertTrue(authorized.isEmpty(), "a plan changes nothing");

            List<ActionStep> steps = new ArrayList<>();
            ActionOutcome out = action().run(t, steps::add);
            assertEquals(ActionOutcome.Result.DONE, out.result(), out::summary);
            assertEquals(1, authorized.size());
            String body = authorized.get(0);
            assertTrue(body.contains("GroupId=" + GROUP) && body.contains("IpPermissions.1.IpProtocol=tcp")
                    && body.contains("IpPermissions.1.ToPort=" + app.getLocalPort()) && body.contains("IpPermissions.1.IpRanges.1.CidrIp=0.0.0.0%2F0"), body);
            assertEquals(List.of(ActionStep.Phase.COMMAND, ActionStep.Phase.VERIFY, ActionStep.Phase.VERIFY),
                    steps.stream().map(ActionStep::phase).toList());
            assertEquals("tcp-connect " + app.getLocalPort(), steps.get(2).name());
            assertEquals(Status.OK, steps.get(2).status(), steps.get(2)::detail);
            assertEquals("tcp " + app.getLocalPort() + " opened to 0.0.0.0/0 on " + GROUP + "; tcp-connect reaches " + app.getLocalPort(),
                    out.summary());
            Outputs.assertNoSecret(Outputs.of(out), AwsCloudTest.SECRET_KEY);
        }
    }

    @Test
    void behindNginxItOpensThePublicPortNotTheAppsOwn() throws Exception {
        ec2();
        try (ServerSocket nginx = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Target t = target(URI.create("http://127.0.0.1:" + nginx.getLocalPort()), 8000, true);
            ActionOutcome out = action().run(t, s -> { });
            assertEquals(ActionOutcome.Result.DONE, out.result(), out::summary);
            assertEquals(1, authorized.size());
            assertTrue(authorized.get(0).contains("IpPermissions.1.FromPort=" + nginx.getLocalPort()), authorized.get(0));
            assertFalse(authorized.get(0).contains("FromPort=8000"), "the app's own port stays closed");
        }
    }

    @Test
    void aPortAlreadyOpenLeavesNothingToAdd() throws Exception {
        ec2(AwsCloudTest.rule(8000, 8000, "0.0.0.0/0"));
        ActionPlan plan = action().plan(target(URI.create("http://api.example.com:8000"), 8000, false));
        assertEquals("tcp 8000 is already open to 0.0.0.0/0: nothing to add", plan.unavailableReason());
    }

    @Test
    void aRuleInPlaceThatStillDoesNotConnectFailsTheVerification() throws Exception {
        ec2();
        int closed = LocalListeners.closedPort();
        ActionOutcome out = action().run(target(URI.create("http://127.0.0.1:" + closed), closed, false), s -> { });
        assertEquals(ActionOutcome.Result.VERIFY_FAILED, out.result(), out::summary);
        assertTrue(out.summary().startsWith("the rule is in place, but not within 30 s; last: 127.0.0.1:" + closed + " → connection refused"),
                out.summary());
    }

    @Test
    void aDeniedAuthorizeIsACommandFailureNamingThePermission() throws Exception {
        ec2();
        aws.answer(c -> switch (c.operation()) {
            case "DescribeInstances" -> Reply.xml(200, AwsCloudTest.INSTANCES);
            case "DescribeSecurityGroups" -> Reply.xml(200, AwsCloudTest.groups(""));
            default -> Reply.xml(403, AwsCloudTest.ec2Error("UnauthorizedOperation", "You are not authorized to perform this operation."));
        });
        ActionOutcome out = action().run(target(URI.create("http://api.example.com:8000"), 8000, false), s -> { });
        assertEquals(ActionOutcome.Result.COMMAND_FAILED, out.result());
        assertTrue(out.summary().contains("allow ec2:AuthorizeSecurityGroupIngress in the IAM policy"), out.summary());
        Outputs.assertNoSecret(Outputs.of(out), AwsCloudTest.SECRET_KEY);
    }

    @Test
    void aRuleSomeoneAddedMeanwhileIsNoFailure() throws Exception {
        ec2();
        try (ServerSocket app = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            int port = app.getLocalPort();
            aws.answer(c -> switch (c.operation()) {
                case "DescribeInstances" -> Reply.xml(200, AwsCloudTest.INSTANCES);
                case "DescribeSecurityGroups" -> Reply.xml(200, AwsCloudTest.groups(String.join("", rules)));
                case "AuthorizeSecurityGroupIngress" -> {
                    rules.add(AwsCloudTest.rule(port, port, "0.0.0.0/0"));
                    yield Reply.xml(400, AwsCloudTest.ec2Error("InvalidPermission.Duplicate", "the specified rule already exists"));
                }
                default -> Reply.xml(400, AwsCloudTest.ec2Error("InvalidAction", "unknown"));
            });
            List<ActionStep> steps = new ArrayList<>();
            ActionOutcome out = action().run(target(URI.create("http://127.0.0.1:" + port), port, false), steps::add);
            assertEquals(ActionOutcome.Result.DONE, out.result(), out::summary);
            assertEquals(GROUP + " already had Custom TCP " + port + " from 0.0.0.0/0", steps.get(0).detail());
        }
    }

    @Test
    void notConfiguredSaysWhatToSet() {
        SecurityGroupAllowAction a = new SecurityGroupAllowAction(clients(), t -> java.util.Optional.empty(),
                new Waiting(clock, clock.pacer(), Duration.ofSeconds(30), Duration.ofSeconds(5)));
        assertEquals("no EC2 instance configured: set cloud.aws.instance_id (or security_group_ids)",
                a.plan(target(URI.create("http://api.example.com"), 8000, false)).unavailableReason());
    }
}
