package dev.triage.checks.ssh.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@code df -P}: {@code Filesystem 1024-blocks Used Available Capacity Mounted on}. */
public final class DfParser {

    private static final Pattern ROW = Pattern.compile("^(\\S+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)%\\s+(.+)$");

    private DfParser() {
    }

    public static List<DiskUsage> parse(String output) {
        var disks = new ArrayList<DiskUsage>();
        for (String raw : output.split("\\R")) {
            String line = raw.trim();
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                disks.add(new DiskUsage(m.group(1), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
                        Long.parseLong(m.group(4)), Integer.parseInt(m.group(5)), m.group(6), line));
            }
        }
        return List.copyOf(disks);
    }
}
