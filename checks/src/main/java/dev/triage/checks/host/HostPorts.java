package dev.triage.checks.host;

import dev.triage.checks.ssh.CommandTemplates;
import dev.triage.checks.ssh.RemoteShell;
import dev.triage.checks.ssh.parse.ListeningSockets;
import dev.triage.config.Target;

/**
 * The host's listening sockets as {@code /backend ports} shows them, read the one way the {@code port-binding} check
 * reads them ({@link ListeningPorts}: {@code ss -tlnp}, else {@code netstat -tlnp}), with the same judgement of why a
 * host couldn't answer.
 */
public final class HostPorts {

    /** The sockets and the tool that listed them ({@code ss} or {@code netstat}). */
    public record Listing(ListeningSockets sockets, String tool) {
    }

    /** The host could not say: unreachable, a tool missing, sudo refused — with what to do, in one line. */
    public static final class Unanswered extends Exception {
        Unanswered(String message) {
            super(message);
        }
    }

    private HostPorts() {
    }

    public static Listing read(RemoteShell shell, CommandTemplates templates, Target target) throws Unanswered {
        try {
            ListeningPorts.Reading r = ListeningPorts.read(new HostSession(shell, templates, target));
            return new Listing(r.sockets(), r.tool());
        } catch (HostProblem problem) {
            throw new Unanswered(problem.getMessage());
        }
    }
}
