package dev.triage.checks.ssh;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Several configured commands as one remote exec, each in its own subshell, with a marker after each on stdout (with
 * its exit status) and on stderr, so their outputs and exit statuses come apart again exactly. One exec instead of
 * several round trips: a check that needs four commands costs one. The marker holds a random token per batch, so no
 * command's output can end a section early.
 */
final class Batch {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final List<String> commands;
    private final String marker;

    private Batch(List<String> commands, String marker) {
        this.commands = List.copyOf(commands);
        this.marker = marker;
    }

    static Batch of(List<String> commands) {
        if (commands.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one command");
        }
        byte[] token = new byte[8];
        RANDOM.nextBytes(token);
        return new Batch(commands, "@@triage-batch-" + HexFormat.of().formatHex(token) + "@@");
    }

    /** Visible for tests: a batch with a known marker. */
    static Batch withMarker(List<String> commands, String marker) {
        return new Batch(commands, marker);
    }

    /** The one command that runs them all, each after the one before has finished, whatever its exit status. */
    String command() {
        StringBuilder out = new StringBuilder();
        for (String c : commands) {
            Objects.requireNonNull(c, "command");
            if (!out.isEmpty()) {
                out.append("; ");
            }
            out.append("( ").append(c).append("\n); printf '\\n%s %d\\n' '").append(marker).append("' \"$?\"; printf '\\n%s\\n' '")
                    .append(marker).append("' >&2");
        }
        return out.toString();
    }

    /**
     * The one command that runs them all at the same time and prints their outputs in order, as {@link #command()}
     * does, once all have finished. Each one's output waits in a private temporary directory (removed on exit and on
     * the remote deadline's TERM); a host where none can be made (a full disk is one of the causes being looked for)
     * runs them one after another instead.
     */
    String parallelCommand() {
        StringBuilder out = new StringBuilder("if d=$(mktemp -d 2>/dev/null); then trap 'rm -rf \"$d\"' EXIT;"
                + " trap 'rm -rf \"$d\"; exit 143' HUP INT TERM;\n");
        for (int i = 0; i < commands.size(); i++) {
            String c = Objects.requireNonNull(commands.get(i), "command");
            out.append("{ ( ").append(c).append("\n) >\"$d/o").append(i).append("\" 2>\"$d/e").append(i)
                    .append("\"; echo \"$?\" >\"$d/s").append(i).append("\"; } </dev/null &\n");
        }
        out.append("wait\nfor i in");
        for (int i = 0; i < commands.size(); i++) {
            out.append(' ').append(i);
        }
        out.append("; do cat \"$d/o$i\"; printf '\\n%s %s\\n' '").append(marker)
                .append("' \"$(cat \"$d/s$i\" 2>/dev/null || echo -1)\"; cat \"$d/e$i\" >&2; printf '\\n%s\\n' '")
                .append(marker).append("' >&2; done\nelse\n").append(command()).append("\nfi");
        return out.toString();
    }

    /**
     * Each command's own result from the batch's. A command the batch never finished (the deadline cut it, or the
     * connection) gets the batch's exit status and its timed-out flag, with what it printed so far; one never started
     * gets the same and no output.
     */
    List<CommandResult> split(CommandResult whole) {
        List<String> outs = sections(whole.stdout(), true);
        List<String> errs = sections(whole.stderr(), false);
        List<CommandResult> results = new ArrayList<>();
        for (int i = 0; i < commands.size(); i++) {
            boolean finished = i < outs.size() - 1;
            String stdout = i < outs.size() ? outs.get(i) : "";
            String stderr = i < errs.size() ? errs.get(i) : "";
            int exit = whole.exitStatus();
            if (finished) {
                int nl = stdout.lastIndexOf('\u0000');
                exit = Integer.parseInt(stdout.substring(nl + 1));
                stdout = stdout.substring(0, nl);
            }
            results.add(new CommandResult(commands.get(i), exit, stdout, stderr, finished ? Duration.ZERO : whole.took(),
                    !finished && whole.timedOut(), whole.truncated()));
        }
        return results;
    }

    /**
     * The text between markers. On stdout each finished section is returned as {@code output + '\0' + exit status};
     * the last element is whatever followed the last marker (the unfinished command's output, or nothing).
     */
    private List<String> sections(String text, boolean withStatus) {
        List<String> parts = new ArrayList<>();
        String end = "\n" + marker;
        int from = 0;
        while (true) {
            int at = text.indexOf(end, from);
            if (at < 0) {
                parts.add(text.substring(from));
                return parts;
            }
            String section = text.substring(from, at);
            int lineEnd = text.indexOf('\n', at + end.length());
            String rest = lineEnd < 0 ? text.substring(at + end.length()) : text.substring(at + end.length(), lineEnd);
            if (withStatus) {
                String status = rest.strip();
                section = section + '\u0000' + (status.matches("\\d{1,3}") ? status : "-1");
            }
            parts.add(section);
            from = lineEnd < 0 ? text.length() : lineEnd + 1;
        }
    }
}
