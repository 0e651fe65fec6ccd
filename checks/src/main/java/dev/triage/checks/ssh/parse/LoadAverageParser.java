package dev.triage.checks.ssh.parse;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@code cat /proc/loadavg} ({@code 0.52 0.25 0.10 1/89 5074}) and {@code nproc} ({@code 2}). */
public final class LoadAverageParser {

    private static final Pattern LOADAVG = Pattern.compile(
            "^(\\d+\\.\\d+)\\s+(\\d+\\.\\d+)\\s+(\\d+\\.\\d+)\\s+(\\d+)/(\\d+)(?:\\s+\\d+)?$");

    private LoadAverageParser() {
    }

    /** @throws IllegalArgumentException when the text is not /proc/loadavg's format */
    public static LoadAverage parse(String output) {
        String line = output.strip();
        Matcher m = LOADAVG.matcher(line);
        if (!m.matches()) {
            throw new IllegalArgumentException("not /proc/loadavg output: " + line);
        }
        return new LoadAverage(Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)),
                Double.parseDouble(m.group(3)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)), line);
    }

    /** @throws IllegalArgumentException when the text is not a positive whole number */
    public static int parseCores(String output) {
        String text = output.strip();
        try {
            int cores = Integer.parseInt(text);
            if (cores > 0) {
                return cores;
            }
        } catch (NumberFormatException e) {
            // reported below with the text
        }
        throw new IllegalArgumentException("nproc printed " + (text.isEmpty() ? "nothing" : text) + ", not a core count");
    }
}
