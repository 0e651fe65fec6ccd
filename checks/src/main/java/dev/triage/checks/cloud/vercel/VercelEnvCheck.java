package dev.triage.checks.cloud.vercel;

import dev.triage.checks.Check;
import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import dev.triage.checks.cloud.CloudApiException;
import dev.triage.checks.cloud.CloudLookup;
import dev.triage.checks.cloud.CloudResults;
import dev.triage.config.CloudSettings;
import dev.triage.config.Target;
import java.net.URI;
import java.time.Duration;
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
 * {@code BACKEND_BASE_URL}) must exist in Production, Preview and Development, must be an http(s) URL, must not
 * say {@code https://} when the backend speaks plain http, and must point at the target's {@code base_url} (its host
 * and port). The value is shown only when it is a URL without credentials; any other value is never shown.
 *
 * <p>Facts: {@code cause} ({@code missing}, {@code not-a-url}, {@code https-for-http}, {@code http-for-https},
 * {@code other-address}, {@code none}), {@code var}, {@code environments} (those with the cause), {@code problem}
 * (one phrase for a verdict) and, when it may be shown, {@code value}.
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

    /** What is wrong with one entry's value, in the order a verdict names them; NONE when it is right. */
    enum Problem {
        NOT_A_URL("not-a-url"), HTTPS_FOR_HTTP("https-for-http"), HTTP_FOR_HTTPS("http-for-https"), OTHER_ADDRESS("other-address"), NONE("none");

        final String fact;

        Problem(String fact) {
            this.fact = fact;
        }
    }

    /** How the entry's value compares with the backend's {@code base_url}; NONE when it can't be read. */
    static Problem judge(VercelApi.EnvVar e, URI backend, Duration timeout) {
        if (e.unreadable()) {
            return Problem.NONE;
        }
        UrlValue url = e.url();
        if (url == null) {
            return Problem.NOT_A_URL;
        }
        if (backend == null) {
            return Problem.NONE;
        }
        String scheme = backend.getScheme().toLowerCase(Locale.ROOT);
        if (url.scheme().equals("https") && scheme.equals("http")) {
            return Problem.HTTPS_FOR_HTTP;
        }
        if (url.scheme().equals("http") && scheme.equals("https")) {
            return Problem.HTTP_FOR_HTTPS;
        }
        return url.sameAddress(backend, timeout) ? Problem.NONE : Problem.OTHER_ADDRESS;
    }

    @Override
    public CheckResult run(Target target) {
        Optional<CloudSettings.Vercel> settings = lookup.settings(target).flatMap(CloudSettings::vercelSettings);
        if (settings.isEmpty()) {
            return CheckResult.skipped(ID, "no Vercel project configured: set cloud.vercel.project_id and token for " + target.name());
        }
        CloudSettings.Vercel v = settings.get();
        String key = v.envVar();
        URI backend = target.baseUrl();
        long start = System.nanoTime();
        try {
            List<VercelApi.EnvVar> entries = new ArrayList<>();
            for (VercelApi.EnvVar e : api.entries(v, key, target.timeout())) {
                entries.add(api.read(v, e, target.timeout()));
            }
            Set<String> present = new LinkedHashSet<>();
            entries.forEach(e -> present.addAll(e.targets()));
            List<String> missing = ENVIRONMENTS.stream().filter(e -> !present.contains(e)).toList();
            List<String> evidence = new ArrayList<>();
            Map<Problem, List<String>> wrong = new LinkedHashMap<>();
            Map<Problem, VercelApi.EnvVar> example = new LinkedHashMap<>();
            for (VercelApi.EnvVar e : entries) {
                evidence.add(key + " in " + String.join(", ", e.targets()) + ": " + (e.unreadable()
                        ? "value not readable (" + (e.type().isEmpty() ? "unknown" : e.type()) + ")"
                        : e.url() == null ? "not an http(s) URL (value not shown)" : e.url().display()));
                Problem p = judge(e, backend, target.timeout());
                if (p != Problem.NONE) {
                    wrong.computeIfAbsent(p, x -> new ArrayList<>()).addAll(e.targets());
                    example.putIfAbsent(p, e);
                }
            }
            if (!missing.isEmpty()) {
                evidence.add(key + " not set for: " + String.join(", ", missing));
            }
            if (backend != null) {
                evidence.add("the backend's base_url: " + Optional.ofNullable(UrlValue.parse(backend.toString())).map(UrlValue::display)
                        .orElse(backend.getScheme() + "://" + backend.getHost()));
            }
            Map<String, String> facts = new LinkedHashMap<>();
            facts.put("var", key);
            String project = "Vercel project " + v.projectId() + ": ";
            String problem;
            String cause;
            List<String> environments;
            if (!missing.isEmpty()) {
                cause = "missing";
                environments = missing;
                problem = key + " is not set for " + names(missing);
            } else if (!wrong.isEmpty()) {
                Problem first = wrong.keySet().stream().sorted().findFirst().orElseThrow();
                VercelApi.EnvVar e = example.get(first);
                cause = first.fact;
                environments = wrong.get(first);
                if (e.url() != null && e.url().shown() != null) {
                    facts.put("value", e.url().shown());
                }
                String base = backend == null ? "" : Optional.ofNullable(UrlValue.parse(backend.toString())).map(UrlValue::display)
                        .orElse("the target's base_url");
                problem = switch (first) {
                    case NOT_A_URL -> key + " is not an http(s) URL for " + names(environments) + " (its value is not shown)";
                    case HTTPS_FOR_HTTP -> key + " uses https:// for " + names(environments) + " but the backend speaks plain http ("
                            + backend.getScheme() + "://" + backend.getHost() + ")";
                    case HTTP_FOR_HTTPS -> key + " uses http:// for " + names(environments) + " but the backend answers on https ("
                            + backend.getScheme() + "://" + backend.getHost() + ")";
                    case OTHER_ADDRESS -> key + " points at " + e.url().display() + " for " + names(environments)
                            + ", not at the backend " + base;
                    case NONE -> throw new IllegalStateException("NONE is never a wrong value");
                };
            } else {
                cause = "none";
                environments = List.of();
                problem = null;
            }
            facts.put("cause", cause);
            if (!environments.isEmpty()) {
                facts.put("environments", String.join(",", environments.stream().distinct().toList()));
            }
            Status status;
            String summary;
            if (problem != null) {
                status = Status.FAIL;
                facts.put("problem", problem);
                summary = project + problem + " — " + (cause.equals("missing") ? "add it in Settings → Environment Variables"
                        : "set it to the backend's base_url") + ", then redeploy";
            } else {
                status = Status.OK;
                summary = project + key + " is set for production, preview and development"
                        + (backend == null ? "" : " and points at the backend");
            }
            return CheckResult.of(ID, status, summary, evidence).withDuration(took(start)).withFacts(facts);
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
