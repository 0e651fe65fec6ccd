package dev.triage.checks.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import dev.triage.checks.action.ActionOutcome;
import dev.triage.checks.cloud.FakeApi.Reply;
import dev.triage.checks.cloud.aws.AwsClients;
import dev.triage.checks.cloud.aws.SecurityGroupAllowAction;
import dev.triage.checks.cloud.aws.SecurityGroupCheck;
import dev.triage.config.CloudSettings;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * EC2's query protocol as security-group speaks it, against a fake EC2 on 127.0.0.1: its error answers
 * mapped to what to fix, pages followed, IPv6 ranges, attempts per call, and every request SigV4-signed
 * for {@code ec2} (the signature recomputed here from the request the server saw) without the secret key.
 */
class Ec2QueryTest {
    static final String GROUP_1 = "sg-0aaaaaaaaaaaaaaa1";
    static final String GROUP_2 = "sg-0bbbbbbbbbbbbbbb2";

    FakeApi aws;

    @AfterEach
    void stop() {
        if (aws != null) {
            aws.close();
        }
    }

    AwsClients clients(int attempts) {
        return new AwsClients(a -> StaticCredentialsProvider.create(AwsBasicCredentials.create(AwsCloudTest.ACCESS_KEY,
                AwsCloudTest.SECRET_KEY)), attempts);
    }

    CloudLookup lookup(String instanceId, List<String> groups, String source) {
        return CloudLookup.always(new CloudSettings(new CloudSettings.Aws("ap-northeast-2", null, null, instanceId, groups, source,
                null, null, null, null, aws.url()), null, null));
    }

    CheckResult check(int attempts, CloudLookup lookup) {
        return new SecurityGroupCheck(clients(attempts), lookup).run(AwsCloudTest.target(null));
    }

    static String group(String id, String name, String rules) {
        return "<item><ownerId>123456789012</ownerId><groupId>" + id + "</groupId><groupName>" + name + "</groupName>"
                + "<groupDescription>" + name + "</groupDescription><ipPermissions>" + rules + "</ipPermissions>"
                + "<ipPermissionsEgress><item><ipProtocol>-1</ipProtocol><ipRanges><item><cidrIp>0.0.0.0/0</cidrIp></item></ipRanges>"
                + "</item></ipPermissionsEgress></item>";
    }

    static String page(String groups, String nextToken) {
        return "<DescribeSecurityGroupsResponse " + AwsCloudTest.EC2_NS + "><requestId>r</requestId><securityGroupInfo>" + groups
                + "</securityGroupInfo>" + (nextToken == null ? "" : "<nextToken>" + nextToken + "</nextToken>")
                + "</DescribeSecurityGroupsResponse>";
    }

    static String ipv6Rule(int port, String cidr) {
        return "<item><ipProtocol>tcp</ipProtocol><fromPort>" + port + "</fromPort><toPort>" + port + "</toPort><ipRanges/>"
                + "<ipv6Ranges><item><cidrIpv6>" + cidr + "</cidrIpv6><description>v6</description></item></ipv6Ranges></item>";
    }

    // ---- error answers -------------------------------------------------------------------------------

    @Test
    void unauthorizedOperationNamesTheIamActionToAllow() throws Exception {
        aws = new FakeApi(c -> Reply.xml(403, AwsCloudTest.ec2Error("UnauthorizedOperation",
                "You are not authorized to perform this operation. Encoded authorization failure message: abc")));
        CheckResult r = check(1, lookup(null, List.of(GROUP_1), null));
        assertEquals(Status.ERROR, r.status());
        assertEquals("PERMISSION", r.fact("cloud.failure"));
        assertEquals("AWS denied ec2:DescribeSecurityGroups (UnauthorizedOperation): allow ec2:DescribeSecurityGroups in the IAM"
                + " policy of the bot's role or user", r.summary());
        assertEquals(1, aws.calls().size(), "a refusal is not tried again");
        Outputs.assertNoSecret(Outputs.of(r), AwsCloudTest.SECRET_KEY);
    }

