package dev.triage.checks.custom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.triage.checks.Check;
import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import dev.triage.checks.http.HttpHealthCheck;
import dev.triage.checks.http.HttpProber;
import dev.triage.checks.http.StatusNames;
import dev.triage.config.HttpCheckSettings;
import dev.triage.config.JsonExpectation;
import dev.triage.config.Target;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A team's {@code type: http} check: one GET over a fresh connection (redirects not followed), then its
 * status, headers and JSON fields against the expectations. Every expectation is judged and listed in
 * the evidence; the summary names the first one not met.
 */
public final class HttpExpectationCheck implements Check {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpCheckSettings settings;
    private final HttpProber prober;

    public HttpExpectationCheck(HttpCheckSettings settings, HttpProber prober) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.prober = Objects.requireNonNull(prober, "prober");
    }

    @Override
    public String id() {
        return settings.name();
    }

    @Override
    public CheckResult run(Target target) {
        URI url;
        if (settings.url().startsWith("/")) {
            if (target.baseUrl() == null) {
                return CheckResult.skipped(id(), "the path " + settings.url() + " needs the target's base_url");
            }
            url = HttpHealthCheck.resolve(target.baseUrl(), settings.url());
        } else {
            url = URI.create(settings.url());
        }
        HttpProber.Outcome out = prober.get(url, target.timeout(), false);
        String request = "GET " + out.url();
        if (!out.answered()) {
            return CheckResult.of(id(), Status.FAIL, request + " → " + out.failure().label(),
                            List.of(out.failure().label() + ": " + out.failureDetail(), out.failure().hint()))
                    .withDuration(out.latency())
                    .withFacts(Map.of("failure", out.failure().name()));
        }
        String statusLine = out.code() + (out.reason().isEmpty() ? "" : " " + out.reason());
        List<String> evidence = new ArrayList<>();
        List<String> unmet = new ArrayList<>();
        boolean statusMet = out.code() == settings.expectStatus();
        evidence.add(mark(statusMet) + "status " + statusLine + (statusMet ? "" : ", expected " + settings.expectStatus()));
        if (!statusMet) {
            String meaning = StatusNames.proxyMeaning(out.code());
            unmet.add(statusLine + ", expected " + settings.expectStatus() + (meaning.isEmpty() ? "" : " (" + meaning + ")"));
        }
        settings.headers().forEach((name, pattern) -> judgeHeader(out, name, pattern, evidence, unmet));
        if (!settings.json().isEmpty()) {
            JsonNode body = parse(out.body());
            for (JsonExpectation e : settings.json()) {
                JsonExpectation.Outcome o = e.test(body);
                evidence.add(mark(o.met()) + o.description());
                if (!o.met()) {
                    unmet.add(o.description());
                }
            }
        }
        int total = 1 + settings.headers().size() + settings.json().size();
        String summary = unmet.isEmpty()
                ? request + " → " + statusLine + "; " + (total == 1 ? "the expectation" : "all " + total + " expectations") + " met"
                : request + " → " + (statusMet ? statusLine + " but " : "") + unmet.get(0)
                        + (unmet.size() > 1 ? " (and " + (unmet.size() - 1) + " more unmet)" : "");
        return CheckResult.of(id(), unmet.isEmpty() ? Status.OK : Status.FAIL, summary, evidence)
                .withDuration(out.latency())
                .withFacts(Map.of("http.status", Integer.toString(out.code()), "latency_ms", Long.toString(out.latency().toMillis())));
    }

    private static void judgeHeader(HttpProber.Outcome out, String name, Pattern pattern, List<String> evidence, List<String> unmet) {
        List<String> values = out.header(name);
        if (values.isEmpty()) {
            String d = "header " + name + " is missing, expected /" + pattern + "/";
            evidence.add(mark(false) + d);
            unmet.add(d);
            return;
        }
        boolean met = values.stream().anyMatch(v -> pattern.matcher(v).find());
        String shown = String.join(", ", values);
        shown = shown.length() > 80 ? shown.substring(0, 80) + "…" : shown;
        String d = "header " + name + " is \"" + shown + "\"" + (met ? "" : ", expected /" + pattern + "/");
        evidence.add(mark(met) + d);
        if (!met) {
            unmet.add(d);
        }
    }

    private static String mark(boolean met) {
        return met ? "✓ " : "✗ ";
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode n = JSON.readTree(body);
            return n == null || n.isMissingNode() ? null : n;
        } catch (Exception e) {
            return null;
        }
    }
}
