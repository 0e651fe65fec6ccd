package dev.triage.checks.cloud.render;

import dev.triage.checks.Check;
import dev.triage.checks.CheckResult;
import dev.triage.checks.cloud.CloudApiException;
import dev.triage.checks.cloud.CloudLookup;
import dev.triage.checks.cloud.CloudResults;
import dev.triage.checks.cloud.PlatformLog;
import dev.triage.config.CloudSettings;
import dev.triage.config.Service;
import dev.triage.config.Target;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code render-logs} (document 002, step 2: "Render Dashboard → Logs"): the service's latest application log
 * lines through Render's logs API, judged with the {@code journal} check's patterns ({@link PlatformLog}) —
 * "Connection refused" or a timeout (the database), ENOMEM, EADDRINUSE, SIGTERM, ENOENT — and, when
 * {@code cloud.render.ready_marker} is set, whether the service said it listens ("server listening on port").
 */
public final class RenderLogsCheck implements Check {
    public static final String ID = "render-logs";

    private final RenderApi api;
    private final CloudLookup lookup;

    public RenderLogsCheck(RenderApi api, CloudLookup lookup) {
        this.api = api;
        this.lookup = lookup;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public CheckResult run(Target target) {
        Optional<CloudSettings.Render> settings = lookup.settings(target).flatMap(CloudSettings::renderSettings);
        if (settings.isEmpty()) {
            return CheckResult.skipped(ID, "no Render service configured: set cloud.render.service_id and api_key for " + target.name());
        }
        CloudSettings.Render r = settings.get();
        String marker = r.readyMarker() != null ? r.readyMarker() : target.serviceInfo().map(Service::readyMarker).orElse(null);
        int lines = target.serviceInfo().map(Service::journalLines).filter(n -> n > 0).orElse(RenderApi.MAX_LOG_LINES);
        long start = System.nanoTime();
        try {
            RenderApi.Service service = api.service(r, target.timeout());
            List<String> text = api.logs(r, service.ownerId(), lines, target.timeout()).stream()
                    .map(l -> l.message().stripTrailing()).toList();
            return PlatformLog.judge(ID, "Render service " + service.name() + "'s log", text, marker, Map.of("service", service.name()),
                    took(start));
        } catch (CloudApiException e) {
            return CloudResults.error(ID, e, took(start));
        }
    }

    private static Duration took(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
