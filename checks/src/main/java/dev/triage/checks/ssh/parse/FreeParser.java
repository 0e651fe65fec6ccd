package dev.triage.checks.ssh.parse;

/**
 * Reads {@code free -b} in both layouts: procps-ng 3.3.10 and later
 * ({@code total used free shared buff/cache available}) and older
 * ({@code total used free shared buffers cached} plus a {@code -/+ buffers/cache:} line).
 */
public final class FreeParser {

    private FreeParser() {
    }

    /** @throws IllegalArgumentException when there is no {@code Mem:} line */
    public static MemoryUsage parse(String output) {
        String[] header = null;
        String memLine = null;
        long[] mem = null;
        Long oldStyleFree = null;
        for (String raw : output.split("\\R")) {
            String line = raw.trim();
            if (line.startsWith("total")) {
                header = line.split("\\s+");
            } else if (line.startsWith("Mem:")) {
                memLine = line;
                mem = numbers(line.substring(4));
            } else if (line.startsWith("-/+ buffers/cache:")) {
                long[] values = numbers(line.substring("-/+ buffers/cache:".length()));
                if (values.length >= 2) {
                    oldStyleFree = values[1];
                }
            }
        }
        if (mem == null || mem.length < 3) {
            throw new IllegalArgumentException("free printed no Mem: line");
        }
        long total = mem[0];
        int availableColumn = header == null ? -1 : java.util.Arrays.asList(header).indexOf("available");
        long available;
        if (availableColumn >= 0 && availableColumn < mem.length) {
            available = mem[availableColumn];
        } else if (oldStyleFree != null) {
            available = oldStyleFree;
        } else {
            available = mem[2] + (mem.length >= 6 ? mem[4] + mem[5] : 0);
        }
        return new MemoryUsage(total, available, memLine);
    }

    private static long[] numbers(String text) {
        String trimmed = text.trim();
        if (trimmed.isEmpty()) {
            return new long[0];
        }
        String[] parts = trimmed.split("\\s+");
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            values[i] = Long.parseLong(parts[i]);
        }
        return values;
    }
}
