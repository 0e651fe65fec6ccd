package dev.triage.checks.cloud.aws;

import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import dev.triage.checks.action.Action;
import dev.triage.checks.action.ActionOutcome;
import dev.triage.checks.action.ActionPlan;
import dev.triage.checks.action.ActionStep;
import dev.triage.checks.cloud.CloudApiException;
import dev.triage.checks.cloud.CloudLookup;
import dev.triage.checks.cloud.Waiting;
import dev.triage.checks.cloud.aws.Ec2Api.SecurityGroup;
import dev.triage.checks.net.TcpConnectCheck;
import dev.triage.config.CloudSettings;
import dev.triage.config.Target;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code security-group-allow} (document 000, step 1 — the cause in 90 % of cases): adds the inbound rule
 * Custom TCP PORT from {@code cloud.aws.allowed_source} to the instance's first security group (the
 * configured {@code security_group_ids} first), with EC2 AuthorizeSecurityGroupIngress, for each port the
 * world must reach and can't: the service's own port, or with a proxy in front the public ports
 * ({@link ExposedPorts}). Offered only while such a port is closed. Verified: the group lists the rule, then
 * {@code tcp-connect} from the bot reaches the port.
 */
public final class SecurityGroupAllowAction implements Action {
    public static final String ID = "security-group-allow";
    /** EC2 allows these characters in a rule's description. */
    private static final String DESCRIPTION_CHARS = "[^A-Za-z0-9 ._\\-:/()#,@\\[\\]+=&;{}!$*]";

    private final AwsClients clients;
    private final CloudLookup lookup;
    private final Waiting connect;
    private final TcpConnectCheck tcp = new TcpConnectCheck();

    /** @param connect how long, and how often, {@code tcp-connect} is tried after the rule is added */
    public SecurityGroupAllowAction(AwsClients clients, CloudLookup lookup, Waiting connect) {
        this.clients = Objects.requireNonNull(clients, "clients");
        this.lookup = Objects.requireNonNull(lookup, "lookup");
        this.connect = Objects.requireNonNull(connect, "connect");
    }

    @Override
    public String id() {
        return ID;
    }

    /** The group to add to and the ports to open; or why there is nothing to do. */
    private record Intent(CloudSettings.Aws aws, String group, List<Integer> ports, String unavailable) {
    }

    private Intent intent(Target target) {
        Optional<CloudSettings.Aws> settings = SecurityGroupCheck.settings(lookup, target);
        if (settings.isEmpty()) {
            return new Intent(null, null, List.of(), "no EC2 instance configured: set cloud.aws.instance_id (or security_group_ids)");
        }
        CloudSettings.Aws aws = settings.get();
        Optional<ExposedPorts> exposed = ExposedPorts.of(target, aws);
        if (exposed.isEmpty()) {
            return new Intent(aws, null, List.of(), "no service port: set service.port or the target's port");
        }
        Ec2Api ec2 = clients.ec2(aws, target.timeout());
        try {
            Set<String> groupIds = SecurityGroupCheck.groupIds(ec2, aws);
            if (groupIds.isEmpty()) {
                return new Intent(aws, null, List.of(), "instance " + aws.instanceId() + " has no security groups: attach one first");
            }
            List<SecurityGroup> groups = SecurityGroupCheck.describe(ec2, groupIds);
            List<Integer> closed = exposed.get().open().stream()
                    .filter(p -> SecurityGroupCheck.openedBy(groups, p, aws.allowedSource()).isEmpty()).toList();
            String first = groupIds.iterator().next();
            if (closed.isEmpty()) {
                return new Intent(aws, first, List.of(), "tcp " + ExposedPorts.list(exposed.get().open()) + " is already open to "
                        + aws.allowedSource() + ": nothing to add");
            }
            return new Intent(aws, first, closed, null);
        } catch (CloudApiException e) {
            return new Intent(aws, null, List.of(), "could not read the security groups: " + e.getMessage());
        }
    }

    @Override
    public ActionPlan plan(Target target) {
        Intent i = intent(target);
        if (i.unavailable() != null) {
            return ActionPlan.unavailable(ID, target.name(), i.unavailable());
        }
        String command = String.join(" && ", i.ports().stream().map(p -> command(i, p)).toList());
        List<String> verify = new ArrayList<>();
        verify.add(i.group() + " lists tcp " + ExposedPorts.list(i.ports()) + " from " + i.aws().allowedSource());
        for (int p : i.ports()) {
            verify.add("tcp-connect from the bot to " + (target.host() == null ? "?" : target.host()) + ":" + p + " within "
                    + connect.within().toSeconds() + " s");
        }
        return new ActionPlan(ID, target.name(), "ec2:" + i.group(), command, List.of(), verify, null);
    }

    private static String command(Intent i, int port) {
        String source = i.aws().allowedSource();
        return ipv6(source)
                ? "aws ec2 authorize-security-group-ingress --group-id " + i.group() + " --ip-permissions IpProtocol=tcp,FromPort="
                        + port + ",ToPort=" + port + ",Ipv6Ranges=[{CidrIpv6=" + source + "}]"
                : "aws ec2 authorize-security-group-ingress --group-id " + i.group() + " --protocol tcp --port " + port
                        + " --cidr " + source;
    }

    private static boolean ipv6(String cidr) {
        return cidr.contains(":");
    }

