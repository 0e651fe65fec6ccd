package dev.triage.checks.net;

import dev.triage.checks.Check;
import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import dev.triage.config.Target;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code tcp-connect}: opens a fresh TCP connection to the target's host and port from where the
 * bot runs, and names how it failed (000/1, 000/6).
 */
public final class TcpConnectCheck implements Check {
    public static final String ID = "tcp-connect";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public CheckResult run(Target target) {
        if (target.host() == null || target.port() == null) {
            return CheckResult.skipped(ID, "no host and port configured");
        }
        String where = target.host() + ":" + target.port();
        long start = System.nanoTime();
        InetAddress address;
        try {
            address = InetAddress.getByName(target.host());
        } catch (UnknownHostException e) {
            return done(Status.FAIL, where + " → DNS lookup failed", List.of(target.host() + " does not resolve"),
                    start, NetworkFailure.DNS);
        }
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, target.timeout().toMillis());
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, target.port()), timeoutMs);
            long ms = millisSince(start);
            return done(Status.OK, where + " → connected in " + ms + " ms",
                    List.of("connected to " + address.getHostAddress() + ":" + target.port()), start, null);
        } catch (IOException e) {
            NetworkFailure failure = NetworkFailure.classify(e, false);
            String detail = failure == NetworkFailure.CONNECT_TIMEOUT
                    ? "no answer within " + target.timeout().toMillis() + " ms"
                    : String.valueOf(e.getMessage());
            return done(Status.FAIL, where + " → " + failure.label(),
                    List.of(address.getHostAddress() + ":" + target.port() + ": " + detail, failure.hint()), start, failure);
        }
    }

    private static CheckResult done(Status status, String summary, List<String> evidence, long start, NetworkFailure failure) {
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        var result = CheckResult.of(ID, status, summary, evidence).withDuration(took);
        return failure == null ? result : result.withFacts(Map.of("failure", failure.name()));
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
