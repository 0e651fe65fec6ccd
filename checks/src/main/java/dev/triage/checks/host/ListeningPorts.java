package dev.triage.checks.host;

import dev.triage.checks.ssh.CommandResult;
import dev.triage.checks.ssh.CommandTemplates;
import dev.triage.checks.ssh.parse.ListeningSockets;
import dev.triage.checks.ssh.parse.NetstatParser;
import dev.triage.checks.ssh.parse.SsParser;
import java.util.List;

/** Reads the host's listening TCP sockets with {@code ss -tlnp}, falling back to {@code netstat -tlnp} when ss is missing. */
final class ListeningPorts {

    /** The sockets, which tool listed them, and its output lines. */
    record Reading(ListeningSockets sockets, String tool, CommandResult result) {
    }

    private ListeningPorts() {
    }

    static Reading read(HostSession session) throws HostProblem {
        try {
            CommandResult ss = session.run(CommandTemplates.PORTS);
            if (!ss.succeeded()) {
                throw session.unexpected(ss, "a list of listening sockets");
            }
            return new Reading(SsParser.parse(ss.stdout()), "ss", ss);
        } catch (HostProblem problem) {
            if (problem.kind() != HostProblem.Kind.TOOL_MISSING) {
                throw problem;
            }
        }
        try {
            CommandResult netstat = session.run(CommandTemplates.PORTS_NETSTAT);
            if (!netstat.succeeded()) {
                throw session.unexpected(netstat, "a list of listening sockets");
            }
            return new Reading(NetstatParser.parse(netstat.stdout()), "netstat", netstat);
        } catch (HostProblem problem) {
            if (problem.kind() != HostProblem.Kind.TOOL_MISSING) {
                throw problem;
            }
            throw new HostProblem(HostProblem.Kind.TOOL_MISSING, "neither ss nor netstat is installed on "
                    + session.host() + ": install iproute2 (ss) or net-tools (netstat)", List.of());
        }
    }
}
