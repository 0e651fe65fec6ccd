package dev.triage.checks.ssh.parse;

import java.util.ArrayList;
import java.util.Arrays;

/**
 * Scans {@code journalctl} output for the runbooks' error patterns and an optional ready marker. The marker counts only
 * when it follows the unit's latest start ({@code systemd[1]: Starting …}): a "ready" from the run before a restart
 * says nothing about the run now starting.
 */
public final class JournalParser {

    private static final java.util.regex.Pattern START = java.util.regex.Pattern.compile("\\ssystemd\\[1\\]: Starting \\S");

    private JournalParser() {
    }

    /** @param readyMarker the line that shows the service finished starting; null or blank when not configured */
    public static JournalScan parse(String output, String readyMarker) {
        boolean markerConfigured = readyMarker != null && !readyMarker.isBlank();
        var matches = new ArrayList<JournalMatch>();
        String lastReady = null;
        int lastReadyAt = -1;
        int lastMatchAt = -1;
        int lastStartAt = -1;
        int count = 0;
        for (String raw : output.split("\\R")) {
            String line = raw.trim();
            if (line.isEmpty() || line.startsWith("-- ")) {
                continue;
            }
            count++;
            if (START.matcher(line).find()) {
                lastStartAt = count;
            }
            if (markerConfigured && line.contains(readyMarker)) {
                lastReady = line;
                lastReadyAt = count;
            }
            var hits = Arrays.stream(JournalPattern.values()).filter(p -> p.matches(line)).toList();
            if (!hits.isEmpty()) {
                matches.add(new JournalMatch(line, hits));
                lastMatchAt = count;
            }
        }
        JournalScan.ReadyMarker marker = !markerConfigured ? JournalScan.ReadyMarker.NOT_CONFIGURED
                : lastReady != null && lastReadyAt > lastStartAt ? JournalScan.ReadyMarker.SEEN : JournalScan.ReadyMarker.MISSING;
        return new JournalScan(count, matches, marker, lastReady, !matches.isEmpty() && lastReadyAt > lastMatchAt);
    }
}
