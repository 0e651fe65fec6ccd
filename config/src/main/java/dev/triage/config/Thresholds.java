package dev.triage.config;

/**
 * When the {@code resources} check calls a host short of resources (documents 003 and 002), per target under
 * {@code service.thresholds}.
 *
 * @param memoryPercent memory in use above this share of the total (default 80)
 * @param loadPercent   the 1-minute load above this share of the cores (default 70; may exceed 100)
 * @param diskPercent   a real file system fuller than this (default 90)
 */
public record Thresholds(double memoryPercent, double loadPercent, int diskPercent) {

    public static final Thresholds DEFAULTS = new Thresholds(80, 70, 90);

    public Thresholds {
        if (!(memoryPercent > 0 && memoryPercent <= 100)) {
            throw new IllegalArgumentException("memory_percent must be in (0, 100]: " + memoryPercent);
        }
        if (!(loadPercent > 0 && loadPercent <= 10_000)) {
            throw new IllegalArgumentException("load_percent must be in (0, 10000]: " + loadPercent);
        }
        if (!(diskPercent > 0 && diskPercent <= 100)) {
            throw new IllegalArgumentException("disk_percent must be in (0, 100]: " + diskPercent);
        }
    }
}
