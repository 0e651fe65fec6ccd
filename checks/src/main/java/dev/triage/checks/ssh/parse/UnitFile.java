package dev.triage.checks.ssh.parse;

import java.util.ArrayList;
import java.util.List;

/**
 * The effective {@code [Service]} settings of a unit, as {@code systemctl cat UNIT} showed the unit
 * file and its drop-ins (later files override earlier ones; an empty {@code ExecStart=} resets).
 *
 * @param found            false when systemctl found no files for the unit
 * @param sources          the files shown, from the {@code # /path} header lines
 * @param execStart        the effective {@code ExecStart=} lines, as written
 * @param workingDirectory the {@code WorkingDirectory=} line; null when not set
 * @param environmentFiles the effective {@code EnvironmentFile=} lines
 * @param restart          the {@code Restart=} value; {@code no} (systemd's default) when not set
 */
public record UnitFile(
        boolean found,
        List<String> sources,
        List<String> execStart,
        String workingDirectory,
        List<String> environmentFiles,
        String restart) {

    public UnitFile {
        sources = List.copyOf(sources);
        execStart = List.copyOf(execStart);
        environmentFiles = List.copyOf(environmentFiles);
        restart = restart == null || restart.isBlank() ? "no" : restart;
    }

    /** True for {@code Restart=always} or {@code Restart=on-failure}, the policies the runbooks ask for. */
    public boolean restartsOnFailure() {
        return restart.equals("always") || restart.equals("on-failure");
    }

    /**
     * The absolute paths the unit needs on disk: each ExecStart's executable, the working directory and
     * each environment file. Relative executables (looked up in systemd's search path) and {@code ~} are
     * left out: there is no fixed path to test.
     */
    public List<UnitPath> paths() {
        var paths = new ArrayList<UnitPath>();
        for (String line : execStart) {
            String value = valueOf(line).replaceFirst("^[-@:+!]+", "").trim();
            String executable = value.startsWith("\"") && value.indexOf('"', 1) > 0
                    ? value.substring(1, value.indexOf('"', 1))
                    : value.split("\\s+", 2)[0];
            if (executable.startsWith("/")) {
                paths.add(new UnitPath("ExecStart", executable, valueOf(line).startsWith("-"), line));
            }
        }
        if (workingDirectory != null) {
            addPath(paths, "WorkingDirectory", workingDirectory);
        }
        environmentFiles.forEach(line -> addPath(paths, "EnvironmentFile", line));
        return List.copyOf(paths);
    }

    private static void addPath(List<UnitPath> paths, String directive, String line) {
        String value = valueOf(line);
        boolean optional = value.startsWith("-");
        String path = optional ? value.substring(1) : value;
        if (path.startsWith("/")) {
            paths.add(new UnitPath(directive, path, optional, line));
        }
    }

    private static String valueOf(String line) {
        return line.substring(line.indexOf('=') + 1).trim();
    }
}
