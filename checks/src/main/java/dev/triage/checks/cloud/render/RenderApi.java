package dev.triage.checks.cloud.render;

import com.fasterxml.jackson.databind.JsonNode;
import dev.triage.checks.cloud.CloudApiException;
import dev.triage.checks.cloud.CloudFailure;
import dev.triage.checks.cloud.RestApi;
import dev.triage.config.CloudSettings;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The few Render REST API calls Triage makes (service, deploys, env var names, suspend, resume). */
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

    /** The service: its name and whether it is suspended. */
    public record Service(String id, String name, boolean suspended, String url) {
    }

    private final RestApi rest;

    public RenderApi(RestApi rest) {
        this.rest = Objects.requireNonNull(rest, "rest");
    }

    public Service service(CloudSettings.Render r, Duration timeout) throws CloudApiException {
        JsonNode s = rest.get(url(r, ""), r.apiKey(), timeout, HINTS);
        String suspended = s.path("suspended").asText("");
        return new Service(s.path("id").asText(r.serviceId()), s.path("name").asText(r.serviceId()),
                suspended.equals("suspended"), s.path("serviceDetails").path("url").asText(null));
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

    /** The names of the service's env vars (values are dropped as they are read). */
    public List<String> envVarNames(CloudSettings.Render r, Duration timeout) throws CloudApiException {
        List<String> names = new ArrayList<>();
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
                    names.add(v.get("key").asText());
                }
                cursor = item.path("cursor").asText(null);
            }
            if (list.size() < 100 || cursor == null) {
                break;
            }
        }
        return names;
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
        String base = r.baseUrl().toString();
        base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        return URI.create(base + "/services/" + enc(r.serviceId()) + rest);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
