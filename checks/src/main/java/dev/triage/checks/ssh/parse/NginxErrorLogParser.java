package dev.triage.checks.ssh.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Picks the upstream failures out of a tail of nginx's {@code error.log}, e.g.
 * {@code 2026/11/22 04:13:41 [error] 4468#4468: *1 connect() failed (111: Connection refused) while
 * connecting to upstream, client: …, upstream: "http://127.0.0.1:8000/health", host: "…"}.
 */
public final class NginxErrorLogParser {

    private static final Pattern ENTRY = Pattern.compile(
            "^(\\d{4}/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d) \\[(\\w+)] \\d+#\\d+: (?:\\*\\d+ )?(.*)$");
    private static final Pattern UPSTREAM = Pattern.compile("upstream: \"([^\"]+)\"");

    private NginxErrorLogParser() {
    }

    public static List<UpstreamError> parse(String output) {
        var errors = new ArrayList<UpstreamError>();
        for (String raw : output.split("\\R")) {
            String line = raw.trim();
            Matcher m = ENTRY.matcher(line);
            if (!m.matches()) {
                continue;
            }
            UpstreamError.Kind kind = kindOf(m.group(3));
            if (kind == null) {
                continue;
            }
            Matcher upstream = UPSTREAM.matcher(line);
            errors.add(new UpstreamError(m.group(1), kind, upstream.find() ? upstream.group(1) : null, line));
        }
        return List.copyOf(errors);
    }

    private static UpstreamError.Kind kindOf(String message) {
        if (message.contains("(111: Connection refused) while connecting to upstream")) {
            return UpstreamError.Kind.REFUSED;
        }
        if (message.contains("upstream timed out")) {
            return UpstreamError.Kind.TIMED_OUT;
        }
        if (message.contains("no live upstreams")) {
            return UpstreamError.Kind.NO_LIVE_UPSTREAMS;
        }
        if (message.contains("upstream prematurely closed connection")) {
            return UpstreamError.Kind.PREMATURELY_CLOSED;
        }
        return null;
    }
}
