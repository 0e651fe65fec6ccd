package dev.triage.checks.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import dev.triage.config.Target;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TcpConnectCheckTest {
    private final TcpConnectCheck check = new TcpConnectCheck();

    private static Target target(int port, Duration timeout) {
        return new Target("t", URI.create("http://127.0.0.1:" + port), null, null, null, timeout, null, null, null, null, null, null);
    }

    @Test
    void aListeningPortConnects() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            CheckResult r = check.run(target(s.getLocalPort(), Duration.ofSeconds(2)));
            assertEquals(Status.OK, r.status(), r.summary());
            assertTrue(r.summary().startsWith("127.0.0.1:" + s.getLocalPort() + " → connected"), r.summary());
        }
    }

    @Test
    void aClosedPortIsReportedAsRefused() throws Exception {
        int port = LocalListeners.closedPort();
        CheckResult r = check.run(target(port, Duration.ofSeconds(2)));
        assertEquals(Status.FAIL, r.status());
        assertEquals("127.0.0.1:" + port + " → connection refused", r.summary());
        assertEquals("REFUSED", r.fact("failure"));
        assertTrue(r.evidence().contains("nothing listens on that port, or a firewall rejects it"), r.evidence()::toString);
    }

    @Test
    void droppedPacketsAreReportedAsATimeoutNamingTheFirewall() throws Exception {
        try (LocalListeners.Dropping dropping = new LocalListeners.Dropping()) {
            CheckResult r = check.run(target(dropping.port(), Duration.ofMillis(300)));
            assertEquals(Status.FAIL, r.status());
            assertEquals("127.0.0.1:" + dropping.port() + " → connect timed out", r.summary());
            assertEquals("CONNECT_TIMEOUT", r.fact("failure"));
            assertTrue(r.evidence().contains("packets are dropped: security group or firewall"), r.evidence()::toString);
        }
    }

    @Test
    void aTargetWithoutHostIsSkipped() {
        Target t = new Target("t", null, null, null, null, null, null, null, null, null, null, null);
        assertEquals(Status.SKIPPED, check.run(t).status());
    }

    @Test
    void failuresAreClassifiedInTheRunbooksTerms() {
        assertEquals(NetworkFailure.DNS, NetworkFailure.classify(new UnknownHostException("api.example.invalid"), false));
        assertEquals(NetworkFailure.REFUSED, NetworkFailure.classify(new ConnectException("Connection refused"), false));
        assertEquals(NetworkFailure.UNREACHABLE, NetworkFailure.classify(new NoRouteToHostException("No route to host"), false));
        assertEquals(NetworkFailure.CONNECT_TIMEOUT, NetworkFailure.classify(new SocketTimeoutException("Connect timed out"), false));
        assertEquals(NetworkFailure.NO_RESPONSE, NetworkFailure.classify(new SocketTimeoutException("Read timed out"), true));
        assertEquals(NetworkFailure.REFUSED,
                NetworkFailure.classify(new java.io.IOException("Failed to connect", new ConnectException("Connection refused")), false));
    }
}
