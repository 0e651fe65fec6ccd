package dev.triage.checks.net;

import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * Names why a connection failed, in the runbooks' terms: refused (nothing listens, or a firewall
 * rejects), timeout (a security group or firewall drops packets), DNS failure, unreachable.
 * Document 000 step 6 asks exactly this: "timeout, connection refused, or DNS failure?".
 */
public enum NetworkFailure {
    REFUSED("connection refused", "nothing listens on that port, or a firewall rejects it"),
    CONNECT_TIMEOUT("connect timed out", "packets are dropped: security group or firewall"),
    NO_RESPONSE("no response", "connected, but the server did not answer in time"),
    DNS("DNS lookup failed", "the host name does not resolve"),
    UNREACHABLE("host unreachable", "no route to the host"),
    TLS("TLS handshake failed", "certificate or protocol mismatch (https:// on a plain-http port?)"),
    RESET("connection reset", "the server closed the connection"),
    OTHER("connection failed", "");

    private final String label;
    private final String hint;

    NetworkFailure(String label, String hint) {
        this.label = label;
        this.hint = hint;
    }

    public String label() {
        return label;
    }

    public String hint() {
        return hint;
    }

    /** Classifies an exception from a socket or an HTTP client, looking through its causes. */
    public static NetworkFailure classify(Throwable error, boolean connected) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException) return DNS;
            if (t instanceof NoRouteToHostException || t instanceof PortUnreachableException) return UNREACHABLE;
            if (t instanceof ConnectException) {
                String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
                if (m.contains("timed out")) return CONNECT_TIMEOUT;
                if (m.contains("unreachable")) return UNREACHABLE;
                return REFUSED;
            }
            if (t instanceof SSLException) return TLS;
            if (t instanceof SocketTimeoutException || t instanceof InterruptedIOException) {
                String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
                return !connected || m.contains("connect") ? CONNECT_TIMEOUT : NO_RESPONSE;
            }
            String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("connection reset") || m.contains("unexpected end of stream")) return RESET;
            if (m.contains("connection refused")) return REFUSED;
        }
        return OTHER;
    }
}
