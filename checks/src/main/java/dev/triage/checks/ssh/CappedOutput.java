package dev.triage.checks.ssh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * One output stream of a remote command, kept up to a cap. Past the cap it keeps reading and drops
 * what it reads, so the remote side never blocks on a full channel window (which would stall the
 * command until its deadline). Safe to read while the draining thread is still going.
 */
final class CappedOutput {

    private final int cap;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private boolean truncated;

    CappedOutput(int cap) {
        if (cap < 0) {
            throw new IllegalArgumentException("cap cannot be negative: " + cap);
        }
        this.cap = cap;
    }

    /** Reads {@code in} to its end; an I/O error (the channel or connection closed under it) just ends it. */
    void drain(InputStream in) {
        byte[] chunk = new byte[8192];
        try {
            int n;
            while ((n = in.read(chunk)) != -1) {
                keep(chunk, n);
            }
        } catch (IOException e) {
            // The channel went away (deadline, dropped connection): what was read so far is the output.
        }
    }

    private synchronized void keep(byte[] chunk, int n) {
        int room = cap - kept.size();
        if (room > 0) {
            kept.write(chunk, 0, Math.min(n, room));
        }
        if (n > room) {
            truncated = true;
        }
    }

    /** What was kept, as UTF-8 (a character cut by the cap becomes U+FFFD). */
    synchronized String text() {
        return kept.toString(StandardCharsets.UTF_8);
    }

    synchronized boolean truncated() {
        return truncated;
    }
}
