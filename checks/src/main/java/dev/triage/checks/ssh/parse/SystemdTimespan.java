package dev.triage.checks.ssh.parse;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * systemd's time spans as it prints them: {@code 1min 30s}, {@code 2h 3min}, {@code 1 day 2h}, {@code 500ms},
 * {@code 3 weeks 2 days} (the "… ago" of {@code systemctl status}, {@code TimeoutStartUSec=} of {@code systemctl show}).
 * Months and years count as systemd counts them (30.44 and 365.25 days).
 */
public final class SystemdTimespan {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(us|usec|µs|ms|msec|s|sec|second|seconds|"
            + "m|min|minute|minutes|h|hr|hour|hours|d|day|days|w|week|weeks|M|month|months|y|year|years)\\b");
    private static final Pattern ACTIVE_AGO = Pattern.compile(";\\s*(.+?)\\s+ago\\s*$");

    private SystemdTimespan() {
    }

    /** The span, or empty for {@code infinity}, a blank text or anything that isn't a span. */
    public static Optional<Duration> parse(String text) {
        if (text == null || text.isBlank() || text.strip().equals("infinity")) {
            return Optional.empty();
        }
        String rest = text.strip();
        Matcher m = PART.matcher(rest);
        double micros = 0;
        int at = 0;
        boolean any = false;
        while (m.find()) {
            if (!rest.substring(at, m.start()).isBlank()) {
                return Optional.empty();
            }
            micros += Double.parseDouble(m.group(1)) * microsPer(m.group(2));
            at = m.end();
            any = true;
        }
        if (!any || !rest.substring(at).isBlank()) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos((long) (micros * 1000)));
    }

    /** How long ago the unit entered its state, from {@code Active: … since …; 12s ago}; empty when not shown. */
    public static Optional<Duration> agoOf(String activeLine) {
        if (activeLine == null) {
            return Optional.empty();
        }
        Matcher m = ACTIVE_AGO.matcher(activeLine);
        return m.find() ? parse(m.group(1)) : Optional.empty();
    }

    /** {@code TimeoutStartUSec=1min 30s} from {@code systemctl show -p TimeoutStartUSec}; empty for infinity or none. */
    public static Optional<Duration> startTimeoutOf(String showOutput) {
        for (String line : showOutput.split("\\R")) {
            if (line.startsWith("TimeoutStartUSec=")) {
                return parse(line.substring("TimeoutStartUSec=".length()));
            }
        }
        return Optional.empty();
    }

    /** As systemd writes it, to the second: {@code 1min 30s}, {@code 2h 3min}, {@code 12s}. */
    public static String format(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "min" + (s % 60 == 0 ? "" : " " + (s % 60) + "s");
        }
        if (s < 86_400) {
            return (s / 3600) + "h" + ((s % 3600) / 60 == 0 ? "" : " " + ((s % 3600) / 60) + "min");
        }
        return (s / 86_400) + (s / 86_400 == 1 ? " day" : " days") + ((s % 86_400) / 3600 == 0 ? "" : " " + ((s % 86_400) / 3600) + "h");
    }

    private static double microsPer(String unit) {
        return switch (unit) {
            case "us", "usec", "µs" -> 1;
            case "ms", "msec" -> 1_000;
            case "s", "sec", "second", "seconds" -> 1_000_000;
            case "m", "min", "minute", "minutes" -> 60_000_000d;
            case "h", "hr", "hour", "hours" -> 3_600_000_000d;
            case "d", "day", "days" -> 86_400_000_000d;
            case "w", "week", "weeks" -> 604_800_000_000d;
            case "M", "month", "months" -> 2_629_800_000_000d;
            default -> 31_557_600_000_000d;
        };
    }
}