    @Override
    public ActionOutcome run(Target target, Consumer<ActionStep> progress) {
        Instant start = connect.clock().instant();
        Intent i = intent(target);
        if (i.unavailable() != null) {
            return new ActionOutcome(ID, target.name(), ActionOutcome.Result.UNAVAILABLE, i.unavailable(), List.of(), null, null);
        }
        List<ActionStep> steps = new ArrayList<>();
        Consumer<ActionStep> record = s -> {
            steps.add(s);
            progress.accept(s);
        };
        CloudSettings.Aws aws = i.aws();
        String source = aws.allowedSource();
        String description = ("opened by Triage for " + target.name() + " (document 000 step 1)").replaceAll(DESCRIPTION_CHARS, "-");
        Ec2Api ec2 = clients.ec2(aws, target.timeout());
        try {
            for (int port : i.ports()) {
                Instant at = connect.clock().instant();
                String detail;
                try {
                    detail = ec2.authorizeIngress(i.group(), port, source, description)
                            ? "added Custom TCP " + port + " from " + source + " to " + i.group()
                            : i.group() + " already had Custom TCP " + port + " from " + source;
                } catch (CloudApiException e) {
                    String why = e.getMessage();
                    record.accept(new ActionStep(ActionStep.Phase.COMMAND, command(i, port), Status.ERROR, why, connect.since(at)));
                    return new ActionOutcome(ID, target.name(), ActionOutcome.Result.COMMAND_FAILED, why, steps, connect.since(start), null);
                }
                record.accept(new ActionStep(ActionStep.Phase.COMMAND, command(i, port), Status.OK, detail, connect.since(at)));
            }
            Instant listed = connect.clock().instant();
            List<SecurityGroup> groups;
            try {
                groups = SecurityGroupCheck.describe(ec2, Set.of(i.group()));
            } catch (CloudApiException e) {
                record.accept(new ActionStep(ActionStep.Phase.VERIFY, "rule listed", Status.ERROR, e.getMessage(), connect.since(listed)));
                return new ActionOutcome(ID, target.name(), ActionOutcome.Result.VERIFY_FAILED, e.getMessage(), steps, connect.since(start), null);
            }
            List<Integer> missing = i.ports().stream().filter(p -> SecurityGroupCheck.openedBy(groups, p, source).isEmpty()).toList();
            if (!missing.isEmpty()) {
                String why = i.group() + " does not list tcp " + ExposedPorts.list(missing) + " from " + source + " after the change";
                record.accept(new ActionStep(ActionStep.Phase.VERIFY, "rule listed", Status.FAIL, why, connect.since(listed)));
                return new ActionOutcome(ID, target.name(), ActionOutcome.Result.VERIFY_FAILED, why, steps, connect.since(start), null);
            }
            record.accept(new ActionStep(ActionStep.Phase.VERIFY, "rule listed", Status.OK, i.group() + " lists tcp "
                    + ExposedPorts.list(i.ports()) + " from " + source, connect.since(listed)));
            List<String> reached = new ArrayList<>();
            for (int port : i.ports()) {
                ActionStep step = reach(target, port);
                record.accept(step);
                if (step.status() == Status.SKIPPED) {
                    continue;
                }
                if (step.status() != Status.OK) {
                    return new ActionOutcome(ID, target.name(), ActionOutcome.Result.VERIFY_FAILED, "the rule is in place, but "
                            + step.detail() + " — look at the host's firewall (firewall) and that something listens (port-binding)",
                            steps, connect.since(start), null);
                }
                reached.add(Integer.toString(port));
            }
            return new ActionOutcome(ID, target.name(), ActionOutcome.Result.DONE, "tcp " + ExposedPorts.list(i.ports()) + " opened to "
                    + source + " on " + i.group() + (reached.isEmpty() ? "" : "; tcp-connect reaches " + String.join(", ", reached)),
                    steps, connect.since(start), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ActionOutcome(ID, target.name(), ActionOutcome.Result.ERROR, "interrupted while trying tcp-connect", steps,
                    connect.since(start), null);
        }
    }

    /** {@code tcp-connect} from the bot to the target's host on {@code port}, until it connects or the wait ends. */
    private ActionStep reach(Target target, int port) throws InterruptedException {
        String name = "tcp-connect " + port;
        if (target.host() == null) {
            return new ActionStep(ActionStep.Phase.VERIFY, name, Status.SKIPPED, "no host to connect to: set base_url or host",
                    java.time.Duration.ZERO);
        }
        Target seen = new Target(target.name(), target.baseUrl(), target.host(), port, target.healthPath(), target.timeout(),
                target.latencyWarn(), target.statusChecks(), target.http(), target.incidentChannel(), target.ssh(), target.service());
        Instant at = connect.clock().instant();
        CheckResult[] last = new CheckResult[1];
        try {
            Waiting.Answer a = connect.until(() -> {
                last[0] = tcp.run(seen);
                return last[0].status() == Status.OK ? Waiting.Answer.DONE : Waiting.Answer.NOT_YET;
            });
            return new ActionStep(ActionStep.Phase.VERIFY, name, a == Waiting.Answer.DONE ? Status.OK : Status.FAIL,
                    a == Waiting.Answer.DONE ? last[0].summary() : "not within " + connect.within().toSeconds() + " s; last: "
                            + last[0].summary(), connect.since(at));
        } catch (CloudApiException e) {
            return new ActionStep(ActionStep.Phase.VERIFY, name, Status.ERROR, e.getMessage(), connect.since(at));
        }
    }
}
