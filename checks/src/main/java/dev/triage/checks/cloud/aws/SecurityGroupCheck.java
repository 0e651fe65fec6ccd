package dev.triage.checks.cloud.aws;

import dev.triage.checks.Check;
import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import dev.triage.checks.cloud.CloudApiException;
import dev.triage.checks.cloud.CloudLookup;
import dev.triage.checks.cloud.CloudResults;
import dev.triage.config.CloudSettings;
import dev.triage.config.Service;
import dev.triage.config.Target;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.GroupIdentifier;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;

/**
 * {@code security-group} (000 step 1, cause 1 — "90 % of cases"): does an inbound rule on the
 * instance's security groups open the service port to the expected source (default 0.0.0.0/0)? FAIL
 * names the group and the rule to add.
 */
public final class SecurityGroupCheck implements Check {
    public static final String ID = "security-group";

    private final AwsClients clients;
    private final CloudLookup lookup;

    public SecurityGroupCheck(AwsClients clients, CloudLookup lookup) {
        this.clients = clients;
        this.lookup = lookup;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public CheckResult run(Target target) {
        Optional<CloudSettings.Aws> settings = lookup.settings(target).flatMap(CloudSettings::awsSettings)
                .filter(a -> a.instanceId() != null || !a.securityGroupIds().isEmpty());
        if (settings.isEmpty()) {
            return CheckResult.skipped(ID, "no EC2 instance configured: set cloud.aws.instance_id (or security_group_ids) for " + target.name());
        }
        Integer port = target.serviceInfo().map(Service::port).orElse(target.port());
        if (port == null) {
            return CheckResult.skipped(ID, "no service port: set service.port or the target's port");
        }
        CloudSettings.Aws aws = settings.get();
        String source = aws.allowedSource();
        long start = System.nanoTime();
        try (Ec2Client ec2 = clients.ec2(aws, target.timeout())) {
            Set<String> groupIds = new LinkedHashSet<>(aws.securityGroupIds());
            if (aws.instanceId() != null) {
                groupIds.addAll(instanceGroups(ec2, aws.instanceId()));
            }
            if (groupIds.isEmpty()) {
                return CheckResult.of(ID, Status.FAIL, "instance " + aws.instanceId() + " has no security groups", List.of())
                        .withDuration(took(start), Instant.now());
            }
            List<SecurityGroup> groups = call(() -> ec2.describeSecurityGroups(r -> r.groupIds(groupIds)).securityGroups(),
                    "ec2:DescribeSecurityGroups");
            List<String> evidence = new ArrayList<>();
            String openedBy = null;
            for (SecurityGroup g : groups) {
                List<String> rules = new ArrayList<>();
                for (IpPermission p : g.ipPermissions()) {
                    if (!covers(p, port)) {
                        continue;
                    }
                    for (String cidr : sources(p)) {
                        rules.add(describe(p) + " from " + cidr);
                        if (openedBy == null && Cidrs.contains(cidr, source)) {
                            openedBy = g.groupId() + " (" + describe(p) + " from " + cidr + ")";
                        }
                    }
                }
                evidence.add(g.groupId() + " " + g.groupName() + ": " + (rules.isEmpty() ? "no inbound rule for port " + port
                        : String.join("; ", rules)));
            }
            Map<String, String> facts = new LinkedHashMap<>();
            facts.put("groups", String.join(",", groupIds));
            facts.put("port", Integer.toString(port));
            facts.put("source", source);
            String where = aws.instanceId() == null ? "" : " of " + aws.instanceId();
            if (openedBy == null) {
                String first = groupIds.iterator().next();
                facts.put("open", "false");
                return CheckResult.of(ID, Status.FAIL, "no inbound rule on " + String.join(", ", groupIds) + where
                                + " opens tcp " + port + " to " + source + ": add Custom TCP " + port + " from " + source + " to " + first,
                        evidence).withDuration(took(start), Instant.now()).withFacts(facts);
            }
            facts.put("open", "true");
            return CheckResult.of(ID, Status.OK, "tcp " + port + " is open to " + source + " by " + openedBy, evidence)
                    .withDuration(took(start), Instant.now()).withFacts(facts);
        } catch (CloudApiException e) {
            return CloudResults.error(ID, e, took(start));
        } catch (SdkException e) {
            return CloudResults.error(ID, AwsFailures.of(e, "ec2"), took(start));
        }
    }

    private static List<String> instanceGroups(Ec2Client ec2, String instanceId) throws CloudApiException {
        return call(() -> ec2.describeInstances(r -> r.instanceIds(instanceId)).reservations().stream()
                .flatMap(r -> r.instances().stream())
                .flatMap(i -> i.securityGroups().stream())
                .map(GroupIdentifier::groupId)
                .distinct().toList(), "ec2:DescribeInstances");
    }

    static boolean covers(IpPermission p, int port) {
        String proto = p.ipProtocol();
        if ("-1".equals(proto) || "all".equalsIgnoreCase(proto)) {
            return true;
        }
        if (!"tcp".equalsIgnoreCase(proto) && !"6".equals(proto)) {
            return false;
        }
        Integer from = p.fromPort();
        Integer to = p.toPort();
        return from != null && to != null && (from == -1 || (from <= port && port <= to));
    }

    private static List<String> sources(IpPermission p) {
        List<String> out = new ArrayList<>();
        p.ipRanges().forEach(r -> out.add(r.cidrIp()));
        p.ipv6Ranges().forEach(r -> out.add(r.cidrIpv6()));
        p.userIdGroupPairs().forEach(g -> out.add("group " + g.groupId()));
        p.prefixListIds().forEach(l -> out.add("prefix list " + l.prefixListId()));
        return out;
    }

    private static String describe(IpPermission p) {
        if ("-1".equals(p.ipProtocol())) {
            return "all traffic";
        }
        return p.ipProtocol() + " " + (p.fromPort().equals(p.toPort()) ? p.fromPort() : p.fromPort() + "-" + p.toPort());
    }

    private static Duration took(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** One SDK call, its failure named by the IAM action it needs. */
    static <T> T call(java.util.function.Supplier<T> sdkCall, String iamAction) throws CloudApiException {
        try {
            return sdkCall.get();
        } catch (SdkException e) {
            throw AwsFailures.of(e, iamAction);
        }
    }
}
