package dev.triage.checks.ssh.parse;

/**
 * One line of nginx's error.log about an upstream (the proxied service).
 *
 * @param time     {@code 2026/11/22 04:13:41}
 * @param kind     what went wrong
 * @param upstream the upstream URL nginx tried, e.g. {@code http://127.0.0.1:8000/health}; null when not shown
 * @param line     the log line, trimmed
 */
public record UpstreamError(String time, Kind kind, String upstream, String line) {

    public enum Kind {
        /** {@code connect() failed (111: Connection refused) while connecting to upstream}: nothing listens. */
        REFUSED("upstream refused the connection (service down)"),
        /** {@code upstream timed out (110: Connection timed out)}: the service hangs or is overloaded. */
        TIMED_OUT("upstream timed out (service hanging or overloaded)"),
        /** {@code no live upstreams while connecting to upstream}: every server marked failed. */
        NO_LIVE_UPSTREAMS("no live upstreams (every backend marked failed)"),
        /** {@code upstream prematurely closed connection}: the service crashed mid-request. */
        PREMATURELY_CLOSED("upstream closed the connection early (service crashed mid-request)");

        private final String meaning;

        Kind(String meaning) {
            this.meaning = meaning;
        }

        public String meaning() {
            return meaning;
        }
    }
}
