package dev.triage.checks.ssh.parse;

import java.util.regex.Pattern;

/** The error patterns the runbooks look for in a service's log, in RUNBOOKS.md order. */
public enum JournalPattern {
    EADDRINUSE("EADDRINUSE", "the port is already taken by another process",
            "address already in use|EADDRINUSE|\\[Errno 98\\]"),
    ECONNREFUSED("ECONNREFUSED", "a dependency (database, cache, API) refused the connection",
            "connection refused|ECONNREFUSED|\\[Errno 111\\]"),
    ETIMEDOUT("ETIMEDOUT", "a dependency (database, cache, API) did not answer the connection in time",
            "ETIMEDOUT|connection timed out|connection timeout|\\[Errno 110\\]"),
    OOM("OOM", "out of memory: the process was killed or could not allocate",
            "ENOMEM|out of memory|cannot allocate memory|oom-kill|OOM killer|Killed process|MemoryError"),
    SIGTERM("SIGTERM", "the process was asked to stop (deploy, restart or platform)",
            "SIGTERM|status=15/TERM|signal=TERM"),
    SIGKILL("SIGKILL", "the process was killed outright",
            "SIGKILL|status=9/KILL|signal=KILL"),
    /** Also the "does not exist" of a missing file, path or S3 key (document 004: the app's file was not where S3 put it). */
    ENOENT("ENOENT", "a file, directory or S3 object the service needs is missing",
            "ENOENT|No such file|FileNotFoundError|NoSuchKey|\\b(?:file|key|path|directory|object)\\b[^\\n]{0,100}?does not exist"),
    TRACEBACK("Traceback", "the Python application crashed with an exception",
            "Traceback \\(most recent call last\\)"),
    MODULE_NOT_FOUND("ModuleNotFoundError", "a Python module is not installed in the service's environment",
            "ModuleNotFoundError|No module named");

    private final String label;
    private final String meaning;
    private final Pattern pattern;

    JournalPattern(String label, String meaning, String regex) {
        this.label = label;
        this.meaning = meaning;
        this.pattern = Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
    }

    /** The name used in facts and messages, e.g. {@code EADDRINUSE}, {@code Traceback}. */
    public String label() {
        return label;
    }

    /** What the pattern usually means, in one phrase. */
    public String meaning() {
        return meaning;
    }

    public boolean matches(String line) {
        return pattern.matcher(line).find();
    }
}
