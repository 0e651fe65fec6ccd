package dev.triage.checks.ssh.parse;

/**
 * Memory from {@code free -b}, in bytes.
 *
 * @param available memory a new process can get without swapping: the {@code available} column, or on
 *                  older procps free + buffers + cached (the {@code -/+ buffers/cache} line)
 * @param line      the {@code Mem:} line, trimmed
 */
public record MemoryUsage(long total, long available, String line) {

    public long used() {
        return total - available;
    }

    /** Share of memory in use (not reclaimable), 0–100. */
    public double usedPercent() {
        return total <= 0 ? 0 : 100.0 * used() / total;
    }
}
