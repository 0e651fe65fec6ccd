package dev.triage.checks.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import dev.triage.checks.Check;
import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import dev.triage.config.Target;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code http-health}: GET {@code base_url + health_path} from where the bot runs. FAIL when not
 * 2xx or when the JSON body's {@code status} isn't ok/healthy; WARN when slower than the target's
 * latency threshold; records {@code version} and {@code uptime} (000/6, 001, 002/4, 003).
 */
public final class HttpHealthCheck implements Check {
    public static final String ID = "http-health";
    private static final Set<String> HEALTHY = Set.of("ok", "healthy", "up", "pass", "passing", "green", "alive", "ready");
    private static final JsonFactory JSON_TOKENS = new JsonFactory();

    private final HttpProber prober;

    public HttpHealthCheck(HttpProber prober) {
        this.prober = prober;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public CheckResult run(Target target) {
        if (target.baseUrl() == null) {
            return CheckResult.skipped(ID, "no base_url configured");
        }
        URI url = resolve(target.baseUrl(), target.healthPath());
        HttpProber.Outcome out = prober.get(url, target.timeout(), true);
        long ms = out.latency().toMillis();
        String request = "GET " + out.url();
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("latency_ms", Long.toString(ms));
        if (!out.answered()) {
            facts.put("failure", out.failure().name());
            return result(Status.FAIL, request + " → " + out.failure().label(),
                    List.of(out.failure().label() + ": " + out.failureDetail(), out.failure().hint()), out, facts);
        }
        facts.put("http.status", Integer.toString(out.code()));
        String statusLine = out.code() + (out.reason().isEmpty() ? "" : " " + out.reason());
        List<String> evidence = new ArrayList<>();
        evidence.add("HTTP " + statusLine + " in " + ms + " ms");
        HealthDocument json = HealthDocument.parse(out.body());
        String bodyStatus = json == null ? null : json.status();
        String version = json == null ? null : json.version();
        String uptime = json == null ? null : json.uptime();
        if (version != null) {
            facts.put("version", version);
        }
        if (uptime != null) {
            facts.put("uptime", uptime);
        }
        if (json != null) {
            evidence.add("body: " + summarise(bodyStatus, version, uptime));
        } else if (!out.body().isBlank()) {
            evidence.add("body is not JSON: " + firstLine(out.body()));
        }
        if (out.code() < 200 || out.code() > 299) {
            String meaning = StatusNames.proxyMeaning(out.code());
            return result(Status.FAIL, request + " → " + statusLine + (meaning.isEmpty() ? "" : " (" + meaning + ")"),
                    evidence, out, facts);
        }
        if (bodyStatus != null && !HEALTHY.contains(bodyStatus.toLowerCase(Locale.ROOT))) {
            return result(Status.FAIL, request + " → " + statusLine + " but status is \"" + bodyStatus + "\"", evidence, out, facts);
        }
        String about = version == null ? "" : " · version " + version;
        if (out.latency().compareTo(target.latencyWarn()) > 0) {
            return result(Status.WARN, request + " → " + statusLine + " but slow: " + ms + " ms (threshold "
                    + target.latencyWarn().toMillis() + " ms)" + about, evidence, out, facts);
        }
        return result(Status.OK, request + " → " + statusLine + " in " + ms + " ms" + about, evidence, out, facts);
    }

    /** {@code path} on {@code base}, without a doubled slash. */
    public static URI resolve(URI base, String path) {
        String b = base.toString();
        if (b.endsWith("/") && path.startsWith("/")) {
            b = b.substring(0, b.length() - 1);
        }
        return URI.create(b + path);
    }

    private static CheckResult result(Status status, String summary, List<String> evidence, HttpProber.Outcome out,
                                      Map<String, String> facts) {
        return CheckResult.of(ID, status, summary, evidence).withDuration(out.latency()).withFacts(facts);
    }

    /**
     * The fields of a health document that a check reads: {@code status}, {@code version} and {@code uptime} at its top
     * level, each as its text when it is a string, number or boolean (the last one when a key repeats). Read as a stream
     * of tokens, without building a tree of the document: at thousands of probes a second, building the tree was most
     * of the check's own work.
     */
    record HealthDocument(String status, String version, String uptime) {
        /** Null when the body is not a JSON object. */
        static HealthDocument parse(String body) {
            if (body == null || body.isBlank() || !body.stripLeading().startsWith("{")) {
                return null;
            }
            String status = null;
            String version = null;
            String uptime = null;
            try (JsonParser p = JSON_TOKENS.createParser(body)) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    return null;
                }
                for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                    if (t != JsonToken.FIELD_NAME) {
                        return null;
                    }
                    String name = p.currentName();
                    JsonToken value = p.nextToken();
                    if (value == null) {
                        return null;
                    }
                    String text = value.isScalarValue() && value != JsonToken.VALUE_NULL ? p.getText() : null;
                    if (value.isStructStart()) {
                        p.skipChildren();
                    }
                    switch (name) {
                        case "status" -> status = text;
                        case "version" -> version = text;
                        case "uptime" -> uptime = text;
                        default -> { }
                    }
                }
                return new HealthDocument(status, version, uptime);
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }
    }

    private static String summarise(String status, String version, String uptime) {
        List<String> parts = new ArrayList<>();
        parts.add("status=" + (status == null ? "(none)" : status));
        if (version != null) parts.add("version=" + version);
        if (uptime != null) parts.add("uptime=" + uptime);
        return String.join(" ", parts);
    }

    private static String firstLine(String body) {
        String line = body.strip().lines().findFirst().orElse("");
        return line.length() > 120 ? line.substring(0, 120) + "…" : line;
    }
}
