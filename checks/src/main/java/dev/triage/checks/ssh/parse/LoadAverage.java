package dev.triage.checks.ssh.parse;

/**
 * {@code /proc/loadavg}: the 1, 5 and 15 minute load averages and the runnable/total task counts.
 *
 * @param line the file's line, trimmed
 */
public record LoadAverage(double one, double five, double fifteen, int runnable, int tasks, String line) {

    /** The 1-minute load as a share of the cores, 0–100+ (100 = every core busy). */
    public double percentOf(int cores) {
        return cores <= 0 ? 0 : 100.0 * one / cores;
    }
}
