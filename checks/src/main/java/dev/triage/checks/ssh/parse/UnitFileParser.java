package dev.triage.checks.ssh.parse;

import java.util.ArrayList;

/** Reads {@code systemctl cat UNIT}: the unit file and its drop-ins, each after a {@code # /path} header. */
public final class UnitFileParser {

    private UnitFileParser() {
    }

    public static UnitFile parse(String output) {
        var sources = new ArrayList<String>();
        var execStart = new ArrayList<String>();
        var environmentFiles = new ArrayList<String>();
        String workingDirectory = null;
        String restart = null;
        String section = "";
        var pending = new StringBuilder();
        for (String raw : output.split("\\R")) {
            String line = raw.strip();
            if (line.startsWith("No files found for")) {
                return new UnitFile(false, sources, execStart, null, environmentFiles, null);
            }
            if (line.startsWith("# /")) {
                sources.add(line.substring(2));
                continue;
            }
            if (line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.endsWith("\\")) {
                pending.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            if (!pending.isEmpty()) {
                line = pending.append(line).toString();
                pending.setLength(0);
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                section = line;
                continue;
            }
            int eq = line.indexOf('=');
            if (!section.equals("[Service]") || eq <= 0) {
                continue;
            }
            String key = line.substring(0, eq).trim();
            String value = line.substring(eq + 1).trim();
            String normalized = key + "=" + value;
            switch (key) {
                case "ExecStart" -> {
                    if (value.isEmpty()) {
                        execStart.clear();
                    } else {
                        execStart.add(normalized);
                    }
                }
                case "EnvironmentFile" -> {
                    if (value.isEmpty()) {
                        environmentFiles.clear();
                    } else {
                        environmentFiles.add(normalized);
                    }
                }
                case "WorkingDirectory" -> workingDirectory = value.isEmpty() ? null : normalized;
                case "Restart" -> restart = value;
                default -> { }
            }
        }
        return new UnitFile(!sources.isEmpty() || !execStart.isEmpty(), sources, execStart, workingDirectory,
                environmentFiles, restart);
    }
}
