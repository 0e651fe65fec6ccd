package dev.triage.checks.ssh.parse;

import java.util.List;

/** One log line that matched one or more {@link JournalPattern}s. */
public record JournalMatch(String line, List<JournalPattern> patterns) {
    public JournalMatch {
        patterns = List.copyOf(patterns);
    }
}
