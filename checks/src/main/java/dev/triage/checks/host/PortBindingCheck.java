package dev.triage.checks.host;

import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import dev.triage.checks.ssh.CommandTemplates;
import dev.triage.checks.ssh.RemoteShell;
import dev.triage.checks.ssh.parse.ListeningSocket;
import dev.triage.checks.ssh.parse.PortBinding;
import dev.triage.checks.ssh.parse.SocketOwner;
import dev.triage.config.Target;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code port-binding}: {@code ss -tlnp}, or {@code netstat -tlnp} where ss is missing (000/3, 001). FAIL
 * when nothing listens on the service port, or when it listens only on loopback although it must be
 * reachable from outside (000's cause 3, the wrong bind address). Names the owning process.
 */
public final class PortBindingCheck extends HostCheck {
    public static final String ID = "port-binding";


    public PortBindingCheck(RemoteShell shell, CommandTemplates templates) {
        super(ID, shell, templates);
    }

    @Override
    Optional<CheckResult> skip(Target target) {
        return Skips.unlessPort(ID, target);
    }

    @Override
    CheckResult judge(HostSession session, Target target) throws HostProblem {
        return inspect(session, target.service().port(), target.service().mustBeReachable());
    }

    private CheckResult inspect(HostSession session, int port, boolean mustBeReachable) throws HostProblem {
        ListeningPorts.Reading reading = ListeningPorts.read(session);
        List<ListeningSocket> sockets = reading.sockets().onPort(port);
        PortBinding binding = reading.sockets().binding(port);
        List<SocketOwner> owners = reading.sockets().owners(port);

        var facts = new LinkedHashMap<String, String>();
        facts.put("listening", binding.label());
        facts.put("tool", reading.tool());
        facts.put("addresses", sockets.stream().map(ListeningSocket::endpoint).collect(Collectors.joining(",")));
        if (!owners.isEmpty()) {
            facts.put("owner", owners.get(0).name());
            facts.put("pid", Integer.toString(owners.get(0).pid()));
        }
        List<String> evidence = sockets.stream().map(ListeningSocket::line).toList();
        String addresses = sockets.stream().map(ListeningSocket::endpoint).collect(Collectors.joining(", "));
        String owner = owners.isEmpty()
                ? " (owner not visible: " + reading.tool() + " shows other users' processes only to root)"
                : " by " + owners.stream().map(SocketOwner::toString).collect(Collectors.joining(", "));

        return switch (binding) {
            case NOT_LISTENING -> session.result(ID, Status.FAIL, "nothing listens on port " + port + " on "
                            + session.host() + ": the service crashed or is still starting (see journal)",
                    List.of(reading.tool() + " lists " + reading.sockets().sockets().size()
                            + " listening sockets, none on port " + port), facts);
            case LOOPBACK_ONLY -> mustBeReachable
                    ? session.result(ID, Status.FAIL, "port " + port + " listens only on " + addresses + owner
                            + ": unreachable from outside — bind the service to 0.0.0.0", evidence, facts)
                    : session.result(ID, Status.OK, "port " + port + " listens on " + addresses + owner
                            + " (loopback only, as configured)", evidence, facts);
            case SPECIFIC_ADDRESS, ALL_INTERFACES -> session.result(ID, Status.OK, "port " + port + " listens on "
                    + addresses + owner, evidence, facts);
        };
    }
}
