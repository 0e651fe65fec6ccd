package dev.triage.checks.ssh.parse;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What {@code journalctl -u UNIT -n N --no-pager} showed: the lines that matched a known error
 * pattern, and whether the ready marker appeared.
 *
 * @param lineCount     log lines read (journal headers such as {@code -- Logs begin at} excluded)
 * @param matches       matching lines in log order
 * @param readyMarker   whether the configured ready marker was seen
 * @param lastReadyLine the last line containing the ready marker; null when not seen or not configured
 * @param readyAfterLastMatch true when the ready marker appears after the last matching line: the
 *                      service crashed earlier and has since started again
 */
public record JournalScan(int lineCount, List<JournalMatch> matches, ReadyMarker readyMarker, String lastReadyLine,
                          boolean readyAfterLastMatch) {

    public enum ReadyMarker { NOT_CONFIGURED, SEEN, MISSING }

    public JournalScan {
        matches = List.copyOf(matches);
    }

    /** Every pattern seen, in {@link JournalPattern} order. */
    public Set<JournalPattern> patterns() {
        var all = EnumSet.noneOf(JournalPattern.class);
        matches.forEach(m -> all.addAll(m.patterns()));
        return all;
    }
}