    @Test
    void requestLimitExceededIsThrottlingAndTriedOnceMoreWithTwoAttempts() throws Exception {
        aws = new FakeApi(c -> Reply.xml(400, AwsCloudTest.ec2Error("RequestLimitExceeded", "Request limit exceeded.")));
        CheckResult r = check(2, lookup("i-0123456789abcdef0", List.of(), null));
        assertEquals(Status.ERROR, r.status());
        assertEquals("THROTTLED", r.fact("cloud.failure"), r::summary);
        assertEquals("AWS is throttling ec2:DescribeInstances (RequestLimitExceeded): try again in a minute, or check less often",
                r.summary());
        assertEquals(2, aws.calls().size(), "two attempts per call");
    }

    @Test
    void anInternalErrorIsTriedAgainAndTheSecondAnswerCounts() throws Exception {
        AtomicInteger instances = new AtomicInteger();
        aws = new FakeApi(c -> switch (c.operation()) {
            case "DescribeInstances" -> instances.incrementAndGet() == 1
                    ? Reply.xml(500, AwsCloudTest.ec2Error("InternalError", "An internal error has occurred"))
                    : Reply.xml(200, AwsCloudTest.INSTANCES);
            case "DescribeSecurityGroups" -> Reply.xml(200, AwsCloudTest.groups(AwsCloudTest.rule(8000, 8000, "0.0.0.0/0")));
            default -> Reply.xml(400, AwsCloudTest.ec2Error("InvalidAction", "unknown"));
        });
        CheckResult r = check(2, lookup("i-0123456789abcdef0", List.of(), null));
        assertEquals(Status.OK, r.status(), r::summary);
        assertEquals(2, instances.get());
    }

    @Test
    void anAnswerThatIsNotXmlIsAProviderErrorNamingTheCall() throws Exception {
        aws = new FakeApi(c -> new Reply(502, "text/html", "<html><body>Bad Gateway", java.util.Map.of()));
        CheckResult r = check(1, lookup(null, List.of(GROUP_1), null));
        assertEquals(Status.ERROR, r.status());
        assertEquals("PROVIDER", r.fact("cloud.failure"));
        assertTrue(r.summary().startsWith("AWS ec2:DescribeSecurityGroups failed:") && r.summary().endsWith("(HTTP 502)"), r::summary);
    }

    // ---- pages -----------------------------------------------------------------------------------------

