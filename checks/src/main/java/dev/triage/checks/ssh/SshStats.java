package dev.triage.checks.ssh;

import java.util.concurrent.atomic.AtomicLong;

/** Counters for benchmarks, tests and metrics. */
final class SshStats {
    final AtomicLong handshakes = new AtomicLong();
    /** TCP connects begun, whether the key exchange then succeeded or was refused. */
    final AtomicLong connectAttempts = new AtomicLong();
    final AtomicLong openConnections = new AtomicLong();
    final AtomicLong clientTimeouts = new AtomicLong();
    /** Execs started (each one a login shell on the host). */
    final AtomicLong execs = new AtomicLong();
}
