package dev.triage.checks.host;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The evidence lines of a result: trimmed, blank lines dropped, at most {@link #MAX_LINES}. */
final class Evidence {

    static final int MAX_LINES = 8;
    private static final int MAX_LINE_LENGTH = 300;

    private Evidence() {
    }

    /** The first lines of the text. */
    static List<String> head(String text) {
        return of(text.lines().toList());
    }

    /** The last lines of the text. */
    static List<String> tail(String text) {
        List<String> lines = text.lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
        return of(lines.subList(Math.max(0, lines.size() - MAX_LINES), lines.size()));
    }

    static List<String> of(Collection<String> lines) {
        var out = new ArrayList<String>();
        for (String line : lines) {
            String trimmed = line == null ? "" : line.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            out.add(trimmed.length() > MAX_LINE_LENGTH ? trimmed.substring(0, MAX_LINE_LENGTH) + "…" : trimmed);
            if (out.size() == MAX_LINES) {
                break;
            }
        }
        return List.copyOf(out);
    }

    /** The last {@link #MAX_LINES} of already-chosen lines (the most recent log lines matter most). */
    static List<String> last(List<String> lines) {
        return of(lines.subList(Math.max(0, lines.size() - MAX_LINES), lines.size()));
    }
}
