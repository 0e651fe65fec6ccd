package dev.triage.checks.cloud.render;

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
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code render-service}: through Render's API, FAIL when the service is suspended, its latest deploy
 * failed, or a required env var is missing — by name only, values are never read out (002 steps 1–2).
 */
public final class RenderServiceCheck implements Check {
    public static final String ID = "render-service";

    private final RenderApi api;
    private final CloudLookup lookup;

    public RenderServiceCheck(RenderApi api, CloudLookup lookup) {
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
        long start = System.nanoTime();
        try {
            RenderApi.Service service = api.service(r, target.timeout());
            RenderApi.Deploy deploy = api.latestDeploy(r, target.timeout());
            List<String> missing = new ArrayList<>();
            if (!r.requiredEnv().isEmpty()) {
                List<String> names = api.envVarNames(r, target.timeout());
                r.requiredEnv().stream().filter(n -> !names.contains(n)).forEach(missing::add);
            }
            List<String> evidence = new ArrayList<>();
            Map<String, String> facts = new LinkedHashMap<>();
            evidence.add("service " + service.name() + " (" + r.serviceId() + "): " + (service.suspended() ? "suspended" : "not suspended"));
            facts.put("suspended", Boolean.toString(service.suspended()));
            if (deploy == null) {
                evidence.add("no deploys yet");
            } else {
                evidence.add("latest deploy " + deploy.id() + ": " + deploy.status()
                        + (deploy.commit() == null ? "" : " (commit " + shortCommit(deploy.commit()) + ")"));
                facts.put("deploy.status", String.valueOf(deploy.status()));
            }
            if (!r.requiredEnv().isEmpty()) {
                evidence.add(missing.isEmpty() ? "required env vars present: " + String.join(", ", r.requiredEnv())
                        : "required env vars missing: " + String.join(", ", missing));
                if (!missing.isEmpty()) {
                    facts.put("env.missing", String.join(",", missing));
                }
            }
            Status status = Status.OK;
            String summary;
            if (service.suspended()) {
                status = Status.FAIL;
                summary = "Render service " + service.name() + " is suspended: resume it (render-restart) or deploy";
            } else if (deploy != null && deploy.failed()) {
                status = Status.FAIL;
                summary = "Render service " + service.name() + "'s latest deploy " + deploy.status().replace('_', ' ')
                        + ": read its deploy log, fix, then deploy again";
            } else if (!missing.isEmpty()) {
                status = Status.FAIL;
                summary = "Render service " + service.name() + " lacks env var" + (missing.size() > 1 ? "s " : " ")
                        + String.join(", ", missing) + ": add in the dashboard's Environment tab, then deploy";
            } else if (deploy != null && !deploy.live()) {
                status = Status.WARN;
                summary = "Render service " + service.name() + "'s latest deploy is " + deploy.status().replace('_', ' ');
            } else {
                summary = "Render service " + service.name() + " is running" + (deploy == null ? "" : ", latest deploy live");
            }
            facts.put("cause", status == Status.FAIL ? (service.suspended() ? "suspended"
                    : deploy != null && deploy.failed() ? "deploy-failed" : "env-missing") : "none");
            return CheckResult.of(ID, status, summary, evidence).withDuration(took(start), Instant.now()).withFacts(facts);
        } catch (CloudApiException e) {
            return CloudResults.error(ID, e, took(start));
        }
    }

    private static String shortCommit(String commit) {
        return commit.length() > 10 ? commit.substring(0, 10) : commit;
    }

    private static Duration took(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
