package dev.triage.checks.cloud.render;

import dev.triage.checks.Check;
import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import dev.triage.checks.cloud.CloudApiException;
import dev.triage.checks.cloud.CloudLookup;
import dev.triage.checks.cloud.CloudResults;
import dev.triage.config.CloudSettings;
import dev.triage.config.Redactor;
import dev.triage.config.SecretSink;
import dev.triage.config.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code render-service}: through Render's API, FAIL when the service is suspended, its latest deploy
 * failed, a required env var is missing or empty, or any env var is still a placeholder ({@code your-…},
 * {@code changeme}, {@code <…>}, {@code xxx} — the host {@code env} check's rules: a placeholder is a value
 * nobody set, whether or not the config lists the variable as required). Env vars by name only: their values
 * are judged as they are read and never kept or shown (002 steps 1–2).
 */
public final class RenderServiceCheck implements Check {
    public static final String ID = "render-service";
    /** What {@link dev.triage.config.Placeholders} calls a blank value. */
    private static final String EMPTY = "empty";

    private final RenderApi api;
    private final CloudLookup lookup;
    private final SecretSink secrets;

    public RenderServiceCheck(RenderApi api, CloudLookup lookup) {
        this(api, lookup, SecretSink.NONE);
    }

    /** @param secrets told the env var values that look secret (by name or look), so the redaction filter removes them */
    public RenderServiceCheck(RenderApi api, CloudLookup lookup, SecretSink secrets) {
        this.api = api;
        this.lookup = lookup;
        this.secrets = secrets;
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
            List<RenderApi.EnvVar> vars = api.envVars(r, target.timeout(), (name, value) -> {
                if (Redactor.looksSecret(name, value)) {
                    secrets.seen(value);
                }
            });
            List<String> names = vars.stream().map(RenderApi.EnvVar::name).toList();
            List<String> missing = r.requiredEnv().stream().filter(n -> !names.contains(n)).toList();
            // A required variable must hold something; any variable holding a placeholder was never set.
            List<RenderApi.EnvVar> unfilled = vars.stream().filter(v -> v.unfilled() != null
                    && (r.requiredEnv().contains(v.name()) || !v.unfilled().equals(EMPTY))).toList();

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
            }
            unfilled.forEach(v -> evidence.add(v.name() + ": " + v.unfilled() + (r.requiredEnv().contains(v.name()) ? ""
                    : " (not in cloud.render.required_env)")));
            evidence.add(vars.size() + " env vars (names only, values never shown)");
            putNames(facts, "env.missing", missing);
            putNames(facts, "env.unfilled", names(unfilled));

            Status status = Status.FAIL;
            String cause;
            String summary;
            String name = "Render service " + service.name();
            if (service.suspended()) {
                cause = "suspended";
                summary = name + " is suspended: resume it (render-restart) or deploy";
            } else if (deploy != null && deploy.failed()) {
                cause = "deploy-failed";
                summary = name + "'s latest deploy " + deploy.status().replace('_', ' ') + ": read its deploy log, fix, then deploy again";
            } else if (!missing.isEmpty()) {
                cause = "env-missing";
                summary = name + " lacks env var" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing)
                        + ": add in the dashboard's Environment tab, then deploy";
            } else if (!unfilled.isEmpty()) {
                cause = "env-placeholder";
                summary = name + "'s env var" + (unfilled.size() > 1 ? "s " : " ") + describe(unfilled)
                        + ": set the real value in the dashboard's Environment tab, then deploy";
            } else {
                cause = "none";
                if (deploy != null && !deploy.live()) {
                    status = Status.WARN;
                    summary = name + "'s latest deploy is " + deploy.status().replace('_', ' ');
                } else {
                    status = Status.OK;
                    summary = name + " is running" + (deploy == null ? "" : ", latest deploy live");
                }
            }
            facts.put("cause", cause);
            return CheckResult.of(ID, status, summary, evidence).withDuration(took(start)).withFacts(facts);
        } catch (CloudApiException e) {
            return CloudResults.error(ID, e, took(start));
        }
    }

    /** "DATABASE_URL is a placeholder (<…>)", "A is empty, B is a placeholder (your-…)". */
    private static String describe(List<RenderApi.EnvVar> vars) {
        List<String> parts = new ArrayList<>();
        for (RenderApi.EnvVar v : vars) {
            parts.add(v.name() + " is " + v.unfilled());
        }
        return String.join(", ", parts);
    }

    private static List<String> names(List<RenderApi.EnvVar> vars) {
        return vars.stream().map(RenderApi.EnvVar::name).toList();
    }

    private static void putNames(Map<String, String> facts, String key, List<String> names) {
        if (!names.isEmpty()) {
            facts.put(key, String.join(",", names));
        }
    }

    private static String shortCommit(String commit) {
        return commit.length() > 10 ? commit.substring(0, 10) : commit;
    }

    private static Duration took(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
