package dev.triage.checks.ssh.parse;

/**
 * A path a unit file depends on.
 *
 * @param directive {@code ExecStart}, {@code WorkingDirectory} or {@code EnvironmentFile}
 * @param path      the absolute path, prefixes such as {@code -} removed
 * @param optional  true when a {@code -} prefix tells systemd to carry on without it
 * @param line      the directive as written, e.g. {@code EnvironmentFile=-/opt/app/.env}
 */
public record UnitPath(String directive, String path, boolean optional, String line) {
}
