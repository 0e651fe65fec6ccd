package dev.triage.checks.cloud;

import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import dev.triage.checks.ssh.parse.JournalMatch;
import dev.triage.checks.ssh.parse.JournalParser;
import dev.triage.checks.ssh.parse.JournalPattern;
import dev.triage.checks.ssh.parse.JournalScan;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A platform's log — CloudWatch Logs ({@code cloud-logs}), Render ({@code render-logs}) — judged as the
 * {@code journal} check judges a unit's: the same {@link JournalPattern}s and ready marker through
 * {@link JournalParser}, the one home of the patterns. FAIL when a known error pattern appears, WARN when
 * the service reported ready after them or the ready marker is missing, OK otherwise.
 */
public final class PlatformLog {
    static final int MAX_EVIDENCE = 6;

    private PlatformLog() {
    }

    /**
     * @param log    how the summary names the log, e.g. {@code the log /ecs/api › ecs/api/0f1e} or {@code Render service chat-api's log}
     * @param lines  the log's lines, oldest first
     * @param marker the ready marker; null when not configured
     * @param facts  facts of the caller's own, added to {@code patterns}, {@code lines} and {@code readyMarker}
     */
    public static CheckResult judge(String checkId, String log, List<String> lines, String marker, Map<String, String> facts,
                                    Duration took) {
        JournalScan scan = JournalParser.parse(String.join("\n", lines), marker);
        Map<String, String> all = new LinkedHashMap<>();
        all.put("patterns", scan.patterns().stream().map(JournalPattern::label).collect(Collectors.joining(",")));
        all.put("lines", Integer.toString(scan.lineCount()));
        all.put("readyMarker", scan.readyMarker().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        all.putAll(facts);
        List<String> matched = scan.matches().stream().map(JournalMatch::line).toList();
        Status status;
        String summary;
        List<String> evidence;
        if (!matched.isEmpty()) {
            String meaning = scan.patterns().stream().map(p -> p.label() + " (" + p.meaning() + ")").collect(Collectors.joining(", "));
            evidence = last(matched);
            if (scan.readyAfterLastMatch()) {
                status = Status.WARN;
                summary = log + " shows " + meaning + ", but the service reported ready after them";
            } else {
                status = Status.FAIL;
                summary = log + " shows " + meaning;
            }
        } else if (scan.readyMarker() == JournalScan.ReadyMarker.MISSING) {
            status = Status.WARN;
            summary = "no known errors, but the ready marker \"" + marker + "\" is not in the last " + scan.lineCount()
                    + " lines of " + log + ": still starting, or stuck";
            evidence = last(lines);
        } else if (scan.lineCount() == 0) {
            status = Status.WARN;
            summary = log + " has no recent lines";
            evidence = List.of();
        } else {
            status = Status.OK;
            summary = "no known error patterns in the last " + scan.lineCount() + " lines of " + log;
            evidence = scan.lastReadyLine() == null ? List.of() : List.of(scan.lastReadyLine());
        }
        return CheckResult.of(checkId, status, summary, evidence).withDuration(took).withFacts(all);
    }

    /** The most recent lines, each cut to one line of at most 300 characters. */
    private static List<String> last(List<String> lines) {
        List<String> l = lines.stream().map(s -> CloudResults.oneLine(s, 300)).filter(s -> !s.isEmpty()).toList();
        return l.subList(Math.max(0, l.size() - MAX_EVIDENCE), l.size());
    }
}
