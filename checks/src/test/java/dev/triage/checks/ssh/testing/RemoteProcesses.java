package dev.triage.checks.ssh.testing;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Processes on this machine found by a unique marker in their command line (like {@code pgrep -f}). */
public final class RemoteProcesses {

    private RemoteProcesses() {
    }

    public static List<String> withMarker(String marker) {
        long self = ProcessHandle.current().pid();
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() != self)
                .filter(ProcessHandle::isAlive)
                .map(p -> p.pid() + " " + p.info().commandLine().orElse(""))
                .filter(line -> line.contains(marker))
                .toList();
    }

    /** Waits (bounded) until no process carries {@code marker}; returns those still there at the end. */
    public static List<String> awaitGone(String marker, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        List<String> left = withMarker(marker);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(100);
            left = withMarker(marker);
        }
        return left;
    }

    /** Waits (bounded) until some process carries {@code marker}. */
    public static boolean awaitPresent(String marker, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (!withMarker(marker).isEmpty()) {
                return true;
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        return false;
    }
}
