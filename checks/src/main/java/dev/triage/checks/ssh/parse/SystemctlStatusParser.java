package dev.triage.checks.ssh.parse;

import java.util.ArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code systemctl status UNIT --no-pager -l} (systemd 245 to 255 layouts: {@code ●}, {@code ×},
 * {@code ○} or no bullet; any indentation) and {@code systemctl is-active UNIT}.
 */
public final class SystemctlStatusParser {

    private static final Pattern HEADER = Pattern.compile("^\\S?\\s*([\\w@:.\\\\-]+\\.[a-z]+)(?: - (.*))?$");
    private static final Pattern NOT_FOUND = Pattern.compile("Unit (\\S+) could not be found\\.");
    private static final Pattern LOADED = Pattern.compile("^Loaded:\\s+(\\S+)");
    private static final Pattern ACTIVE = Pattern.compile(
            "^Active:\\s+(\\S+)(?: \\((?!Result:)([^)]+)\\))?(?: \\(Result: ([^)]+)\\))?(?: since ([^;]+);.*)?$");
    private static final Pattern MAIN_PID = Pattern.compile("^Main PID:\\s+(\\d+)(?: \\((.*)\\))?");
    private static final Pattern PROCESS_EXIT = Pattern.compile("^Process:\\s+\\d+ .*\\((code=[^)]+)\\)$");
    private static final Pattern RESTART_COUNTER = Pattern.compile("restart counter is at (\\d+)");

    private SystemctlStatusParser() {
    }

    public static UnitStatus parse(String output) {
        String unit = null;
        String description = null;
        String loadState = null;
        String activeState = null;
        String subState = null;
        String result = null;
        String since = null;
        Integer mainPid = null;
        String lastExit = null;
        Integer restarts = null;
        String activeLine = null;
        var logLines = new ArrayList<String>();
        boolean inLog = false;
        for (String raw : output.split("\\R")) {
            String line = raw.trim();
            Matcher notFound = NOT_FOUND.matcher(line);
            if (notFound.find()) {
                return new UnitStatus(false, notFound.group(1), null, "not-found", "inactive", "dead", null, null,
                        null, null, null, null, java.util.List.of(line));
            }
            if (line.isEmpty()) {
                inLog = unit != null;
                continue;
            }
            if (inLog) {
                logLines.add(line);
                Matcher counter = RESTART_COUNTER.matcher(line);
                if (counter.find()) {
                    restarts = Integer.parseInt(counter.group(1));
                }
                continue;
            }
            Matcher m;
            if (unit == null && (m = HEADER.matcher(line)).matches()) {
                unit = m.group(1);
                description = m.group(2);
            } else if ((m = LOADED.matcher(line)).find()) {
                loadState = m.group(1);
            } else if ((m = ACTIVE.matcher(line)).matches()) {
                activeLine = line;
                activeState = m.group(1);
                subState = m.group(2);
                result = m.group(3);
                since = m.group(4) == null ? null : m.group(4).trim();
            } else if ((m = MAIN_PID.matcher(line)).find()) {
                mainPid = Integer.parseInt(m.group(1));
                if (m.group(2) != null && m.group(2).startsWith("code=")) {
                    lastExit = m.group(2);
                }
            } else if (lastExit == null && (m = PROCESS_EXIT.matcher(line)).find()) {
                lastExit = m.group(1);
            }
        }
        return new UnitStatus(unit != null || activeState != null, unit, description, loadState, activeState,
                subState, result, since, mainPid, lastExit, restarts, activeLine, logLines);
    }

    /** The state word {@code systemctl is-active} prints: {@code active}, {@code failed}…; {@code unknown} when empty. */
    public static String parseIsActive(String output) {
        for (String line : output.split("\\R")) {
            if (!line.isBlank()) {
                return line.trim();
            }
        }
        return "unknown";
    }
}
