package dev.triage.checks.ssh.parse;

/** A process holding a listening socket, as {@code ss -p} or {@code netstat -p} names it. */
public record SocketOwner(String name, int pid) {
    @Override
    public String toString() {
        return name + " (pid " + pid + ")";
    }
}
