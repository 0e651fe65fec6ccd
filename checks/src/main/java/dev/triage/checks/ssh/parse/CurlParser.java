package dev.triage.checks.ssh.parse;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Classifies a {@code curl -fsS} run by its exit status and its {@code curl: (N) …} error line. */
public final class CurlParser {

    private static final Pattern HTTP_ERROR = Pattern.compile("returned error: (\\d{3})");

    private CurlParser() {
    }

    public static CurlOutcome parse(int exitStatus, String stderr) {
        String message = firstLine(stderr);
        return switch (exitStatus) {
            case 0 -> new CurlOutcome(CurlOutcome.Kind.OK, 0, "");
            case 7 -> new CurlOutcome(CurlOutcome.Kind.CONNECTION_REFUSED, 0, message);
            case 28 -> new CurlOutcome(CurlOutcome.Kind.TIMED_OUT, 0, message);
            case 6 -> new CurlOutcome(CurlOutcome.Kind.DNS_FAILED, 0, message);
            case 52, 56 -> new CurlOutcome(CurlOutcome.Kind.NO_RESPONSE, 0, message);
            case 22 -> {
                Matcher m = HTTP_ERROR.matcher(message);
                yield new CurlOutcome(CurlOutcome.Kind.HTTP_ERROR, m.find() ? Integer.parseInt(m.group(1)) : 0, message);
            }
            default -> new CurlOutcome(CurlOutcome.Kind.OTHER, 0, message);
        };
    }

    private static String firstLine(String text) {
        for (String line : text.split("\\R")) {
            if (!line.isBlank()) {
                return line.trim();
            }
        }
        return "";
    }
}
