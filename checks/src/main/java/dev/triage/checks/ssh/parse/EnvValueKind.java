package dev.triage.checks.ssh.parse;

/** How an env file variable's value looks — the only thing about a value that leaves the parser. */
public enum EnvValueKind {
    /** A real-looking value. */
    SET,
    /** {@code KEY=} or {@code KEY=""}. */
    EMPTY,
    /** A template value never filled in: {@code your-…}, {@code placeholder}, {@code changeme}, {@code xxx}, {@code <…>}. */
    PLACEHOLDER
}