    @Test
    void pagedAnswersAreFollowedToTheLastPage() throws Exception {
        String instancesPage1 = "<DescribeInstancesResponse " + AwsCloudTest.EC2_NS + "><reservationSet><item><instancesSet><item>"
                + "<instanceId>i-0123456789abcdef0</instanceId><groupSet><item><groupId>" + GROUP_1 + "</groupId></item></groupSet>"
                + "<networkInterfaceSet><item><groupSet><item><groupId>sg-0ccccccccccccccc3</groupId></item></groupSet></item>"
                + "</networkInterfaceSet></item></instancesSet></item></reservationSet><nextToken>i-page-2</nextToken>"
                + "</DescribeInstancesResponse>";
        String instancesPage2 = "<DescribeInstancesResponse " + AwsCloudTest.EC2_NS + "><reservationSet><item><instancesSet><item>"
                + "<instanceId>i-0123456789abcdef0</instanceId><groupSet><item><groupId>" + GROUP_2 + "</groupId></item></groupSet>"
                + "</item></instancesSet></item></reservationSet></DescribeInstancesResponse>";
        aws = new FakeApi(c -> switch (c.operation()) {
            case "DescribeInstances" -> Reply.xml(200, c.body().contains("NextToken=i-page-2") ? instancesPage2 : instancesPage1);
            case "DescribeSecurityGroups" -> c.body().contains("NextToken=sg%2Fpage%2B2")
                    ? Reply.xml(200, page(group(GROUP_2, "api", AwsCloudTest.rule(8000, 8000, "0.0.0.0/0")), null))
                    : Reply.xml(200, page(group(GROUP_1, "web", AwsCloudTest.rule(22, 22, "0.0.0.0/0")), "sg/page+2"));
            default -> Reply.xml(400, AwsCloudTest.ec2Error("InvalidAction", "unknown"));
        });
        CheckResult r = check(1, lookup("i-0123456789abcdef0", List.of(), null));
        assertEquals(Status.OK, r.status(), r::summary);
        assertEquals("tcp 8000 is open to 0.0.0.0/0 by " + GROUP_2 + " (tcp 8000 from 0.0.0.0/0)", r.summary());
        assertEquals(GROUP_1 + "," + GROUP_2, r.fact("groups"), "the instance's own groups, not its network interfaces' list");
        assertEquals(List.of(GROUP_1 + " web: no inbound rule for port 8000", GROUP_2 + " api: tcp 8000 from 0.0.0.0/0"), r.evidence());
        List<FakeApi.Call> describes = aws.calls().stream().filter(c -> c.operation().equals("DescribeSecurityGroups")).toList();
        assertEquals(2, describes.size());
        assertTrue(describes.get(0).body().contains("GroupId.1=" + GROUP_1 + "&GroupId.2=" + GROUP_2), describes.get(0).body());
        assertFalse(describes.get(0).body().contains("NextToken"), describes.get(0).body());
        assertTrue(describes.get(1).body().contains("GroupId.1=" + GROUP_1 + "&GroupId.2=" + GROUP_2 + "&NextToken=sg%2Fpage%2B2"),
                describes.get(1).body());
    }

    // ---- IPv6 ------------------------------------------------------------------------------------------

    @Test
    void anIpv6RangeOpensThePortToAnIpv6Source() throws Exception {
        aws = new FakeApi(c -> c.operation().equals("DescribeSecurityGroups")
                ? Reply.xml(200, page(group(GROUP_1, "web", ipv6Rule(8000, "::/0")), null))
                : Reply.xml(400, AwsCloudTest.ec2Error("InvalidAction", "unknown")));
        CheckResult v6 = check(1, lookup(null, List.of(GROUP_1), "2001:db8::/32"));
        assertEquals(Status.OK, v6.status(), v6::summary);
        assertEquals("tcp 8000 is open to 2001:db8::/32 by " + GROUP_1 + " (tcp 8000 from ::/0)", v6.summary());
        CheckResult v4 = check(1, lookup(null, List.of(GROUP_1), null));
        assertEquals(Status.FAIL, v4.status(), "::/0 does not open the port to 0.0.0.0/0");
        assertEquals(List.of(GROUP_1 + " web: tcp 8000 from ::/0"), v4.evidence());
    }

    @Test
    void securityGroupAllowAddsAnIpv6RangeForAnIpv6Source() throws Exception {
        List<String> bodies = new java.util.concurrent.CopyOnWriteArrayList<>();
        aws = new FakeApi(c -> switch (c.operation()) {
            case "DescribeSecurityGroups" -> Reply.xml(200, page(group(GROUP_1, "web", bodies.isEmpty() ? "" : ipv6Rule(8000, "::/0")), null));
            case "AuthorizeSecurityGroupIngress" -> {
                bodies.add(c.body());
                yield Reply.xml(200, "<AuthorizeSecurityGroupIngressResponse " + AwsCloudTest.EC2_NS + "><requestId>r</requestId>"
                        + "<return>true</return></AuthorizeSecurityGroupIngressResponse>");
            }
            default -> Reply.xml(400, AwsCloudTest.ec2Error("InvalidAction", "unknown"));
        });
        MovingClock clock = new MovingClock();
        SecurityGroupAllowAction action = new SecurityGroupAllowAction(clients(1), lookup(null, List.of(GROUP_1), "::/0"),
                new Waiting(clock, clock.pacer(), Duration.ofSeconds(30), Duration.ofSeconds(5)));
        ActionOutcome out = action.run(SecurityGroupAllowTest.target(null, 8000, false), s -> { });
        assertEquals(ActionOutcome.Result.DONE, out.result(), out::summary);
        assertEquals("tcp 8000 opened to ::/0 on " + GROUP_1, out.summary());
        assertEquals(1, bodies.size());
        assertEquals("Action=AuthorizeSecurityGroupIngress&Version=2016-11-15&GroupId=" + GROUP_1 + "&IpPermissions.1.IpProtocol=tcp"
                + "&IpPermissions.1.FromPort=8000&IpPermissions.1.ToPort=8000&IpPermissions.1.Ipv6Ranges.1.CidrIpv6=%3A%3A%2F0"
                + "&IpPermissions.1.Ipv6Ranges.1.Description=opened%20by%20Triage%20for%20chat%20%28document%20000%20step%201%29",
                bodies.get(0));
    }

