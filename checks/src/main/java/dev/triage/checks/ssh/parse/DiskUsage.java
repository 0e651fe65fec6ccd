package dev.triage.checks.ssh.parse;

/**
 * One file system from {@code df -P}.
 *
 * @param usedPercent the {@code Capacity} column (df rounds up)
 * @param line        the output line, trimmed
 */
public record DiskUsage(String filesystem, long sizeKb, long usedKb, long availableKb, int usedPercent,
                        String mount, String line) {

    /**
     * True for file systems that say nothing about free disk space: memory-backed ({@code tmpfs},
     * {@code devtmpfs}), read-only snap images that are always full ({@code /dev/loop*} under {@code /snap}),
     * and zero-sized pseudo file systems.
     */
    public boolean isPseudo() {
        return sizeKb == 0 || filesystem.equals("tmpfs") || filesystem.equals("devtmpfs") || filesystem.equals("udev")
                || filesystem.equals("none") || filesystem.equals("overlay") || filesystem.equals("shm")
                || filesystem.startsWith("/dev/loop") || mount.startsWith("/snap/");
    }
}
