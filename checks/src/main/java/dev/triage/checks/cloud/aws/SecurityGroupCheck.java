package dev.triage.checks.cloud.aws;

import dev.triage.checks.Check;
import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import dev.triage.checks.cloud.CloudApiException;
import dev.triage.checks.cloud.CloudLookup;
import dev.triage.checks.cloud.CloudResults;
import dev.triage.checks.cloud.aws.Ec2Api.Permission;
import dev.triage.checks.cloud.aws.Ec2Api.SecurityGroup;
import dev.triage.config.CloudSettings;
import dev.triage.config.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@code security-group} (000 step 1, cause 1 — "90 % of cases"): does an inbound rule on the
 * instance's security groups open the service port to the expected source (default 0.0.0.0/0)? With
 * nginx (or another proxy) in front the ports judged are those the world reaches — the base URL's 80/443
 * or {@code cloud.aws.public_ports} — and the app's own port is expected closed from outside (WARN when it
 * is open). FAIL names the port that is wrong, the group, and the rule to add ({@code security-group-allow}).
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

    static Optional<CloudSettings.Aws> settings(CloudLookup lookup, Target target) {
        return lookup.settings(target).flatMap(CloudSettings::awsSettings)
                .filter(a -> a.instanceId() != null || !a.securityGroupIds().isEmpty());
    }

    @Override
    public CheckResult run(Target target) {
        Optional<CloudSettings.Aws> settings = settings(lookup, target);
        if (settings.isEmpty()) {
            return CheckResult.skipped(ID, "no EC2 instance configured: set cloud.aws.instance_id (or security_group_ids) for " + target.name());
        }
        CloudSettings.Aws aws = settings.get();
        Optional<ExposedPorts> judged = ExposedPorts.of(target, aws);
        if (judged.isEmpty()) {
            return CheckResult.skipped(ID, "no service port: set service.port or the target's port");
        }
        ExposedPorts ports = judged.get();
        String source = aws.allowedSource();
        long start = System.nanoTime();
        Ec2Api ec2 = clients.ec2(aws, target.timeout());
        try {
            Set<String> groupIds = groupIds(ec2, aws);
            if (groupIds.isEmpty()) {
                return CheckResult.of(ID, Status.FAIL, "instance " + aws.instanceId() + " has no security groups", List.of())
                        .withDuration(took(start));
            }
            List<SecurityGroup> groups = describe(ec2, groupIds);
            List<Integer> all = new ArrayList<>(ports.open());
            all.addAll(ports.closed());
            List<String> evidence = new ArrayList<>();
            for (SecurityGroup g : groups) {
                for (int port : all) {
                    List<String> rules = rules(g, port);
                    evidence.add(g.groupId() + " " + g.groupName() + ": " + (rules.isEmpty() ? "no inbound rule for port " + port
                            : String.join("; ", rules)));
                }
            }
            List<Integer> shut = new ArrayList<>();
            List<String> openedBy = new ArrayList<>();
            for (int port : ports.open()) {
                openedBy(groups, port, source).ifPresentOrElse(openedBy::add, () -> shut.add(port));
            }
            Map<Integer, String> exposed = new LinkedHashMap<>();
            for (int port : ports.closed()) {
                openedBy(groups, port, source).ifPresent(by -> exposed.put(port, by));
            }
            Map<String, String> facts = new LinkedHashMap<>();
            facts.put("groups", String.join(",", groupIds));
            facts.put("port", Integer.toString(!shut.isEmpty() ? shut.get(0) : !exposed.isEmpty() ? exposed.keySet().iterator().next()
                    : ports.open().get(0)));
            facts.put("ports", ports.open().stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(",")));
            facts.put("source", source);
            facts.put("open", Boolean.toString(shut.isEmpty()));
            if (!shut.isEmpty()) {
                facts.put("closed", shut.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(",")));
            }
            if (!exposed.isEmpty()) {
                facts.put("exposed", exposed.keySet().stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(",")));
            }
            String where = aws.instanceId() == null ? "" : " of " + aws.instanceId();
            String behind = ports.closed().isEmpty() ? "" : "the app's own " + ExposedPorts.list(ports.closed());
            String tooOpen = exposed.isEmpty() ? "" : "; and tcp " + ExposedPorts.list(List.copyOf(exposed.keySet()))
                    + ", the app's own port behind the proxy, is open to " + source + " by " + String.join(", ", exposed.values())
                    + ": close it, clients come through " + ExposedPorts.list(ports.open());
            if (!shut.isEmpty()) {
                String first = groupIds.iterator().next();
                String which = ExposedPorts.list(shut);
                return CheckResult.of(ID, Status.FAIL, "no inbound rule on " + String.join(", ", groupIds) + where
                                + " opens tcp " + which + " to " + source
                                + (ports.proxy() ? " (the public port" + (shut.size() == 1 ? "" : "s") + " the proxy listens on"
                                + (behind.isEmpty() || !exposed.isEmpty() ? "" : "; " + behind + " stays closed") + ")" : "")
                                + ": add Custom TCP " + which + " from " + source + " to " + first + tooOpen,
                        evidence).withDuration(took(start)).withFacts(facts);
            }
            String opened = "tcp " + ExposedPorts.list(ports.open()) + (ports.open().size() == 1 ? " is" : " are") + " open to " + source
                    + " by " + String.join(", ", openedBy);
            if (!exposed.isEmpty()) {
                return CheckResult.of(ID, Status.WARN, opened + tooOpen, evidence)
                        .withDuration(took(start)).withFacts(facts);
            }
            return CheckResult.of(ID, Status.OK, opened + (behind.isEmpty() ? "" : "; " + behind + " is closed from outside, as it should be"
                            + " behind the proxy"), evidence)
                    .withDuration(took(start)).withFacts(facts);
        } catch (CloudApiException e) {
            return CloudResults.error(ID, e, took(start));
        }
    }

    /** The configured groups, then the instance's. */
    static Set<String> groupIds(Ec2Api ec2, CloudSettings.Aws aws) throws CloudApiException {
        Set<String> groupIds = new LinkedHashSet<>(aws.securityGroupIds());
        if (aws.instanceId() != null) {
            groupIds.addAll(ec2.instanceGroups(aws.instanceId()));
        }
        return groupIds;
    }

    static List<SecurityGroup> describe(Ec2Api ec2, Set<String> groupIds) throws CloudApiException {
        return ec2.describeSecurityGroups(groupIds);
    }

    /** The group and rule that open {@code port} to {@code source}, e.g. {@code sg-1 (tcp 8000 from 0.0.0.0/0)}. */
    static Optional<String> openedBy(List<SecurityGroup> groups, int port, String source) {
        for (SecurityGroup g : groups) {
            for (Permission p : g.ipPermissions()) {
                if (covers(p, port)) {
                    for (String cidr : sources(p)) {
                        if (Cidrs.contains(cidr, source)) {
                            return Optional.of(g.groupId() + " (" + describe(p) + " from " + cidr + ")");
                        }
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The group's inbound rules that cover {@code port}: {@code tcp 8000 from 100.64.0.0/16}. */
    private static List<String> rules(SecurityGroup g, int port) {
        List<String> rules = new ArrayList<>();
        for (Permission p : g.ipPermissions()) {
            if (covers(p, port)) {
                for (String cidr : sources(p)) {
                    rules.add(describe(p) + " from " + cidr);
                }
            }
        }
        return rules;
    }

    static boolean covers(Permission p, int port) {
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

    private static List<String> sources(Permission p) {
        List<String> out = new ArrayList<>();
        out.addAll(p.ipRanges());
        out.addAll(p.ipv6Ranges());
        p.groupIds().forEach(g -> out.add("group " + g));
        p.prefixListIds().forEach(l -> out.add("prefix list " + l));
        return out;
    }

    private static String describe(Permission p) {
        if ("-1".equals(p.ipProtocol())) {
            return "all traffic";
        }
        return p.ipProtocol() + " " + (Objects.equals(p.fromPort(), p.toPort()) ? p.fromPort() : p.fromPort() + "-" + p.toPort());
    }

    private static Duration took(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
