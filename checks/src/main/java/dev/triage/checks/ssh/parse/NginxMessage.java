package dev.triage.checks.ssh.parse;

/**
 * One {@code [level]} message nginx printed.
 *
 * @param level  {@code emerg}, {@code alert}, {@code crit}, {@code error}, {@code warn}, {@code notice}…
 * @param text   the message without time, level and pid, e.g. {@code unknown directive "proxy_pas"}
 * @param file   the config file it names ({@code in FILE:LINE}); null when none
 * @param lineNo the line in that file; 0 when none
 * @param line   the output line, trimmed
 */
public record NginxMessage(String level, String text, String file, int lineNo, String line) {

    public boolean isFatal() {
        return level.equals("emerg") || level.equals("alert") || level.equals("crit");
    }

    /** {@code /etc/nginx/sites-enabled/app:12}, or null when the message names no file. */
    public String location() {
        return file == null ? null : file + ":" + lineNo;
    }
}
