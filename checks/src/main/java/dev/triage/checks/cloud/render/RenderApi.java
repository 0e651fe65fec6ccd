package dev.triage.checks.cloud.render;

import com.fasterxml.jackson.databind.JsonNode;
import dev.triage.checks.cloud.CloudApiException;
import dev.triage.checks.cloud.CloudFailure;
import dev.triage.checks.cloud.RestApi;
import dev.triage.config.CloudSettings;
import dev.triage.config.Placeholders;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;

/** The few Render REST API calls Triage makes (service, deploys, env vars, logs, suspend, resume). */
public final class RenderApi {
    static final RestApi.Hints HINTS = new RestApi.Hints("Render",
            "create a new API key in Render (Account Settings → API Keys) and set it where cloud.render.api_key points (e.g. RENDER_API_KEY)",
            "use an API key of a member of the workspace that owns the service");

    /** A deploy: its id and status ({@code live}, {@code build_failed}, {@code update_in_progress}, …). */
    public record Deploy(String id, String status, String commit, String finishedAt) {
        public boolean failed() {
            return status != null && (status.endsWith("_failed") || status.equals("canceled"));
        }

        public boolean live() {
            return "live".equals(status);
        }
    }

    /** The service: its name, whether it is suspended, and the workspace that owns it (what the logs API asks for). */
    public record Service(String id, String name, boolean suspended, String url, String ownerId) {
    }

    /**
     * One env var of the service: its name and, when its value looks unfilled, why ({@code empty}, {@code a
     * placeholder (your-…)}) by {@link Placeholders}' rules; null when it looks real. The value itself is not kept.
     */
    public record EnvVar(String name, String unfilled) {
    }

    /** One line of the service's log. */
    public record LogLine(Instant timestamp, String message) {
    }

    /** The most lines one logs request may ask for. */
    public static final int MAX_LOG_LINES = 100;

    private final RestApi rest;

    public RenderApi(RestApi rest) {
        this.rest = Objects.requireNonNull(rest, "rest");
    }

    public Service service(CloudSettings.Render r, Duration timeout) throws CloudApiException {
        JsonNode s = rest.get(url(r, ""), r.apiKey(), timeout, HINTS);
        String suspended = s.path("suspended").asText("");
        return new Service(s.path("id").asText(r.serviceId()), s.path("name").asText(r.serviceId()),
                suspended.equals("suspended"), s.path("serviceDetails").path("url").asText(null), s.path("ownerId").asText(null));
    }

    /** The newest deploy, or null when the service never deployed. */
    public Deploy latestDeploy(CloudSettings.Render r, Duration timeout) throws CloudApiException {
        JsonNode list = rest.get(url(r, "/deploys?limit=1"), r.apiKey(), timeout, HINTS);
        if (!list.isArray() || list.isEmpty()) {
            return null;
        }
        return deploy(list.get(0).has("deploy") ? list.get(0).get("deploy") : list.get(0));
    }

    public Deploy deploy(CloudSettings.Render r, String deployId, Duration timeout) throws CloudApiException {
        return deploy(rest.get(url(r, "/deploys/" + enc(deployId)), r.apiKey(), timeout, HINTS));
    }

    /**
     * The service's env vars by name, each judged for an unfilled value as it is read; {@code values} is told each
     * name and value (only so that the redaction filter can learn the secret ones) and nothing else keeps the value.
     */
    public List<EnvVar> envVars(CloudSettings.Render r, Duration timeout, BiConsumer<String, String> values) throws CloudApiException {
        List<EnvVar> vars = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 20; page++) {
            JsonNode list = rest.get(url(r, "/env-vars?limit=100" + (cursor == null ? "" : "&cursor=" + enc(cursor))),
                    r.apiKey(), timeout, HINTS);
            if (!list.isArray() || list.isEmpty()) {
                break;
            }
            for (JsonNode item : list) {
                JsonNode v = item.has("envVar") ? item.get("envVar") : item;
                if (v.hasNonNull("key")) {
                    String name = v.get("key").asText();
                    String value = v.path("value").asText("");
                    values.accept(name, value);
                    vars.add(new EnvVar(name, Placeholders.problem(value).orElse(null)));
                }
                cursor = item.path("cursor").asText(null);
            }
            if (list.size() < 100 || cursor == null) {
                break;
            }
        }
        return vars;
    }

    /**
     * The service's latest application log lines, oldest first: {@code GET /logs?ownerId=…&resource=…&direction=backward}
     * (Render's logs API is by workspace, so the owner comes from {@link Service#ownerId()}).
     *
     * @param limit at most {@link #MAX_LOG_LINES}
     */
    public List<LogLine> logs(CloudSettings.Render r, String ownerId, int limit, Duration timeout) throws CloudApiException {
        if (ownerId == null || ownerId.isBlank()) {
            throw new CloudApiException(CloudFailure.PROVIDER, "Render API named no owner (workspace) for service " + r.serviceId()
                    + ", so its logs can't be asked for");
        }
        int n = Math.max(1, Math.min(limit, MAX_LOG_LINES));
        JsonNode json = rest.get(URI.create(base(r) + "/logs?ownerId=" + enc(ownerId) + "&resource=" + enc(r.serviceId())
                + "&type=app&direction=backward&limit=" + n), r.apiKey(), timeout, HINTS);
        JsonNode logs = json.path("logs");
        if (!logs.isArray()) {
            throw new CloudApiException(CloudFailure.PROVIDER, "Render API answered the logs request without \"logs\"");
        }
        List<LogLine> out = new ArrayList<>();
        for (JsonNode l : logs) {
            out.add(new LogLine(instant(l.path("timestamp").asText(null)), l.path("message").asText("")));
        }
        // Asked backward (newest first); judged oldest first, as a journal reads.
        out.sort(Comparator.comparing(LogLine::timestamp, Comparator.nullsFirst(Comparator.naturalOrder())));
        return out;
    }

    /** Starts a deploy of the latest commit; answers the new deploy. */
    public Deploy triggerDeploy(CloudSettings.Render r, Duration timeout) throws CloudApiException {
        JsonNode d = rest.post(url(r, "/deploys"), r.apiKey(), "{\"clearCache\":\"do_not_clear\"}", timeout, HINTS);
        Deploy deploy = deploy(d);
        if (deploy.id() == null) {
            throw new CloudApiException(CloudFailure.PROVIDER, "Render API accepted the deploy but named no deploy id");
        }
        return deploy;
    }

    public void suspend(CloudSettings.Render r, Duration timeout) throws CloudApiException {
        rest.post(url(r, "/suspend"), r.apiKey(), null, timeout, HINTS);
    }

    public void resume(CloudSettings.Render r, Duration timeout) throws CloudApiException {
        rest.post(url(r, "/resume"), r.apiKey(), null, timeout, HINTS);
    }

    private static Deploy deploy(JsonNode d) {
        return new Deploy(d.path("id").asText(null), d.path("status").asText(null),
                d.path("commit").path("id").asText(null), d.path("finishedAt").asText(null));
    }

    private static URI url(CloudSettings.Render r, String rest) {
        return URI.create(base(r) + "/services/" + enc(r.serviceId()) + rest);
    }

    private static String base(CloudSettings.Render r) {
        String base = r.baseUrl().toString();
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    private static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