    // ---- signing ---------------------------------------------------------------------------------------

    @Test
    void everyRequestIsSigV4SignedForEc2AndNeverCarriesTheSecretKey() throws Exception {
        Function<FakeApi.Call, Reply> ec2 = c -> switch (c.operation()) {
            case "DescribeInstances" -> Reply.xml(200, AwsCloudTest.INSTANCES);
            case "DescribeSecurityGroups" -> Reply.xml(200, AwsCloudTest.groups(AwsCloudTest.rule(8000, 8000, "0.0.0.0/0")));
            default -> Reply.xml(400, AwsCloudTest.ec2Error("InvalidAction", "unknown"));
        };
        aws = new FakeApi(ec2);
        assertEquals(Status.OK, check(1, lookup("i-0123456789abcdef0", List.of(), null)).status());
        assertEquals(List.of("DescribeInstances", "DescribeSecurityGroups"), aws.calls().stream().map(FakeApi.Call::operation).toList());
        Pattern auth = Pattern.compile("AWS4-HMAC-SHA256 Credential=" + AwsCloudTest.ACCESS_KEY
                + "/(\\d{8})/ap-northeast-2/ec2/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})");
        for (FakeApi.Call c : aws.calls()) {
            assertEquals("POST", c.method());
            assertEquals("/", c.path());
            assertTrue(c.body().startsWith("Action=" + c.operation() + "&Version=2016-11-15&"), c.body());
            Matcher m = auth.matcher(c.header("authorization"));
            assertTrue(m.matches(), c.header("authorization"));
            assertTrue(m.group(2).contains("host") && m.group(2).contains("x-amz-date"), m.group(2));
            assertTrue(c.header("x-amz-date").startsWith(m.group(1)), c.header("x-amz-date"));
            assertEquals(signature(c, m.group(1), m.group(2)), m.group(3), "the signature holds for the request as sent");
            Outputs.assertNoSecret(c.toString(), AwsCloudTest.SECRET_KEY);
        }
    }

    /** SigV4 recomputed from what the server received (AWS's documented algorithm, independent of the SDK). */
    private static String signature(FakeApi.Call c, String date, String signedHeaders) throws Exception {
        StringBuilder canonical = new StringBuilder("POST\n/\n\n");
        for (String h : signedHeaders.split(";")) {
            canonical.append(h).append(':').append(c.header(h).strip()).append('\n');
        }
        canonical.append('\n').append(signedHeaders).append('\n').append(hex(sha256(c.body())));
        String scope = date + "/ap-northeast-2/ec2/aws4_request";
        String toSign = "AWS4-HMAC-SHA256\n" + c.header("x-amz-date") + "\n" + scope + "\n" + hex(sha256(canonical.toString()));
        byte[] key = hmac(("AWS4" + AwsCloudTest.SECRET_KEY).getBytes(StandardCharsets.UTF_8), date);
        for (String part : List.of("ap-northeast-2", "ec2", "aws4_request")) {
            key = hmac(key, part);
        }
        return hex(hmac(key, toSign));
    }

    private static byte[] sha256(String s) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] hmac(byte[] key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
