package dev.triage.config;

import java.util.List;
import java.util.Map;

/**
 * The service on a target's host, as the runbooks inspect it.
 *
 * @param kind            {@code systemd} or {@code compose}
 * @param unit            systemd unit, e.g. {@code langchain-backend}
 * @param port            the port the service itself listens on (behind nginx: 8000)
 * @param mustBeReachable true when the port must listen on a non-loopback address
 * @param envFile         the service's env file ({@code EnvironmentFile}, compose {@code .env}); may be null
 * @param requiredEnv     variable names that must be present and not placeholders
 * @param composeDir      directory of the compose project (kind {@code compose})
 * @param composeService  the compose service name (kind {@code compose})
 * @param readyMarker     a log line that shows the service finished starting, e.g. {@code API server is ready!}
 * @param nginx           true when nginx proxies to this service on the host
 * @param journalLines    how many journal lines the {@code journal} check reads
 * @param commands        overrides of the default command templates, by template name
 * @param thresholds      when the host counts as short of memory, load or disk
 */
public record Service(
        String kind,
        String unit,
        int port,
        boolean mustBeReachable,
        String envFile,
        List<String> requiredEnv,
        String composeDir,
        String composeService,
        String readyMarker,
        boolean nginx,
        int journalLines,
        Map<String, String> commands,
        Thresholds thresholds) {

    public static final int DEFAULT_JOURNAL_LINES = 100;

    /** A service with the default {@link Thresholds}. */
    public Service(String kind, String unit, int port, boolean mustBeReachable, String envFile, List<String> requiredEnv,
                   String composeDir, String composeService, String readyMarker, boolean nginx, int journalLines,
                   Map<String, String> commands) {
        this(kind, unit, port, mustBeReachable, envFile, requiredEnv, composeDir, composeService, readyMarker, nginx,
                journalLines, commands, Thresholds.DEFAULTS);
    }

    public Service {
        kind = kind == null ? "systemd" : kind;
        requiredEnv = requiredEnv == null ? List.of() : List.copyOf(requiredEnv);
        commands = commands == null ? Map.of() : Map.copyOf(commands);
        journalLines = journalLines <= 0 ? DEFAULT_JOURNAL_LINES : journalLines;
        thresholds = thresholds == null ? Thresholds.DEFAULTS : thresholds;
    }
}
