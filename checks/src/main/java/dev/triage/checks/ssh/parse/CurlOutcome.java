package dev.triage.checks.ssh.parse;

/**
 * What {@code curl -fsS} said about one request, from its exit status and its error line.
 *
 * @param kind       what happened
 * @param httpStatus the status of an HTTP error ({@code -f} turns 4xx/5xx into exit 22); 0 otherwise
 * @param message    curl's own error line (e.g. {@code curl: (7) Failed to connect …}); empty on success
 */
public record CurlOutcome(Kind kind, int httpStatus, String message) {

    public enum Kind {
        /** 2xx/3xx. */
        OK,
        /** Exit 7: nothing accepts connections on the port — the service is down. */
        CONNECTION_REFUSED,
        /** Exit 28: connected (or tried) but no answer in time — the service hangs. */
        TIMED_OUT,
        /** Exit 22: the service answered with a 4xx/5xx. */
        HTTP_ERROR,
        /** Exit 52/56: the connection was closed or reset without an answer. */
        NO_RESPONSE,
        /** Exit 6: the name did not resolve (localhost misconfigured). */
        DNS_FAILED,
        /** Any other exit status. */
        OTHER
    }
}
