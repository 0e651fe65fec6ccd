package dev.triage.checks.ssh.parse;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * One container as {@code docker inspect} describes it: the facts document 003 judged by hand — state and exit, the
 * health check and its last output, restarts and the restart policy, the memory and CPU limits.
 *
 * @param name            without the leading {@code /}, e.g. {@code app-backend-1}
 * @param status          created, running, restarting, exited, paused, dead
 * @param health          starting, healthy, unhealthy; empty without a health check
 * @param lastHealthOutput the output of the latest health probe, trimmed; empty when none
 * @param exitCode        the last exit code
 * @param oomKilled       the kernel killed it for memory
 * @param restartCount    restarts docker made under the restart policy
 * @param restartPolicy   no, always, unless-stopped, on-failure (with {@code :N} retries)
 * @param healthcheck     the health check's test as configured (e.g. {@code curl -f http://localhost:8000/health});
 *                        empty without one
 * @param healthInterval  its interval; null without one or when docker's default
 * @param memoryLimit     bytes, 0 for none
 * @param cpuLimit        CPUs (NanoCpus / 1e9), 0 for none
 */
public record ContainerInspection(String name, String status, String health, String lastHealthOutput, int exitCode,
                                  boolean oomKilled, int restartCount, String restartPolicy, String healthcheck,
                                  Duration healthInterval, long memoryLimit, double cpuLimit) {

    public boolean running() {
        return "running".equals(status);
    }

    /** No policy: a crash stays down until a person starts it (003 runs with {@code restart: unless-stopped}). */
    public boolean restartsNever() {
        return restartPolicy.isEmpty() || "no".equals(restartPolicy);
    }

    /** {@code restart unless-stopped; health check `curl …` every 30s; limits memory 512M, 1 CPU}. */
    public String settings() {
        String check = healthcheck.isEmpty() ? "no health check"
                : "health check `" + healthcheck + "`" + (healthInterval == null ? "" : " every " + SystemdTimespan.format(healthInterval));
        String limits = memoryLimit == 0 && cpuLimit == 0 ? "no memory or CPU limit"
                : "limits " + (memoryLimit == 0 ? "no memory limit" : "memory " + bytes(memoryLimit))
                + (cpuLimit == 0 ? ", no CPU limit" : ", " + String.format(Locale.ROOT, "%.4g", cpuLimit).replaceAll("\\.?0+$", "")
                + (cpuLimit == 1 ? " CPU" : " CPUs"));
        return "restart " + (restartsNever() ? "no" : restartPolicy) + "; " + check + "; " + limits;
    }

    static String bytes(long b) {
        if (b % (1L << 30) == 0) {
            return (b >> 30) + "G";
        }
        if (b % (1L << 20) == 0) {
            return (b >> 20) + "M";
        }
        return b + " bytes";
    }

    /** The test of a {@code Healthcheck}: {@code ["CMD", "curl", "-f", url]} → {@code curl -f url}. */
    static String test(List<String> parts) {
        if (parts.isEmpty() || parts.get(0).equals("NONE")) {
            return "";
        }
        List<String> rest = parts.get(0).equals("CMD") || parts.get(0).equals("CMD-SHELL") ? parts.subList(1, parts.size()) : parts;
        return String.join(" ", rest);
    }
}
