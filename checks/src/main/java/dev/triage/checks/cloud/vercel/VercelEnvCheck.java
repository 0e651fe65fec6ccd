package dev.triage.checks.cloud.vercel;

import dev.triage.checks.Check;
import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import dev.triage.checks.cloud.CloudApiException;
import dev.triage.checks.cloud.CloudLookup;
import dev.triage.checks.cloud.CloudResults;
import dev.triage.config.CloudSettings;
import dev.triage.config.Target;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code vercel-env} (000 step 5, cause 4): the front end's variable holding the backend URL (e.g.
 * {@code BACKEND_BASE_URL}) must exist in Production, Preview and Development, and must not say
 * {@code https://} when the backend speaks plain http. Reports names, environments and the scheme —
 * never the value.
 */
public final class VercelEnvCheck implements Check {
    public static final String ID = "vercel-env";
    static final List<String> ENVIRONMENTS = List.of("production", "preview", "development");

    private final VercelApi api;
    private final CloudLookup lookup;

    public VercelEnvCheck(VercelApi api, CloudLookup lookup) {
        this.api = api;
        this.lookup = lookup;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public CheckResult run(Target target) {
        Optional<CloudSettings.Vercel> settings = lookup.settings(target).flatMap(CloudSettings::vercelSettings);
        if (settings.isEmpty()) {
            return CheckResult.skipped(ID, "no Vercel project configured: set cloud.vercel.project_id and token for " + target.name());
        }
        CloudSettings.Vercel v = settings.get();
        String key = v.envVar();
        long start = System.nanoTime();
        try {
            List<VercelApi.EnvVar> entries = api.entries(v, key, target.timeout());
            Set<String> present = new LinkedHashSet<>();
            entries.forEach(e -> present.addAll(e.targets()));
            List<String> missing = ENVIRONMENTS.stream().filter(e -> !present.contains(e)).toList();
            boolean backendPlainHttp = target.baseUrl() != null && "http".equalsIgnoreCase(target.baseUrl().getScheme());
            List<String> evidence = new ArrayList<>();
            Map<String, String> facts = new LinkedHashMap<>();
            List<String> httpsWhereHttp = new ArrayList<>();
            for (VercelApi.EnvVar e : entries) {
                String scheme = backendPlainHttp ? api.scheme(v, e, target.timeout()) : e.scheme();
                evidence.add(key + " in " + String.join(", ", e.targets()) + ": " + (scheme == null ? "value not readable ("
                        + (e.type().isEmpty() ? "unknown" : e.type()) + ")" : scheme + "://…"));
                if (backendPlainHttp && "https".equals(scheme)) {
                    httpsWhereHttp.addAll(e.targets());
                }
            }
            if (!missing.isEmpty()) {
                facts.put("env.missing", String.join(",", missing));
                evidence.add(key + " not set for: " + String.join(", ", missing));
            }
            Status status;
            String summary;
            if (!missing.isEmpty()) {
                status = Status.FAIL;
                summary = "Vercel project " + v.projectId() + ": " + key + " is not set for " + names(missing)
                        + " — add it in Settings → Environment Variables, then redeploy";
                facts.put("cause", "missing");
            } else if (!httpsWhereHttp.isEmpty()) {
                status = Status.FAIL;
                summary = "Vercel project " + v.projectId() + ": " + key + " uses https:// for " + names(httpsWhereHttp)
                        + " but the backend speaks plain http (" + target.baseUrl().getScheme() + "://" + target.baseUrl().getHost()
                        + ") — use http://, then redeploy";
                facts.put("cause", "https-for-http");
            } else {
                status = Status.OK;
                summary = "Vercel project " + v.projectId() + ": " + key + " is set for production, preview and development";
                facts.put("cause", "none");
            }
            return CheckResult.of(ID, status, summary, evidence).withDuration(took(start), Instant.now()).withFacts(facts);
        } catch (CloudApiException e) {
            return CloudResults.error(ID, e, took(start));
        }
    }

    private static String names(List<String> environments) {
        return String.join(", ", environments.stream().distinct()
                .map(e -> e.substring(0, 1).toUpperCase(Locale.ROOT) + e.substring(1)).toList());
    }

    private static Duration took(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
